import { eq } from "drizzle-orm";
import { z } from "zod";
import { authorizePerson } from "../../auth/actor";
import { connections } from "../../db/schema";
import { getAdapter } from "../../integrations/registry";
import { VendorError } from "../../integrations/types";
import { vault } from "../../security/vault";
import { writeAudit } from "../audit/write-audit";
import { inTransaction, type ServiceContext } from "../context";
import { parseInput } from "../parse-input";
import { activateConnection } from "./activate-connection";
import { oauthCallbackQuery } from "./connection-input";
import { consumeOAuthState } from "./oauth-state";

const inputSchema = z.object({
  vendorId: z.string().regex(/^[a-z0-9_]{1,40}$/),
  /** The vendor's answer on the callback URL. */
  query: oauthCallbackQuery,
});

/**
 * `connectionId`: the connection this answer belongs to, when the state identified one. The callback
 * route sends only this id to the page (`?oauth=<id>`), which reads the outcome from the database:
 * the vendor's words never travel in a URL.
 */
export type OAuthOutcome = { ok: boolean; returnPath: string; message: string; connectionId?: string };

const START_AGAIN = "Start again with Create and Get OAuth Token.";

/**
 * The OAuth callback (vendor-agnostic): checks the single-use state against the signed-in person,
 * exchanges the code, reads the token context, refuses a token that cannot download, and stores the
 * tokens encrypted as the alias's active connection. Every failure ends in a sentence that says
 * what to do; nothing half-written is left (the pending connection records the error).
 */
export async function completeOAuth(ctx: ServiceContext, raw: z.input<typeof inputSchema>): Promise<OAuthOutcome> {
  const person = authorizePerson(ctx.actor, "connections:manage", "create connections");
  const { vendorId, query } = parseInput(inputSchema, raw);
  const db = ctx.db;
  const adapter = getAdapter(vendorId);
  if (!query.state) {
    return { ok: false, returnPath: "/connections", message: `The answer from ${adapter.displayName} had no state, so it cannot be trusted. ${START_AGAIN}` };
  }
  const state = await consumeOAuthState(db, query.state, person.id);
  if (!state) {
    return {
      ok: false,
      returnPath: "/connections",
      message: `This authorization answer is not valid for you: it was used already, it is older than 10 minutes, or it was started by someone else. ${START_AGAIN}`,
    };
  }
  const fail = async (message: string): Promise<OAuthOutcome> => {
    await db.update(connections).set({ lastError: message, lastErrorAt: new Date(), updatedAt: new Date() }).where(eq(connections.id, state.connectionId));
    return { ok: false, returnPath: state.returnPath, message, connectionId: state.connectionId };
  };
  if (query.error) {
    const denied = query.error === "access_denied";
    return fail(
      denied
        ? `The app was not installed: consent was declined on ${adapter.displayName}'s page. ${START_AGAIN} and select Install.`
        : `${adapter.displayName} answered with an error: ${query.error_description ?? query.error}. ${START_AGAIN}`,
    );
  }
  if (!query.code) return fail(`The answer from ${adapter.displayName} had no authorization code. ${START_AGAIN}`);

  const [connection] = await db.select().from(connections).where(eq(connections.id, state.connectionId)).limit(1);
  if (!connection?.clientId || !connection.clientSecretEnc || !connection.redirectUrl) {
    return { ok: false, returnPath: state.returnPath, message: `This connection no longer exists. ${START_AGAIN}`, connectionId: state.connectionId };
  }
  try {
    const client = { clientId: connection.clientId, clientSecret: vault.decrypt(connection.clientSecretEnc), redirectUri: connection.redirectUrl };
    const tokens = await adapter.oauth.exchangeCode(client, query.code);
    const context = await adapter.oauth.tokenContext(tokens.accessToken);
    const problem = adapter.oauth.contextProblem(context) ?? (await adapter.oauth.accessProblem?.(tokens.accessToken, context)) ?? null;
    if (problem) return fail(problem);
    await db.transaction(async (tx) => {
      await activateConnection(inTransaction(ctx, tx), {
        aliasId: connection.aliasId,
        connectionId: connection.id,
        values: {
          accessTokenEnc: vault.encrypt(tokens.accessToken),
          refreshTokenEnc: tokens.refreshToken ? vault.encrypt(tokens.refreshToken) : null,
          accessTokenExpiresAt: tokens.accessTokenExpiresAt ?? null,
          refreshTokenExpiresAt: tokens.refreshTokenExpiresAt ?? null,
          tokenObtainedAt: new Date(),
          scopes: context.scopes.length > 0 ? context.scopes : tokens.scopes,
          tokenContext: {
            organizationId: context.organizationId,
            organizationName: context.organizationName,
            teamId: context.teamId ?? tokens.teamId,
            teamName: context.teamName,
            userId: context.userId ?? tokens.userId,
            userName: context.userName,
          },
        },
      });
      await writeAudit(tx, ctx.actor, {
        action: "connection.authorize",
        entityType: "connection",
        entityId: connection.id,
        summary: `OAuth token obtained for ${connection.name} on ${connection.aliasId} (organization ${context.organizationName ?? context.organizationId ?? "unknown"})`,
        after: { organizationId: context.organizationId, teamId: context.teamId, scopes: context.scopes },
      });
    });
    const org = context.organizationName ? ` for the organization ${context.organizationName}` : "";
    return { ok: true, returnPath: state.returnPath, message: `OAuth token available${org}.`, connectionId: connection.id };
  } catch (error) {
    if (error instanceof VendorError) {
      // The adapter's sentence often says already what to do; do not say it twice.
      const advice = /Create and Get OAuth Token/.test(error.message) ? "" : ` ${START_AGAIN}`;
      return fail(`${adapter.displayName} refused: ${error.message}${advice}`);
    }
    throw error;
  }
}
