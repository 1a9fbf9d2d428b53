import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { and, eq, sql } from "drizzle-orm";
import { jobActor } from "../../auth/actor";
import { writeAudit } from "../audit/write-audit";
import type { DbOrTx } from "../../db";
import { lockForTransaction } from "../../db/advisory-lock";
import { connections } from "../../db/schema";
import { ServiceError } from "../../errors";
import { VendorError, type OAuthClient, type TokenSet, type TokenStore } from "../../integrations/types";
import { decryptSecret, encryptSecret } from "../../security/secrets";
import { vault } from "../../security/vault";
import { type KeyedMutex, processRefreshLocks } from "./refresh-lock";

/*
 * The OAuth tokens of one connection, kept encrypted in the `connections` row.
 *
 * Why a lock at all: Miro invalidates the old access AND refresh token on every refresh (miro-api.md
 * §1.6). Two workers refreshing the same connection at once would each spend the same refresh token;
 * the second is refused and, worse, may overwrite the first one's new pair with nothing usable.
 *
 * The lock, in two layers:
 *
 * 1. In the process, a FIFO queue per connection (refresh-lock.ts). Callers wait their turn there,
 *    not in the database, so that one process never holds more than one database connection per
 *    refreshing connection and a pool cannot be exhausted by waiters.
 * 2. In the database, a transaction that takes `pg_advisory_xact_lock(<namespace>, hashtext(id))`
 *    before it reloads the row, and keeps it until the rotated pair is committed. This serializes
 *    refreshes across processes (several Next.js instances, job workers). The advisory lock is used
 *    rather than `select … for update` because it blocks only other refreshers: a person renaming the
 *    connection, the OAuth callback or a status change never waits behind a refresh's HTTP call. It
 *    is released by commit, rollback, or the server closing a dead session, so a crashed worker
 *    cannot leave it held. The two-key form keeps OpenSAM's namespace apart from other users of
 *    advisory locks (pg-boss uses the one-key form; PostgreSQL keeps the two key spaces apart).
 *
 * The same code runs on both engines. PGlite is PostgreSQL compiled to WASM, advisory locks
 * included; it is one connection used by one process, so the database lock is never contended there
 * and the process queue does the serializing. The cost on PGlite: an open transaction holds PGlite's
 * only connection, so other queries of the process wait for the refresh's HTTP call (bounded by the
 * 15 s token-endpoint timeout; it happens about once an hour per connection). And the rule that
 * keeps PGlite from deadlocking: inside the lock, every query must go through the transaction,
 * because a query on the database handle waits for the transaction to end while the transaction
 * waits for that query. `load` and `saveRotated` therefore pick the lock's transaction from an
 * AsyncLocalStorage when they are called from inside `withRefreshLock`.
 *
 * Within the lock, optimistic versioning still applies: `saveRotated` writes only if
 * `token_version` is still the one loaded, so a writer that did not take the lock cannot be
 * overwritten silently.
 */

type Handle = DbOrTx;
type LockContext = { db: Handle; connectionId: string; tx: Handle };
const lockContext = new AsyncLocalStorage<LockContext>();

const TOKEN_REFRESH = jobActor("token-refresh", null, "Token refresh");

export type TokenStoreOptions = {
  /**
   * The in-process queue. Defaults to the process's; a test passes its own to play a second process
   * (then only the database lock stands between the two).
   */
  locks?: KeyedMutex;
};

export type DbTokenStore = TokenStore & { readonly connectionId: string };

/**
 * The TokenStore of one `connections` row. `key` is the base64 AES-256 key; by default the one in
 * the environment (OPENSAM_ENCRYPTION_KEY). Pass the transaction as `db` when calling from inside
 * one: a refresh then runs in a savepoint of it instead of waiting for it.
 */
