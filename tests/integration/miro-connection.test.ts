import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startMiroSimulator, type MiroSimulator } from "@/e2e/miro-simulator/server";
import { openDb, type Db, type DbHandle } from "@/lib/db/client";
import { auditLog, connectionAliases, connections } from "@/lib/db/schema";
import { createMiroAdapter, type MiroAdapter } from "@/lib/integrations/miro/adapter";
import { parseMiroSettings } from "@/lib/integrations/miro/settings";
import type { TokenStore } from "@/lib/integrations/types";
import { VendorError } from "@/lib/integrations/types";
import { decryptSecret, encryptSecret } from "@/lib/security/secrets";
import { KeyedMutex } from "@/lib/services/connections/refresh-lock";
import { dbTokenStore } from "@/lib/services/connections/token-store";
import { connectToken } from "../helpers/connect-token";
import { simControl } from "../helpers/sim-control";
import { createTestDb, ENGINES, type TestDb } from "../helpers/test-db";

/*
 * A stored Miro connection against the in-process Miro simulator and a real database, on both
 * engines: the encrypted token store, refresh with rotation (also under concurrency), the 401 rule,
 * and Validate Connection. Codes are minted with the simulator's documented control endpoint
 * POST /__sim/authorize (the consent screen itself is exercised in miro-oauth.test.ts) and always
 * exchanged through the adapter, as the OAuth callback does.
 */

const REDIRECT_URI = "http://localhost:3000/api/integrations/miro/oauth/callback";
const ALIAS = "miro_spoke.Miro_Enterprise";
const HOUR = 3_600_000;

type LoggedRequest = { method: string; path: string; status: number; query: Record<string, string>; body?: Record<string, string> };

