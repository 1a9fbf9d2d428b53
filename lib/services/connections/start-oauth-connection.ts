import type { z } from "zod";
import { authorizePerson } from "../../auth/actor";
import { connections } from "../../db/schema";
import { env } from "../../env";
import { ServiceError } from "../../errors";
import { getAdapter } from "../../integrations/registry";
import { vault } from "../../security/vault";
import { writeAudit } from "../audit/write-audit";
import type { ServiceContext } from "../context";
import { parseInput } from "../parse-input";
import { getAlias } from "./aliases";
import { startOAuthInput } from "./connection-input";
import { issueOAuthState } from "./oauth-state";

export function oauthRedirectUrl(vendorId: string): string {
  return `${env().APP_URL.replace(/\/$/, "")}/api/integrations/${vendorId}/oauth/callback`;
}

/**
 * **Create and Get OAuth Token**: stores the client id and (encrypted) secret as a pending connection,
 * issues a single-use state bound to this person and connection, and returns the vendor's consent URL.
 */
export async function startOAuthConnection(ctx: ServiceContext, raw: z.input<typeof startOAuthInput>): Promise<{ authorizeUrl: string; connectionId: string }> {
  // The consent comes back to the person who started it, so only a person can start one.
  const person = authorizePerson(ctx.actor, "connections:manage", "create connections");
  const input = parseInput(startOAuthInput, raw);
  const alias = await getAlias(ctx.db, input.aliasId);
  if (alias.kind !== "oauth") throw new ServiceError("invalid_input", "This alias holds an API token, not an OAuth connection.");
  const adapter = getAdapter(alias.vendorId);
  const redirectUri = oauthRedirectUrl(alias.vendorId);
  return ctx.db.transaction(async (tx) => {
    const [connection] = await tx
      .insert(connections)
      .values({
        aliasId: alias.id,
        name: input.name,
        status: "pending",
        clientId: input.clientId,
        clientSecretEnc: vault.encrypt(input.clientSecret),
        redirectUrl: redirectUri,
        createdBy: person.id,
      })
      .returning({ id: connections.id });
    if (!connection) throw new ServiceError("internal", "The connection could not be saved.");
    const state = await issueOAuthState(tx, {
      userId: person.id,
      connectionId: connection.id,
      returnPath: input.returnTo ?? `/connections/${encodeURIComponent(alias.id)}`,
    });
    await writeAudit(tx, ctx.actor, {
      action: "connection.create",
      entityType: "connection",
      entityId: connection.id,
      summary: `Started OAuth for ${input.name} on ${alias.id} (client id ${input.clientId})`,
      after: { aliasId: alias.id, name: input.name, clientId: input.clientId, status: "pending" },
    });
    return { connectionId: connection.id, authorizeUrl: adapter.oauth.authorizeUrl({ clientId: input.clientId, redirectUri, state }) };
  });
}
