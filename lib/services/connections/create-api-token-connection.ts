import type { z } from "zod";
import { actorUserId, authorize } from "../../auth/actor";
import { connections } from "../../db/schema";
import { ServiceError } from "../../errors";
import { vault } from "../../security/vault";
import { writeAudit } from "../audit/write-audit";
import { activateConnection } from "./activate-connection";
import { inTransaction, type ServiceContext } from "../context";
import { parseInput } from "../parse-input";
import { getAlias } from "./aliases";
import { createApiTokenInput } from "./connection-input";

/** The SCIM dialog's **Create**: stores the API token encrypted as the alias's active connection. */
export async function createApiTokenConnection(ctx: ServiceContext, raw: z.input<typeof createApiTokenInput>): Promise<{ connectionId: string }> {
  authorize(ctx.actor, "connections:manage", "create connections");
  const input = parseInput(createApiTokenInput, raw);
  const alias = await getAlias(ctx.db, input.aliasId);
  if (alias.kind !== "api_token") throw new ServiceError("invalid_input", "This alias holds an OAuth connection; use Create and Get OAuth Token.");
  return ctx.db.transaction(async (tx) => {
    const [connection] = await tx
      .insert(connections)
      .values({ aliasId: alias.id, name: input.name, status: "pending", apiTokenEnc: vault.encrypt(input.apiToken), createdBy: actorUserId(ctx.actor) })
      .returning({ id: connections.id });
    if (!connection) throw new ServiceError("internal", "The connection could not be saved.");
    await activateConnection(inTransaction(ctx, tx), { aliasId: alias.id, connectionId: connection.id, values: { tokenObtainedAt: new Date() } });
    await writeAudit(tx, ctx.actor, {
      action: "connection.create",
      entityType: "connection",
      entityId: connection.id,
      summary: `Created ${input.name} on ${alias.id} (API token stored encrypted)`,
      after: { aliasId: alias.id, name: input.name, status: "active" },
    });
    return { connectionId: connection.id };
  });
}