describe.each(ENGINES)("Miro connection on %s", (engine) => {
  let t: TestDb;
  let sim: MiroSimulator;
  let adapter: MiroAdapter;
  /** How far OpenSAM's clock is ahead of real time; the simulator's clock is moved separately. */
  let localOffset = 0;
  /** A second handle on the same database, as a second process would have (PGlite: the same one). */
  let secondHandle: DbHandle | undefined;
  let db2: Db;
  const key = randomBytes(32).toString("base64");

  const control = <T = unknown>(method: string, path: string, body?: unknown) => simControl<T>(sim, method, path, body);

  /** Moves Miro's clock, and OpenSAM's too unless `local` is false (a token Miro expired early). */
  async function advance(ms: number, { local = true } = {}) {
    await control("POST", "/clock", { advanceMs: ms });
    if (local) localOffset += ms;
  }

  const requests = (path: string) => control<LoggedRequest[]>("GET", `/requests?path=${encodeURIComponent(path)}`);
  const refreshCalls = async () => (await requests("/v1/oauth/token")).filter((r) => r.body?.grant_type === "refresh_token");

  /** Whether Miro accepts an access token right now. */
  async function accepted(accessToken: string): Promise<boolean> {
    const res = await fetch(`${sim.url}/v1/oauth-token`, { headers: { authorization: `Bearer ${accessToken}` } });
    return res.status === 200;
  }

  /** Authorizes (control API), exchanges the code through the adapter, stores the connection. */
  async function connect(options: { clientId?: string; clientSecret?: string; userId?: string } = {}) {
    const { id, tokens } = await connectToken(t.db, { sim, adapter, key, aliasId: ALIAS, redirectUri: REDIRECT_URI, status: "pending", ...options });
    return { id, tokens, store: dbTokenStore(t.db, id, key) };
  }

  const row = async (id: string) => (await t.db.select().from(connections).where(eq(connections.id, id)))[0]!;
  const settings = (input: Record<string, unknown> = {}) => parseMiroSettings(input);

  beforeAll(async () => {
    t = await createTestDb(engine);
    await t.db.insert(connectionAliases).values({ id: ALIAS, name: "Miro Enterprise", vendorId: "miro", kind: "oauth" });
    if (t.kind === "postgres") {
      secondHandle = await openDb({ databaseUrl: t.url });
      db2 = secondHandle.db;
    } else {
      db2 = t.db;
    }
    sim = await startMiroSimulator({ port: 0, members: 40, seed: 23 });
    adapter = createMiroAdapter({
      authorizeBaseUrl: sim.url,
      apiBaseUrl: sim.url,
      scimBaseUrl: `${sim.url}/api/v1/scim`,
      now: () => Date.now() + localOffset,
    });
  });
  afterAll(async () => {
    await sim?.close();
    await secondHandle?.close();
    await t?.dispose();
  });
  beforeEach(async () => {
    await control("POST", "/reset", {});
    localOffset = 0;
  });

  describe("token store", () => {
    it("keeps tokens and the client secret encrypted and loads them decrypted", async () => {
      const { id, tokens, store } = await connect();
      const stored = await row(id);
      for (const [cipher, plain] of [
        [stored.accessTokenEnc, tokens.accessToken],
        [stored.refreshTokenEnc, tokens.refreshToken],
        [stored.clientSecretEnc, sim.state.demo.clientSecret],
      ] as const) {
        expect(cipher).toMatch(/^v1\./);
        expect(cipher).not.toContain(plain);
      }
      const loaded = await store.load();
      expect(loaded.version).toBe(0);
      expect(loaded.client).toEqual({ clientId: sim.state.demo.clientId, clientSecret: sim.state.demo.clientSecret, redirectUri: REDIRECT_URI });
      expect(loaded.tokens).toMatchObject({
        accessToken: tokens.accessToken,
        refreshToken: tokens.refreshToken,
        accessTokenExpiresAt: tokens.accessTokenExpiresAt,
        scopes: tokens.scopes,
        userId: sim.state.demo.adminUserId,
      });
    });

    it("saves a rotated pair only over the version it was loaded at", async () => {
      const { id, store } = await connect();
      const next = { accessToken: "a-next", refreshToken: "r-next", accessTokenExpiresAt: new Date(Date.now() + HOUR), scopes: ["organizations:read"] };
      expect(await store.saveRotated(next, 0)).toBe(true);
      expect(await store.saveRotated({ ...next, accessToken: "a-stale" }, 0)).toBe(false);
      const stored = await row(id);
      expect(stored.tokenVersion).toBe(1);
      expect(decryptSecret(stored.accessTokenEnc!, key)).toBe("a-next");
      expect(decryptSecret(stored.refreshTokenEnc!, key)).toBe("r-next");
      expect(stored.lastRefreshedAt).toBeInstanceOf(Date);
    });

    it("says what to do when the connection has no token yet", async () => {
      const [pending] = await t.db
        .insert(connections)
        .values({ aliasId: ALIAS, name: "Miro Enterprise", clientId: "1", redirectUrl: REDIRECT_URI, clientSecretEnc: encryptSecret("s", key) })
        .returning({ id: connections.id });
      const error = await dbTokenStore(t.db, pending!.id, key).load().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(VendorError);
      expect((error as Error).message).toBe("This connection has no OAuth token yet: open it and select Create and Get OAuth Token.");
    });
  });

  describe("refresh", () => {
    it("rotates an expired pair: the new pair works, the old access and refresh tokens are refused", async () => {
      const { id, tokens, store } = await connect();
      await advance(HOUR + 1000);
      expect(await accepted(tokens.accessToken)).toBe(false);

      const fresh = await adapter.oauth.accessToken(store);
      expect(fresh).not.toBe(tokens.accessToken);
      expect(await accepted(fresh)).toBe(true);
      const oldRefresh = await fetch(`${sim.url}/v1/oauth/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: tokens.refreshToken!, client_id: sim.state.demo.clientId, client_secret: sim.state.demo.clientSecret }),
      });
      expect(oldRefresh.status).toBe(401);
      expect(await oldRefresh.json()).toMatchObject({ message: "Invalid refresh token" });

      const stored = await row(id);
      expect(stored.tokenVersion).toBe(1);
      expect(decryptSecret(stored.accessTokenEnc!, key)).toBe(fresh);
      expect(stored.accessTokenExpiresAt!.getTime()).toBeGreaterThan(Date.now() + localOffset + HOUR - 5000);
      // The stored refresh token is the new one: it renews again.
      const again = await adapter.oauth.accessToken(store, { force: true });
      expect(await accepted(again)).toBe(true);
      expect(await accepted(fresh)).toBe(false);
      expect((await row(id)).tokenVersion).toBe(2);
      // Each refresh leaves one audit row, as the system.
      const audit = await t.db.select().from(auditLog).where(and(eq(auditLog.entityId, id), eq(auditLog.action, "connection.token_refresh")));
      expect(audit.map((a) => [a.actorLabel, a.actorId])).toEqual([
        ["Token refresh", null],
        ["Token refresh", null],
      ]);
    });

    it("refreshes a token that expires within 2 minutes, and not one that has longer", async () => {
      const { tokens, store } = await connect();
      await advance(HOUR - 5 * 60_000);
      expect(await adapter.oauth.accessToken(store)).toBe(tokens.accessToken);
      expect(await refreshCalls()).toHaveLength(0);
      await advance(4 * 60_000);
      const fresh = await adapter.oauth.accessToken(store);
      expect(fresh).not.toBe(tokens.accessToken);
      expect(await refreshCalls()).toHaveLength(1);
    });

    it("refreshes once for 5 parallel forced calls through two stores of two 'processes'", async () => {
      const { id, tokens } = await connect();
      const storeA = dbTokenStore(t.db, id, key);
      // Its own in-process queue: only the database lock stands between A and B.
      const storeB = dbTokenStore(db2, id, key, { locks: new KeyedMutex() });
      // Open the pools' connections first, and make Miro's token endpoint as slow as a real network,
      // so that every caller has read version 0 and is waiting while the one refresh is in flight.
      await Promise.all([storeA, storeB, storeA, storeB, storeA].map((s) => s.load()));
      await control("POST", "/faults", { path: "/v1/oauth/token", method: "POST", delayMs: 200, always: true });

      const results = await Promise.all([storeA, storeB, storeA, storeB, storeA].map((s) => adapter.oauth.accessToken(s, { force: true })));
      expect(await refreshCalls()).toHaveLength(1);
      expect(new Set(results).size).toBe(1);
      const [token] = results;
      expect(token).not.toBe(tokens.accessToken);
      expect(await accepted(token!)).toBe(true);
      const stored = await row(id);
      expect(stored.tokenVersion).toBe(1);
      expect(decryptSecret(stored.accessTokenEnc!, key)).toBe(token);
      // The stored refresh token is the one Miro issued with it.
      await adapter.oauth.accessToken(storeB, { force: true });
      expect(await refreshCalls()).toHaveLength(2);
    });

    it("refreshes once for 5 parallel calls that find the token expiring", async () => {
      const { id } = await connect();
      await advance(HOUR);
      const storeA = dbTokenStore(t.db, id, key);
      const storeB = dbTokenStore(db2, id, key, { locks: new KeyedMutex() });
      await control("POST", "/faults", { path: "/v1/oauth/token", method: "POST", delayMs: 200, always: true });
      const results = await Promise.all([storeA, storeB, storeA, storeB, storeA].map((s) => adapter.oauth.accessToken(s)));
      expect(await refreshCalls()).toHaveLength(1);
      expect(new Set(results).size).toBe(1);
      expect(await accepted(results[0]!)).toBe(true);
    });

    it("(control) without the lock the same race spends the refresh token more than once", async () => {
      const { id } = await connect();
      const base = dbTokenStore(t.db, id, key);
      const unlocked: TokenStore = { load: base.load, saveRotated: base.saveRotated, withRefreshLock: (fn) => fn() };
      await control("POST", "/faults", { path: "/v1/oauth/token", method: "POST", delayMs: 200, always: true });
      const outcomes = await Promise.allSettled(Array.from({ length: 5 }, () => adapter.oauth.accessToken(unlocked, { force: true })));
      expect((await refreshCalls()).length).toBeGreaterThan(1);
      expect(outcomes.some((o) => o.status === "rejected")).toBe(true);
    });

    it("on a 401, renews the token once and retries the call once", async () => {
      const { tokens, store } = await connect();
      await control("DELETE", "/requests");
      // Miro ends the token early; OpenSAM still believes it valid.
      await advance(HOUR + 1000, { local: false });
      const page = await adapter.withAccessToken(store, (token) => adapter.client.listMembersPage(token, sim.state.org.id, { limit: 5 }));
      expect(page.data).toHaveLength(5);
      expect(page.cursor).toBe(page.data[4]!.id);
      expect(page.rateLimit.limit).toBe(100_000);
      const log = (await requests("/")).map((r) => `${r.method} ${r.path} ${r.status}`);
      expect(log).toEqual([
        `GET /v2/orgs/${sim.state.org.id}/members 401`,
        "POST /v1/oauth/token 200",
        `GET /v2/orgs/${sim.state.org.id}/members 200`,
      ]);
      expect((await store.load()).tokens.accessToken).not.toBe(tokens.accessToken);
    });

    it("fails with a sentence when the renewed token is refused too", async () => {
      const { store } = await connect();
      await control("POST", "/faults", { path: "/v2/orgs/*/members", method: "GET", status: 401, count: 2 });
      const error = await adapter.withAccessToken(store, (token) => adapter.client.listMembersPage(token, sim.state.org.id)).catch((e: unknown) => e);
      expect((error as Error).message).toBe(
        'Miro refused the OAuth token even after renewing it: "Injected fault" (HTTP 401). The app may have been uninstalled from the team or the token revoked: select Create and Get OAuth Token again on the connection.',
      );
      expect(await refreshCalls()).toHaveLength(1);
    });

    it("never refreshes a non-expiring token, and asks to reconnect when Miro refuses it", async () => {
      const app = await control<{ clientId: string; clientSecret: string }>("POST", "/apps", {
        name: "Non-expiring",
        scopes: ["organizations:read"],
        redirectUris: [REDIRECT_URI],
        expiringTokens: false,
      });
      const { id, tokens, store } = await connect(app);
      expect(tokens.refreshToken).toBeUndefined();
      expect(tokens.accessTokenExpiresAt).toBeUndefined();
      await advance(90 * 24 * HOUR);
      expect(await adapter.oauth.accessToken(store)).toBe(tokens.accessToken);

      await control("POST", "/faults", { path: "/v2/orgs/*/members", method: "GET", status: 401 });
      const error = await adapter.withAccessToken(store, (token) => adapter.client.listMembersPage(token, sim.state.org.id)).catch((e: unknown) => e);
      const sentence =
        "Miro refused the OAuth token, and this connection has no refresh token to renew it with (the app issues non-expiring tokens, which stop working when the app is uninstalled or the token revoked). Run Create and Get OAuth Token again on the connection to reconnect.";
      expect((error as Error).message).toBe(sentence);
      expect(await refreshCalls()).toHaveLength(0);
      expect((await row(id)).lastError).toBe(sentence);
    });

    it("records a failed refresh on the connection and clears it after the next success", async () => {
      const { id, store } = await connect();
      await control("POST", "/faults", { path: "/v1/oauth/token", method: "POST", status: 503 });
      const error = await adapter.oauth.accessToken(store, { force: true }).catch((e: unknown) => e);
      expect(error).toMatchObject({ status: 503, retryable: true });
      expect((error as Error).message).toBe(
        `The OAuth token could not be renewed: Miro answered POST ${sim.url}/v1/oauth/token with HTTP 503: Injected fault. Nothing was changed; try again in a few minutes.`,
      );
      let stored = await row(id);
      expect(stored.lastError).toBe((error as Error).message);
      expect(stored.lastErrorAt).toBeInstanceOf(Date);
      expect(stored.tokenVersion).toBe(0);

      await adapter.oauth.accessToken(store, { force: true });
      stored = await row(id);
      expect(stored).toMatchObject({ lastError: null, lastErrorAt: null, tokenVersion: 1 });
    });

    it("asks to reconnect when Miro refuses the stored refresh token", async () => {
      const { id, tokens, store } = await connect();
      // Another system spent the refresh token (Miro rotates on every use).
      await fetch(`${sim.url}/v1/oauth/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: tokens.refreshToken!, client_id: sim.state.demo.clientId, client_secret: sim.state.demo.clientSecret }),
      });
      const error = await adapter.oauth.accessToken(store, { force: true }).catch((e: unknown) => e);
      const sentence =
        'Miro refused to renew the OAuth token: "Invalid refresh token". The refresh token was revoked, expired or already used. Run Create and Get OAuth Token again on the connection to reconnect.';
      expect((error as Error).message).toBe(sentence);
      expect((await row(id)).lastError).toBe(sentence);
    });
  });

  describe("Validate Connection", () => {
    it("passes the four download checks in order", async () => {
      const { store } = await connect();
      const checks = await adapter.validateDownload(store, settings());
      expect(checks.map((c) => [c.key, c.ok])).toEqual([
        ["token", true],
        ["token_context", true],
        ["organization", true],
        ["members_first_page", true],
      ]);
      expect(checks.every((c) => c.process === "download" && typeof c.durationMs === "number")).toBe(true);
      expect(checks.map((c) => c.label)).toEqual(["OAuth token", "Token context", "Organization", "Members (first page)"]);
      expect(checks[0]!.message).toMatch(/^The OAuth token is valid for another \d+ minutes and is refreshed automatically\.$/);
      expect(checks[1]!.message).toContain(`Organization "${sim.state.org.name}" (${sim.state.org.id})`);
      expect(checks[1]!.message).toContain("organizations:read");
      expect(checks[2]!.message).toBe(`Organization "${sim.state.org.name}", plan company (Enterprise), ${sim.state.org.fullLicensesPurchased} Full licenses purchased.`);
      expect(checks[3]!.message).toMatch(/^The members list answered with 1 member \(more pages follow\)\. Rate limit: \d+ of 100000 credits left this minute\.$/);
      const members = (await requests(`/v2/orgs/${sim.state.org.id}/members`))[0];
      expect(members?.query).toEqual({ limit: "1" });
    });

    it("renews a token Miro no longer accepts and passes, with one refresh", async () => {
      const { store } = await connect();
      await advance(HOUR + 1000, { local: false });
      const checks = await adapter.validateDownload(store, settings());
      expect(checks.every((c) => c.ok)).toBe(true);
      expect(await refreshCalls()).toHaveLength(1);
      const tokenInfo = await requests("/v1/oauth-token");
      expect(tokenInfo.map((r) => r.status)).toEqual([400, 200]);
    });

    it("fails token_context with the permission sentence for an app without organizations:read", async () => {
      const app = await control<{ clientId: string; clientSecret: string }>("POST", "/apps", { name: "Boards only", scopes: ["boards:read"], redirectUris: [REDIRECT_URI] });
      const { store } = await connect(app);
      const checks = await adapter.validateDownload(store, settings());
      expect(checks.map((c) => [c.key, c.ok])).toEqual([
        ["token", true],
        ["token_context", false],
        ["organization", false],
        ["members_first_page", false],
      ]);
      expect(checks[1]!.message).toBe(
        "The token lacks the organizations:read permission (granted: boards:read). In Miro, open the app's settings, tick organizations:read under Permissions, then select Create and Get OAuth Token again and choose Reinstall.",
      );
      expect(checks[2]!.message).toBe("Not run: Token context failed.");
      expect(checks[3]!.message).toBe("Not run: Token context failed.");
      expect(await requests("/v2/")).toHaveLength(0);
    });

    it("fails the organization check with Miro's 403 words for a user who is not a Company Admin", async () => {
      const user = sim.state.members.find((m) => m.active && m.role === "organization_internal_user" && m.teamIds.length > 0);
      const { store } = await connect({ userId: user!.id });
      const checks = await adapter.validateDownload(store, settings());
      expect(checks.map((c) => [c.key, c.ok])).toEqual([
        ["token", true],
        ["token_context", true],
        ["organization", false],
        ["members_first_page", false],
      ]);
      expect(checks[2]!.message).toBe(
        `Miro refused to read organization ${sim.state.org.id}: "You can only use this endpoint if you have the role of a Company Admin" (HTTP 403). The token's user must be a Company Admin of the Enterprise organization and the app needs organizations:read; reconnect as a Company Admin with Create and Get OAuth Token.`,
      );
      expect(checks[3]!.message).toBe("Not run: Organization failed.");
    });

    it("fails the organization check for a plan that is not Enterprise", async () => {
      const { store } = await connect();
      await control("POST", "/faults", {
        path: `/v2/orgs/${sim.state.org.id}`,
        method: "GET",
        status: 200,
        body: { id: sim.state.org.id, name: "Acme Teams", plan: "business", fullLicensesPurchased: 10, type: "organization" },
      });
      const checks = await adapter.validateDownload(store, settings());
      expect(checks[2]).toMatchObject({
        key: "organization",
        ok: false,
        message: 'Organization "Acme Teams" is on Miro\'s "business" plan. Downloading subscriptions needs the Enterprise plan ("company"), the only plan with the organization APIs.',
      });
    });

    it("fails token_context when the token belongs to another organization than the profile's", async () => {
      const { store } = await connect();
      const checks = await adapter.validateDownload(store, settings({ organizationId: "3458764599999999999" }));
      expect(checks[1]!.ok).toBe(false);
      expect(checks[1]!.message).toContain("but the profile downloads organization 3458764599999999999");
    });

    it("fails the token check, and runs nothing else, when the token can be neither used nor renewed", async () => {
      const { store } = await connect();
      await advance(HOUR + 1000);
      await control("POST", "/faults", { path: "/v1/oauth/token", method: "POST", status: 401, body: { status: 401, code: "oauthError", message: "Invalid refresh token", type: "error" } });
      const checks = await adapter.validateDownload(store, settings());
      expect(checks[0]).toMatchObject({ key: "token", ok: false });
      expect(checks[0]!.message).toContain('"Invalid refresh token"');
      expect(checks.slice(1).map((c) => c.message)).toEqual(["Not run: OAuth token failed.", "Not run: OAuth token failed.", "Not run: OAuth token failed."]);
      expect(await requests("/v1/oauth-token")).toHaveLength(0);
    });
  });
});
