import { describe, expect, it } from "vitest";
import { KeyedMutex } from "../services/connections/refresh-lock";
import { ensureAccessToken, needsRefresh, withTokenRetry, type RefreshGrant } from "./token-refresh";
import { VendorError, type OAuthClient, type TokenSet, type TokenStore } from "./types";

const NOW = Date.parse("2026-05-01T10:00:00Z");
const client: OAuthClient = { clientId: "c", clientSecret: "s", redirectUri: "https://app/cb" };

/** A TokenStore in memory with the same contract as the database one (versioned save, a lock). */
function memoryStore(initial: TokenSet) {
  const state = { tokens: initial, version: 0, saves: 0 };
  const mutex = new KeyedMutex();
  const store: TokenStore = {
    load: async () => ({ tokens: { ...state.tokens }, version: state.version, client }),
    saveRotated: async (tokens, expected) => {
      if (state.version !== expected) return false;
      state.tokens = tokens;
      state.version += 1;
      state.saves += 1;
      return true;
    },
    withRefreshLock: (fn) => mutex.run("c1", fn),
  };
  return { store, state };
}

/** A vendor that rotates like Miro: each refresh token works once. */
function rotatingVendor() {
  let n = 0;
  const valid = new Set(["r0"]);
  const calls: string[] = [];
  const refresh: RefreshGrant = async (_client, refreshToken) => {
    calls.push(refreshToken);
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (!valid.delete(refreshToken)) throw new VendorError("Invalid refresh token", 401, "oauthError");
    n += 1;
    valid.add(`r${n}`);
    return { accessToken: `a${n}`, refreshToken: `r${n}`, accessTokenExpiresAt: new Date(NOW + 3_599_000), scopes: ["organizations:read"] };
  };
  return { refresh, calls };
}

const ctx = { vendorName: "Miro", now: () => NOW };
const expiring = (msFromNow: number): TokenSet => ({ accessToken: "a0", refreshToken: "r0", accessTokenExpiresAt: new Date(NOW + msFromNow), scopes: [] });

describe("needsRefresh", () => {
  it("is true within the minimum validity and never for a token without expiry", () => {
    expect(needsRefresh(expiring(119_000), 120_000, NOW)).toBe(true);
    expect(needsRefresh(expiring(121_000), 120_000, NOW)).toBe(false);
    expect(needsRefresh({ accessToken: "a", scopes: [] }, 120_000, NOW)).toBe(false);
  });
});

describe("ensureAccessToken", () => {
  it("returns a token that stays valid long enough without refreshing", async () => {
    const { store } = memoryStore(expiring(10 * 60_000));
    const vendor = rotatingVendor();
    expect(await ensureAccessToken(store, vendor.refresh, {}, ctx)).toBe("a0");
    expect(vendor.calls).toEqual([]);
  });

  it("refreshes a token that expires within 2 minutes and saves the rotated pair", async () => {
    const { store, state } = memoryStore(expiring(60_000));
    const vendor = rotatingVendor();
    expect(await ensureAccessToken(store, vendor.refresh, {}, ctx)).toBe("a1");
    expect(state).toMatchObject({ version: 1, tokens: { accessToken: "a1", refreshToken: "r1" } });
  });

  it("refreshes once for many concurrent callers, forced or stale", async () => {
    for (const options of [{ force: true }, {}]) {
      const { store, state } = memoryStore(expiring(options.force ? 3_000_000 : 1000));
      const vendor = rotatingVendor();
      const tokens = await Promise.all(Array.from({ length: 5 }, () => ensureAccessToken(store, vendor.refresh, options, ctx)));
      expect(vendor.calls).toEqual(["r0"]);
      expect(tokens).toEqual(["a1", "a1", "a1", "a1", "a1"]);
      expect(state.version).toBe(1);
    }
  });

  it("with force, uses a token someone else already put in place of the refused one", async () => {
    const { store, state } = memoryStore(expiring(3_000_000));
    const vendor = rotatingVendor();
    await ensureAccessToken(store, vendor.refresh, { force: true, rejectedAccessToken: "a0" }, ctx);
    expect(await ensureAccessToken(store, vendor.refresh, { force: true, rejectedAccessToken: "a0" }, ctx)).toBe("a1");
    expect(vendor.calls).toEqual(["r0"]);
    expect(await ensureAccessToken(store, vendor.refresh, { force: true, rejectedAccessToken: "a1" }, ctx)).toBe("a2");
    expect(state.version).toBe(2);
  });

  it("uses the stored winner when saveRotated loses the race", async () => {
    const { store, state } = memoryStore(expiring(1000));
    const winner: TokenSet = { accessToken: "winner", refreshToken: "rw", scopes: [] };
    const refresh: RefreshGrant = async () => {
      // Another writer that ignored the lock saves first.
      await store.saveRotated(winner, state.version);
      return { accessToken: "late", refreshToken: "rl", scopes: [] };
    };
    expect(await ensureAccessToken(store, refresh, {}, ctx)).toBe("winner");
    expect(state.tokens.accessToken).toBe("winner");
  });

  it("never refreshes a non-expiring token, and asks to reconnect when the vendor refuses it", async () => {
    const { store } = memoryStore({ accessToken: "forever", scopes: [] });
    const vendor = rotatingVendor();
    expect(await ensureAccessToken(store, vendor.refresh, { minValidityMs: 10 ** 12 }, ctx)).toBe("forever");
    const error = await ensureAccessToken(store, vendor.refresh, { force: true }, ctx).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VendorError);
    expect((error as Error).message).toMatch(/no refresh token.*Run Create and Get OAuth Token again/);
    expect(vendor.calls).toEqual([]);
  });

  it("turns a refused refresh into a sentence with the vendor's words", async () => {
    const { store, state } = memoryStore({ ...expiring(1000), refreshToken: "spent" });
    const vendor = rotatingVendor();
    const error = await ensureAccessToken(store, vendor.refresh, {}, ctx).catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      'Miro refused to renew the OAuth token: "Invalid refresh token". The refresh token was revoked, expired or already used. Run Create and Get OAuth Token again on the connection to reconnect.',
    );
    expect(state.version).toBe(0);
  });
});

