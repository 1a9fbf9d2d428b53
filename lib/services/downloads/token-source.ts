import "server-only";
import { DEFAULT_MIN_VALIDITY_MS } from "../../integrations/token-refresh";
import type { TokenStore, VendorAdapter } from "../../integrations/types";
import type { TokenSource } from "./fetch-page";

/*
 * The run's access token. Read from the store once and kept, so that 1,000 pages do not decrypt the
 * connection 1,000 times; renewed through the adapter (under the store's refresh lock, rotation
 * persisted) when it expires within 2 minutes (product.md §4.1) or when the vendor refuses it.
 */
export function runTokenSource(adapter: Pick<VendorAdapter, "oauth">, store: TokenStore, now: () => number): TokenSource {
  let token: string | undefined;
  let expiresAt: number | undefined;

  async function adopt(options: { force?: boolean; rejectedAccessToken?: string } = {}): Promise<string> {
    await adapter.oauth.accessToken(store, options);
    // The store holds the freshest pair (ours, or the one a concurrent caller saved).
    const loaded = await store.load();
    token = loaded.tokens.accessToken;
    expiresAt = loaded.tokens.accessTokenExpiresAt?.getTime();
    return token;
  }

  return {
    async current() {
      if (token === undefined || (expiresAt !== undefined && expiresAt - now() <= DEFAULT_MIN_VALIDITY_MS)) return adopt();
      return token;
    },
    renew(rejected) {
      return adopt({ force: true, rejectedAccessToken: rejected });
    },
  };
}
