import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "../../db";
import { connectionAliases, connections } from "../../db/schema";

const START_AGAIN = "Start again with Create and Get OAuth Token.";

/**
 * What became of a connection after **Create and Get OAuth Token** (or **Create**), read from the
 * database: the callback puts only the connection id in the URL, so a forged link cannot make a
 * banner say anything we did not store.
 */
export type ConnectionOutcome =
  | { kind: "success"; message: string }
  | { kind: "error"; message: string }
  | { kind: "info"; message: string };

export async function connectionOutcome(db: DbOrTx, connectionId: string): Promise<ConnectionOutcome | null> {
  if (!z.uuid().safeParse(connectionId).success) return null;
  const [c] = await db
    .select({
      name: connections.name,
      status: connections.status,
      aliasId: connections.aliasId,
      kind: connectionAliases.kind,
      tokenContext: connections.tokenContext,
      lastError: connections.lastError,
      hasAccessToken: sql<boolean>`${connections.accessTokenEnc} is not null`,
      hasApiToken: sql<boolean>`${connections.apiTokenEnc} is not null`,
    })
    .from(connections)
    .innerJoin(connectionAliases, eq(connectionAliases.id, connections.aliasId))
    .where(eq(connections.id, connectionId))
    .limit(1);
  if (!c) return { kind: "error", message: `This connection no longer exists. ${START_AGAIN}` };
  if (c.status === "active" && c.kind === "oauth" && c.hasAccessToken) {
    const ctx = c.tokenContext ?? {};
    const org = ctx.organizationName ?? ctx.organizationId;
    const team = ctx.teamName ?? ctx.teamId;
    const where = org ? ` for the organization ${org}${team ? ` (team ${team})` : ""}` : team ? ` for the team ${team}` : "";
    return { kind: "success", message: `OAuth token available${where}.` };
  }
  if (c.status === "active" && c.kind === "api_token" && c.hasApiToken) {
    return { kind: "success", message: `API token stored encrypted: ${c.name} is the active connection of ${c.aliasId}.` };
  }
  if (c.lastError) return { kind: "error", message: c.lastError };
  if (c.status === "inactive") return { kind: "info", message: `${c.name} has been replaced by a newer connection.` };
  return { kind: "error", message: `The authorization of ${c.name} was not completed. ${START_AGAIN}` };
}
