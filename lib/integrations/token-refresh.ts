import "server-only";
import { VendorError, type OAuthClient, type TokenSet, type TokenStore } from "./types";

/*
 * Vendor-agnostic OAuth token upkeep: when to refresh, refreshing under the store's lock so that a
 * rotating vendor (Miro invalidates the old pair on every refresh, miro-api.md §1.6) never sees two
 * refreshes of one connection, and the "401 → refresh once → retry once" rule of product.md §4.
 */

/** Refresh when the access token expires within this long (Miro's SDKs use the same 120 s). */
export const DEFAULT_MIN_VALIDITY_MS = 120_000;

export type AccessTokenOptions = {
  minValidityMs?: number;
  /**
   * Refresh even if the token looks valid: the vendor just refused it. Pass `rejectedAccessToken`
   * with it; without it, "nobody refreshed meanwhile" is judged from the version this call reads
   * first, so a caller that starts after another's refresh committed refreshes once more.
   */
  force?: boolean;
  /**
   * With `force`: the token the vendor refused. If the stored token is already another one, someone
   * refreshed since the failed call and that token is used instead of refreshing again.
   */
  rejectedAccessToken?: string;
};

export type RefreshGrant = (client: OAuthClient, refreshToken: string) => Promise<TokenSet>;

export type RefreshContext = {
  /** e.g. "Miro": names the vendor in sentences. */
  vendorName: string;
  /** The clock; injected in tests. */
  now?: () => number;
  /** Waits between two tries to save a rotated pair; injected in tests. Default 250 ms, then 1 s. */
  saveRetryDelaysMs?: readonly number[];
};

const SAVE_RETRY_DELAYS_MS = [250, 1000];

/** Whether the access token expires within `minValidityMs`. A token without expiry never does. */
export function needsRefresh(tokens: TokenSet, minValidityMs: number, nowMs: number): boolean {
  if (!tokens.accessTokenExpiresAt) return false;
  return tokens.accessTokenExpiresAt.getTime() - nowMs <= minValidityMs;
}

const RECONNECT = "Run Create and Get OAuth Token again on the connection to reconnect.";

/**
 * A usable access token for the store's connection.
 *
 * The fast path reads the store once and returns a token that is valid for `minValidityMs` more.
 * Otherwise, inside `store.withRefreshLock`: reload (another worker may have refreshed while this one
 * waited), decide again, refresh, and save with `saveRotated(…, version)`; if that save loses a race
 * it reloads and returns the stored winner. With `force` the refresh happens only if nobody replaced
 * the refused token meanwhile, so N callers that all saw one 401 cause one refresh, not N.
 */
export async function ensureAccessToken(
  store: TokenStore,
  refresh: RefreshGrant,
  options: AccessTokenOptions,
  context: RefreshContext,
): Promise<string> {
  const now = context.now ?? Date.now;
  const minValidityMs = options.minValidityMs ?? DEFAULT_MIN_VALIDITY_MS;
  const first = await store.load();
  if (!options.force && !needsRefresh(first.tokens, minValidityMs, now())) return first.tokens.accessToken;

  return store.withRefreshLock(async () => {
    const current = await store.load();
    let mustRefresh: boolean;
    if (options.force) {
      const replaced =
        options.rejectedAccessToken !== undefined
          ? current.tokens.accessToken !== options.rejectedAccessToken
          : current.version !== first.version;
      mustRefresh = !replaced;
    } else {
      mustRefresh = needsRefresh(current.tokens, minValidityMs, now());
    }
    if (!mustRefresh) return current.tokens.accessToken;

    const refreshToken = current.tokens.refreshToken;
    if (!refreshToken) {
      const expiry = current.tokens.accessTokenExpiresAt;
      throw new VendorError(
        options.force || !expiry
          ? `${context.vendorName} refused the OAuth token, and this connection has no refresh token to renew it with (the app issues non-expiring tokens, which stop working when the app is uninstalled or the token revoked). ${RECONNECT}`
          : `The OAuth token expired at ${expiry.toISOString()} and this connection has no refresh token to renew it with. ${RECONNECT}`,
        401,
        "no_refresh_token",
      );
    }

    let rotated: TokenSet;
    try {
      rotated = await refresh(current.client, refreshToken);
    } catch (error) {
      throw refreshFailure(error, context.vendorName);
    }
    if (await saveRotatedPair(store, rotated, current.version, context)) return rotated.accessToken;
    // Someone saved a pair without holding the lock; theirs is what the store now holds.
    const winner = await store.load();
    return winner.tokens.accessToken;
  });
}

/**
 * Saves a pair the vendor just rotated. The vendor has already invalidated the old pair, so a save
 * that fails (the database was briefly unreachable) is tried again; if it never succeeds the new
 * pair is lost with it, and the error says so rather than blaming the vendor.
 */
async function saveRotatedPair(store: TokenStore, rotated: TokenSet, version: number, context: RefreshContext): Promise<boolean> {
  const delays = context.saveRetryDelaysMs ?? SAVE_RETRY_DELAYS_MS;
  for (let attempt = 0; ; attempt++) {
    try {
      return await store.saveRotated(rotated, version);
    } catch (error) {
      const delay = delays[attempt];
      if (delay === undefined) {
        const why = error instanceof Error ? error.message : String(error);
        throw new VendorError(
          `${context.vendorName} issued a new OAuth token pair, but saving it failed ${attempt + 1} times (${why.replace(/\.$/, "")}). ${context.vendorName} has already retired the previous pair, so this connection cannot renew its token any more. ${RECONNECT}`,
          null,
          "token_save_failed",
          false,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

function refreshFailure(error: unknown, vendorName: string): Error {
  if (!(error instanceof VendorError)) return error instanceof Error ? error : new Error(String(error));
  const words = "vendorMessage" in error && typeof error.vendorMessage === "string" ? error.vendorMessage : error.message;
  if (error.status === 400 || error.status === 401 || error.status === 403) {
    return new VendorError(
      `${vendorName} refused to renew the OAuth token: "${words}". The refresh token was revoked, expired or already used. ${RECONNECT}`,
      error.status,
      error.vendorCode,
      false,
    );
  }
  return new VendorError(
    `The OAuth token could not be renewed: ${error.message} Nothing was changed; try again in a few minutes.`,
    error.status,
    error.vendorCode,
    error.retryable,
  );
}

export type GetAccessToken = (options?: AccessTokenOptions) => Promise<string>;

/**
 * Runs `call` with a valid token; when the vendor refuses the token (`isRejected`, by default a 401),
 * forces one refresh and retries once. A second refusal becomes `rejectedAgain(error)`: a sentence a
 * person can act on rather than a raw 401.
 */
export async function withTokenRetry<T>(
  getToken: GetAccessToken,
  call: (accessToken: string) => Promise<T>,
  options: {
    isRejected?: (error: unknown) => boolean;
    rejectedAgain: (error: VendorError) => Error;
  },
): Promise<T> {
  const isRejected = options.isRejected ?? ((e: unknown) => e instanceof VendorError && e.status === 401);
  const token = await getToken();
  try {
    return await call(token);
  } catch (error) {
    if (!isRejected(error)) throw error;
    const fresh = await getToken({ force: true, rejectedAccessToken: token });
    try {
      return await call(fresh);
    } catch (again) {
      if (isRejected(again) && again instanceof VendorError) throw options.rejectedAgain(again);
      throw again;
    }
  }
}
