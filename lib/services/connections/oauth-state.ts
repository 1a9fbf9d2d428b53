import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db";
import { oauthStates } from "../../db/schema";

/** How long a person has to finish the vendor's consent page. */
export const OAUTH_STATE_TTL_MS = 10 * 60 * 1000;

export const hashState = (state: string) => createHash("sha256").update(state).digest("hex");

/** A new single-use `state`, bound to the person and the connection; only its hash is stored. */
export async function issueOAuthState(
  db: DbOrTx,
  input: { userId: string; connectionId: string; returnPath: string; now?: Date },
): Promise<string> {
  const state = randomBytes(32).toString("base64url");
  const now = input.now ?? new Date();
  await db.insert(oauthStates).values({
    stateHash: hashState(state),
    userId: input.userId,
    connectionId: input.connectionId,
    returnPath: input.returnPath,
    expiresAt: new Date(now.getTime() + OAUTH_STATE_TTL_MS),
  });
  return state;
}

/**
 * Consumes a `state` in one statement: it must exist, be unused, unexpired and belong to this
 * person. A replay, a forgery, an expired state or someone else's state all return null.
 */
export async function consumeOAuthState(db: DbOrTx, state: string, userId: string) {
  const [row] = await db
    .update(oauthStates)
    .set({ consumedAt: sql`now()` })
    .where(
      and(
        eq(oauthStates.stateHash, hashState(state)),
        isNull(oauthStates.consumedAt),
        gt(oauthStates.expiresAt, sql`now()`),
        eq(oauthStates.userId, userId),
      ),
    )
    .returning();
  return row ?? null;
}
