import type { Db } from "../../db";
import { connections } from "../../db/schema";
import type { ServiceActor } from "../../auth/actor";
import { assertCan } from "../../auth/permissions";
import { ServiceError } from "../../errors";
import { vault } from "../../security/vault";
import { writeAudit } from "../audit/write-audit";
import { activateConnection } from "./activate-connection";
import { getAlias } from "./aliases";
import type { CreateApiTokenInput } from "./connection-input";

/** The SCIM dialog's **Create**: stores the API token encrypted as the alias's active connection. */
export async function createApiTokenConnection(db: Db, actor: ServiceActor, input: CreateApiTokenInput): Promise<{ connectionId: string }> {
  assertCan(actor, "connections:manage", "create connections");
  const alias = await getAlias(db, input.aliasId);
  if (alias.kind !== "api_token") throw new ServiceError("invalid_input", "This alias holds an OAuth connection; use Create and Get OAuth Token.");
  return db.transaction(async (tx) => {
    const [connection] = await tx
      .insert(connections)
      .values({ aliasId: alias.id, name: input.name, status: "pending", apiTokenEnc: vault.encrypt(input.apiToken), createdBy: actor.id })
      .returning({ id: connections.id });
    if (!connection) throw new ServiceError("internal", "The connection could not be saved.");
    await activateConnection(tx, actor, alias.id, connection.id, { tokenObtainedAt: new Date() });
    await writeAudit(tx, actor, {
      action: "connection.create",
      entityType: "connection",
      entityId: connection.id,
      summary: `Created ${input.name} on ${alias.id} (API token stored encrypted)`,
      after: { aliasId: alias.id, name: input.name, status: "active" },
    });
    return { connectionId: connection.id };
  });
}
