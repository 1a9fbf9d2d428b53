import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { authorize } from "../../auth/actor";
import { connectionAliases, connections } from "../../db/schema";
import type { ServiceContext } from "../context";

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

const inputSchema = z.object({ connectionId: z.uuid() });

/** The banner's sentence for anyone who sees the page it is on; null for an id that is no uuid. */
export async function connectionOutcome(ctx: ServiceContext, raw: z.input<typeof inputSchema>): Promise<ConnectionOutcome | null> {
  authorize(ctx.actor, "workspace:view", "see connections");
  const parsed = inputSchema.safeParse(raw);
  if (!parsed.success) return null;
  const { connectionId } = parsed.data;
  const [c] = await ctx.db
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
