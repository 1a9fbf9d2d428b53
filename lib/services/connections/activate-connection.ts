import { and, eq, ne } from "drizzle-orm";
import { z } from "zod";
import { authorize } from "../../auth/actor";
import type { Tx } from "../../db";
import { connections } from "../../db/schema";
import type { ServiceContext } from "../context";
import { parseInput } from "../parse-input";
import { invalidateProfilesUsingAlias } from "../profiles/return-to-draft";

type ConnectionValues = Partial<typeof connections.$inferInsert>;

const inputSchema = z.object({
  aliasId: z.string().min(1).max(200),
  connectionId: z.uuid(),
  // The stored values come from the calling verb (tokens it just obtained), not from a person.
  values: z.custom<ConnectionValues>((v) => typeof v === "object" && v !== null),
});

/**
 * Makes a connection the alias's active one: the previous one becomes inactive (kept for the audit
 * trail) and the profiles using the alias must be validated again. A step of the verb that stored
 * the connection, so it runs in that verb's transaction (`ctx.db`).
 */
export async function activateConnection(ctx: ServiceContext & { db: Tx }, raw: z.input<typeof inputSchema>): Promise<void> {
  authorize(ctx.actor, "connections:manage", "change connections");
  const { aliasId, connectionId, values } = parseInput(inputSchema, raw);
  const tx = ctx.db;
  await tx
    .update(connections)
    .set({ status: "inactive", updatedAt: new Date() })
    .where(and(eq(connections.aliasId, aliasId), eq(connections.status, "active"), ne(connections.id, connectionId)));
  await tx
    .update(connections)
    .set({ ...values, status: "active", lastError: null, lastErrorAt: null, updatedAt: new Date() })
    .where(eq(connections.id, connectionId));
  await invalidateProfilesUsingAlias(ctx, { aliasId, why: "its connection & credential changed" });
}
