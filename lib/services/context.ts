import type { Actor } from "../auth/actor";
import type { DbOrTx } from "../db";

/**
 * What every service verb receives first: the database (or the caller's open transaction) and the
 * one actor it acts for. A verb is `(ctx, input)`: it checks the actor's permission first (reads
 * included), parses its own input with zod, and writes its audit row in its transaction.
 */
export type ServiceContext = { db: DbOrTx; actor: Actor };

/** The same context inside a transaction the verb opened; keeps the transaction's type for steps that need one. */
export function inTransaction<T extends DbOrTx>(ctx: ServiceContext, tx: T): ServiceContext & { db: T } {
  return { db: tx, actor: ctx.actor };
}
