import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "./client";

/** First key of OpenSAM's two-key advisory locks: "OSam" in ASCII (pg-boss uses the one-key form, a separate key space). */
export const ADVISORY_NAMESPACE = 0x4f53616d;

/**
 * Takes a transaction-level advisory lock named `name` (released at commit or rollback), so that
 * work which reads, decides and writes across several rows runs one at a time in every process.
 * Works on PostgreSQL and on PGlite.
 */
export async function lockForTransaction(tx: DbOrTx, name: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${sql.raw(String(ADVISORY_NAMESPACE))}, hashtext(${name}))`);
}