export function dbTokenStore(db: DbOrTx, connectionId: string, key?: string, options: TokenStoreOptions = {}): DbTokenStore {
  const encrypt = (plaintext: string) => (key ? encryptSecret(plaintext, key) : vault.encrypt(plaintext));
  const decrypt = (ciphertext: string) => (key ? decryptSecret(ciphertext, key) : vault.decrypt(ciphertext));
  const locks = options.locks ?? processRefreshLocks();

  /** The lock's transaction when called from inside this store's `withRefreshLock`, else `db`. */
  const handle = (): Handle => {
    const ctx = lockContext.getStore();
    return ctx && ctx.db === db && ctx.connectionId === connectionId ? ctx.tx : db;
  };

  async function load(): Promise<{ tokens: TokenSet; version: number; client: OAuthClient }> {
    const [row] = await handle()
      .select({
        clientId: connections.clientId,
        redirectUrl: connections.redirectUrl,
        clientSecretEnc: connections.clientSecretEnc,
        accessTokenEnc: connections.accessTokenEnc,
        refreshTokenEnc: connections.refreshTokenEnc,
        accessTokenExpiresAt: connections.accessTokenExpiresAt,
        refreshTokenExpiresAt: connections.refreshTokenExpiresAt,
        scopes: connections.scopes,
        tokenContext: connections.tokenContext,
        tokenVersion: connections.tokenVersion,
      })
      .from(connections)
      .where(eq(connections.id, connectionId))
      .limit(1);
    if (!row) throw new ServiceError("not_found", "This connection & credential no longer exists.");
    if (!row.accessTokenEnc) {
      throw new VendorError("This connection has no OAuth token yet: open it and select Create and Get OAuth Token.", null, "no_token");
    }
    if (!row.clientId || !row.clientSecretEnc || !row.redirectUrl) {
      throw new VendorError(
        "This connection is missing its OAuth Client ID, Client Secret or Redirect URL: create the connection again with Create and Get OAuth Token.",
        null,
        "no_client",
      );
    }
    const tokens: TokenSet = { accessToken: decrypt(row.accessTokenEnc), scopes: row.scopes };
    if (row.refreshTokenEnc) tokens.refreshToken = decrypt(row.refreshTokenEnc);
    if (row.accessTokenExpiresAt) tokens.accessTokenExpiresAt = row.accessTokenExpiresAt;
    if (row.refreshTokenExpiresAt) tokens.refreshTokenExpiresAt = row.refreshTokenExpiresAt;
    if (row.tokenContext.userId) tokens.userId = row.tokenContext.userId;
    if (row.tokenContext.teamId) tokens.teamId = row.tokenContext.teamId;
    return {
      tokens,
      version: row.tokenVersion,
      client: { clientId: row.clientId, clientSecret: decrypt(row.clientSecretEnc), redirectUri: row.redirectUrl },
    };
  }

  async function saveRotated(tokens: TokenSet, expectedVersion: number): Promise<boolean> {
    const updated = await handle()
      .update(connections)
      .set({
        accessTokenEnc: encrypt(tokens.accessToken),
        refreshTokenEnc: tokens.refreshToken ? encrypt(tokens.refreshToken) : null,
        accessTokenExpiresAt: tokens.accessTokenExpiresAt ?? null,
        refreshTokenExpiresAt: tokens.refreshTokenExpiresAt ?? null,
        // A refresh answer without scopes keeps the ones granted at consent.
        ...(tokens.scopes.length > 0 ? { scopes: tokens.scopes } : {}),
        // statement_timestamp, not now(): inside the lock's transaction now() is when the lock was
        // requested, before the refresh call.
        lastRefreshedAt: sql`statement_timestamp()`,
        tokenVersion: sql`${connections.tokenVersion} + 1`,
        lastError: null,
        lastErrorAt: null,
        updatedAt: sql`statement_timestamp()`,
      })
      .where(and(eq(connections.id, connectionId), eq(connections.tokenVersion, expectedVersion)))
      .returning({ id: connections.id });
    if (updated.length !== 1) return false;
    // The refresh is the system acting for whoever needed the token (a download, Validate): one row.
    await writeAudit(handle(), TOKEN_REFRESH, {
      action: "connection.token_refresh",
      entityType: "connection",
      entityId: connectionId,
      summary: "Renewed the OAuth token pair (the vendor rotated both tokens)",
      after: { tokenVersion: expectedVersion + 1, accessTokenExpiresAt: tokens.accessTokenExpiresAt?.toISOString() ?? null },
    });
    return true;
  }

  async function recordError(tx: Handle, error: unknown): Promise<void> {
    const message = error instanceof Error && error.message ? error.message : String(error);
    await tx
      .update(connections)
      .set({ lastError: message.slice(0, 2000), lastErrorAt: sql`statement_timestamp()`, updatedAt: sql`statement_timestamp()` })
      .where(eq(connections.id, connectionId));
  }

  async function withRefreshLock<T>(fn: () => Promise<T>): Promise<T> {
    const ctx = lockContext.getStore();
    // Re-entrant: a refresh that asks for the lock again already holds it.
    if (ctx && ctx.db === db && ctx.connectionId === connectionId) return fn();

    return locks.run(connectionId, async () => {
      let failure: { error: unknown } | undefined;
      let value: T | undefined;
      try {
        await db.transaction(async (tx) => {
          await lockForTransaction(tx, connectionId);
          await lockContext.run({ db, connectionId, tx }, async () => {
            try {
              value = await fn();
            } catch (error) {
              failure = { error };
              // Recorded in the same transaction, which still commits: the failure is what a
              // person sees on the connection until the next successful refresh clears it.
              await recordError(tx, error).catch(() => undefined);
            }
          });
        });
      } catch (txError) {
        // A commit that fails after `fn` failed (e.g. an aborted transaction): fn's error is the
        // one that says what happened.
        if (failure) throw failure.error;
        throw txError;
      }
      if (failure) throw failure.error;
      return value as T;
    });
  }

  return { connectionId, load, saveRotated, withRefreshLock };
}