describe("withTokenRetry", () => {
  const unauthorized = () => new VendorError("Access token is invalid or expired", 401, "oauthError");

  it("renews the token once after a 401 and retries once", async () => {
    const { store } = memoryStore(expiring(3_000_000));
    const vendor = rotatingVendor();
    const seen: string[] = [];
    const result = await withTokenRetry(
      (o) => ensureAccessToken(store, vendor.refresh, o ?? {}, ctx),
      async (token) => {
        seen.push(token);
        if (token === "a0") throw unauthorized();
        return "ok";
      },
      { rejectedAgain: () => new Error("again") },
    );
    expect(result).toBe("ok");
    expect(seen).toEqual(["a0", "a1"]);
    expect(vendor.calls).toEqual(["r0"]);
  });

  it("fails with the caller's sentence when the renewed token is refused too", async () => {
    const { store } = memoryStore(expiring(3_000_000));
    const vendor = rotatingVendor();
    let attempts = 0;
    const error = await withTokenRetry(
      (o) => ensureAccessToken(store, vendor.refresh, o ?? {}, ctx),
      async () => {
        attempts += 1;
        throw unauthorized();
      },
      { rejectedAgain: (e) => new Error(`Refused again: ${e.message}`) },
    ).catch((e: unknown) => e);
    expect((error as Error).message).toBe("Refused again: Access token is invalid or expired");
    expect(attempts).toBe(2);
    expect(vendor.calls).toEqual(["r0"]);
  });

  it("does not refresh for other errors", async () => {
    const { store } = memoryStore(expiring(3_000_000));
    const vendor = rotatingVendor();
    const error = await withTokenRetry(
      (o) => ensureAccessToken(store, vendor.refresh, o ?? {}, ctx),
      async () => {
        throw new VendorError("Forbidden", 403);
      },
      { rejectedAgain: () => new Error("again") },
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 403 });
    expect(vendor.calls).toEqual([]);
  });
});

describe("a rotated pair that fails to save", () => {
  it("is saved again, and the run goes on with it", async () => {
    const { store, state } = memoryStore(expiring(60_000));
    const vendor = rotatingVendor();
    let failures = 2;
    const flaky: TokenStore = {
      ...store,
      saveRotated: async (tokens, expected) => {
        if (failures-- > 0) throw new Error("connection terminated unexpectedly");
        return store.saveRotated(tokens, expected);
      },
    };
    expect(await ensureAccessToken(flaky, vendor.refresh, {}, { ...ctx, saveRetryDelaysMs: [1, 1] })).toBe("a1");
    expect(vendor.calls).toEqual(["r0"]);
    expect(state.tokens.refreshToken).toBe("r1");
  });

  it("that never saves says so: the vendor retired the old pair, reconnect", async () => {
    const { store, state } = memoryStore(expiring(60_000));
    const vendor = rotatingVendor();
    const broken: TokenStore = {
      ...store,
      saveRotated: async () => {
        throw new Error("connection terminated unexpectedly");
      },
    };
    const error = (await ensureAccessToken(broken, vendor.refresh, {}, { ...ctx, saveRetryDelaysMs: [1, 1] }).catch((e: unknown) => e)) as VendorError;
    expect(error).toBeInstanceOf(VendorError);
    expect(error.message).toContain("Miro issued a new OAuth token pair, but saving it failed 3 times (connection terminated unexpectedly)");
    expect(error.message).toContain("Run Create and Get OAuth Token again");
    expect(vendor.calls).toEqual(["r0"]);
    expect(state.tokens.refreshToken).toBe("r0");
  });
});
