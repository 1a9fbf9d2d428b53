import type { Db } from "../../db";
import { connections } from "../../db/schema";
import type { ServiceActor } from "../../auth/actor";
import { assertCan } from "../../auth/permissions";
import { env } from "../../env";
import { ServiceError } from "../../errors";
import { getAdapter } from "../../integrations/registry";
import { vault } from "../../security/vault";
import { writeAudit } from "../audit/write-audit";
import { getAlias } from "./aliases";
import type { StartOAuthInput } from "./connection-input";
import { issueOAuthState } from "./oauth-state";

export function oauthRedirectUrl(vendorId: string): string {
  return `${env().APP_URL.replace(/\/$/, "")}/api/integrations/${vendorId}/oauth/callback`;
}

/**
 * **Create and Get OAuth Token**: stores the client id and (encrypted) secret as a pending connection,
 * issues a single-use state bound to this person and connection, and returns the vendor's consent URL.
 */
export async function startOAuthConnection(db: Db, actor: ServiceActor, input: StartOAuthInput): Promise<{ authorizeUrl: string; connectionId: string }> {
  assertCan(actor, "connections:manage", "create connections");
  const alias = await getAlias(db, input.aliasId);
  if (alias.kind !== "oauth") throw new ServiceError("invalid_input", "This alias holds an API token, not an OAuth connection.");
  const adapter = getAdapter(alias.vendorId);
  const redirectUri = oauthRedirectUrl(alias.vendorId);
  return db.transaction(async (tx) => {
    const [connection] = await tx
      .insert(connections)
      .values({
        aliasId: alias.id,
        name: input.name,
        status: "pending",
        clientId: input.clientId,
        clientSecretEnc: vault.encrypt(input.clientSecret),
        redirectUrl: redirectUri,
        createdBy: actor.id,
      })
      .returning({ id: connections.id });
    if (!connection) throw new ServiceError("internal", "The connection could not be saved.");
    const state = await issueOAuthState(tx, {
      userId: actor.id,
      connectionId: connection.id,
      returnPath: input.returnTo ?? `/connections/${encodeURIComponent(alias.id)}`,
    });
    await writeAudit(tx, actor, {
      action: "connection.create",
      entityType: "connection",
      entityId: connection.id,
      summary: `Started OAuth for ${input.name} on ${alias.id} (client id ${input.clientId})`,
      after: { aliasId: alias.id, name: input.name, clientId: input.clientId, status: "pending" },
    });
    return { connectionId: connection.id, authorizeUrl: adapter.oauth.authorizeUrl({ clientId: input.clientId, redirectUri, state }) };
  });
}
