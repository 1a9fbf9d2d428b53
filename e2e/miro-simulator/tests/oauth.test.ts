import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  api,
  authorizeUrl,
  consent,
  control,
  exchangeCode,
  installButtonLabel,
  mintToken,
  oauthToken,
  signIn,
  startSim,
  type Sim,
  type TokenResponse,
} from "./helpers";

let sim: Sim;
const OAUTH_ERROR = (message: string) => ({ status: 401, code: "oauthError", message, type: "error" });

beforeAll(async () => {
  sim = await startSim({ redirectUris: ["https://app.example.com/callback"] });
});
afterAll(async () => {
  await sim.close();
});
beforeEach(async () => {
  await control(sim, "POST", "/reset", {});
});

const redirectUri = () => sim.state.demo.redirectUris[0] ?? "";

describe("authorize and consent", () => {
  it("sends a visitor without a session to the sign-in page and back", async () => {
    const url = authorizeUrl(sim, { state: "s1" });
    const res = await fetch(url, { redirect: "manual" });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get("location") ?? "", sim.url);
    expect(location.pathname).toBe("/login");
    expect(location.searchParams.get("redirect")).toBe(url.slice(sim.url.length));
  });

  it("refuses a wrong password and a deactivated user at sign-in", async () => {
    const bad = await fetch(`${sim.url}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: sim.state.demo.adminEmail, password: "wrong" }),
    });
    expect(bad.status).toBe(401);
    const user = sim.state.members.find((m) => m.role === "organization_internal_user" && m.active);
    await control(sim, "POST", `/members/${user?.id}`, { active: false });
    await expect(signIn(sim, user?.email)).rejects.toThrow(/403/);
  });

  it("shows the app, its scopes and a team select pre-selected from team_id, with an Install button", async () => {
    const cookie = await signIn(sim);
    const team = sim.state.teams[2];
    const res = await fetch(authorizeUrl(sim, { team_id: team?.id ?? "" }), { headers: { cookie } });
    const page = await res.text();
    expect(res.status).toBe(200);
    expect(page).toContain("Install &amp; authorize");
    expect(page).toContain(">OpenSAM<");
    expect(page).toContain("organizations:read");
    expect(page).toContain(`<option value="${team?.id}" selected>`);
    expect(installButtonLabel(page)).toBe("Install");
    expect(page).toContain(">Cancel</button>");
  });

  it("redirects with code, state, client_id and team_id after Install", async () => {
    const cookie = await signIn(sim);
    const team = sim.state.teams[1];
    const { location, status } = await consent(sim, cookie, { state: "xyz 123" }, { teamId: team?.id ?? "" });
    expect(status).toBe(302);
    expect(`${location.origin}${location.pathname}`).toBe(redirectUri());
    expect(location.searchParams.get("code")).toMatch(/^eyJtaXJvLm9yaWdpbiI6ImV1MDEifQ_/);
    expect(location.searchParams.get("state")).toBe("xyz 123");
    expect(location.searchParams.get("client_id")).toBe(sim.state.demo.clientId);
    expect(location.searchParams.get("team_id")).toBe(team?.id);
  });

  it("shows Reinstall for a team the app is installed on, Install for the others", async () => {
    const token = await oauthToken(sim, { team_id: sim.state.teams[0]?.id ?? "" });
    const cookie = await signIn(sim);
    const installedPage = await (await fetch(authorizeUrl(sim, { team_id: token.team_id }), { headers: { cookie } })).text();
    expect(installButtonLabel(installedPage)).toBe("Reinstall");
    expect(installedPage).toContain(`data-installed-teams="[&quot;${token.team_id}&quot;]"`);
    const otherPage = await (await fetch(authorizeUrl(sim, { team_id: sim.state.teams[1]?.id ?? "" }), { headers: { cookie } })).text();
    expect(installButtonLabel(otherPage)).toBe("Install");
  });

  it("answers a redirect URI that is not an exact match with Miro's oauthError", async () => {
    const cookie = await signIn(sim);
    for (const uri of [`${redirectUri()}/`, redirectUri().replace("localhost", "127.0.0.2"), "https://evil.example/cb"]) {
      const page = await fetch(authorizeUrl(sim, { redirect_uri: uri }), { headers: { cookie }, redirect: "manual" });
      expect(page.status).toBe(401);
      expect(await page.text()).toContain("Redirect URI mismatch.");
    }
    const asJson = await fetch(authorizeUrl(sim, { redirect_uri: "https://evil.example/cb" }), { headers: { accept: "application/json" } });
    expect(await asJson.json()).toEqual(OAUTH_ERROR("Redirect URI mismatch."));
  });

  it("redirects Cancel with error=access_denied and the state", async () => {
    const cookie = await signIn(sim);
    const { location } = await consent(sim, cookie, { state: "abc" }, { action: "cancel" });
    expect(location.searchParams.get("error")).toBe("access_denied");
    expect(location.searchParams.get("error_description")).toBeTruthy();
    expect(location.searchParams.get("state")).toBe("abc");
    expect(location.searchParams.get("code")).toBeNull();
  });

  it("can show an error page on Cancel instead (configurable inference)", async () => {
    await control(sim, "POST", "/config", { behaviour: { consentDenial: "error-page" } });
    const cookie = await signIn(sim);
    const { status } = await consent(sim, cookie, { state: "abc" }, { action: "cancel" });
    expect(status).toBe(200);
  });
});

describe("token endpoint", () => {
  async function code(params: Record<string, string> = {}): Promise<string> {
    const cookie = await signIn(sim);
    const { location } = await consent(sim, cookie, params);
    return location.searchParams.get("code") ?? "";
  }

  it.each(["query", "form", "json"] as const)("exchanges a code sent in the %s", async (placement) => {
    const res = await exchangeCode(sim, await code(), {}, placement);
    expect(res.status).toBe(200);
    const body = (await res.json()) as TokenResponse;
    expect(body).toMatchObject({ token_type: "bearer", expires_in: 3599, user_id: sim.state.demo.adminUserId, scope: sim.state.demo.scopes.join(" ") });
    expect(body.access_token).toMatch(/^eyJtaXJvLm9yaWdpbiI6ImV1MDEifQ_/);
    expect(typeof body.refresh_token).toBe("string");
    expect(typeof body.team_id).toBe("string");
  });

  it("merges query and form parameters", async () => {
    const c = await code();
    const res = await fetch(`${sim.url}/v1/oauth/token?grant_type=authorization_code&code=${encodeURIComponent(c)}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ client_id: sim.state.demo.clientId, client_secret: sim.state.demo.clientSecret, redirect_uri: redirectUri() }),
    });
    expect(res.status).toBe(200);
  });

  it("refuses a wrong client secret with 401 oauthError", async () => {
    const res = await exchangeCode(sim, await code(), { client_secret: "not-the-secret" });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ status: 401, code: "oauthError", type: "error" });
  });

  it("accepts a code once", async () => {
    const c = await code();
    expect((await exchangeCode(sim, c)).status).toBe(200);
    const again = await exchangeCode(sim, c);
    expect(again.status).toBe(401);
    expect(await again.json()).toEqual(OAUTH_ERROR("Invalid authorization code"));
  });

  it("expires a code after 10 minutes of simulated time", async () => {
    const fresh = await code();
    await control(sim, "POST", "/clock", { advanceSeconds: 9 * 60 });
    expect((await exchangeCode(sim, fresh)).status).toBe(200);
    const late = await code();
    await control(sim, "POST", "/clock", { advanceSeconds: 10 * 60 + 1 });
    const res = await exchangeCode(sim, late);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual(OAUTH_ERROR("Invalid authorization code"));
  });

  it("refuses a code with a different redirect_uri than the authorize request", async () => {
    const res = await exchangeCode(sim, await code(), { redirect_uri: "https://app.example.com/callback" });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual(OAUTH_ERROR("Redirect URI mismatch."));
  });

  it("rotates on refresh and invalidates both old tokens", async () => {
    const first = await oauthToken(sim);
    const refresh = (token: string) =>
      fetch(`${sim.url}/v1/oauth/token?${new URLSearchParams({ grant_type: "refresh_token", refresh_token: token, client_id: sim.state.demo.clientId, client_secret: sim.state.demo.clientSecret })}`, {
        method: "POST",
      });
    const res = await refresh(first.refresh_token ?? "");
    expect(res.status).toBe(200);
    const second = (await res.json()) as TokenResponse;
    expect(second.access_token).not.toBe(first.access_token);
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second.user_id).toBe(first.user_id);
    expect(second.expires_in).toBe(3599);
    expect((await api(sim, "/v1/oauth-token", first.access_token)).status).toBe(400);
    expect((await api(sim, "/v1/oauth-token", second.access_token)).status).toBe(200);
    const reused = await refresh(first.refresh_token ?? "");
    expect(reused.status).toBe(401);
    expect(await reused.json()).toMatchObject({ status: 401, code: "oauthError" });
  });

  it("ends access tokens after 1 hour and refresh tokens after 60 days", async () => {
    const token = await oauthToken(sim);
    const orgUrl = `/v2/orgs/${sim.state.org.id}`;
    expect((await api(sim, orgUrl, token.access_token)).status).toBe(200);
    await control(sim, "POST", "/clock", { advanceSeconds: 3600 });
    expect((await api(sim, orgUrl, token.access_token)).status).toBe(401);
    await control(sim, "POST", "/clock", { advanceDays: 60 });
    const res = await fetch(`${sim.url}/v1/oauth/token`, {
      method: "POST",
      body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: token.refresh_token ?? "", client_id: sim.state.demo.clientId, client_secret: sim.state.demo.clientSecret }),
    });
    expect(res.status).toBe(401);
  });

  it("gives non-expiring apps neither refresh_token nor expires_in, and tokens that keep working", async () => {
    await control(sim, "POST", "/reset", { expiringTokens: false });
    const token = await oauthToken(sim);
    expect(token).not.toHaveProperty("refresh_token");
    expect(token).not.toHaveProperty("expires_in");
    await control(sim, "POST", "/clock", { advanceDays: 400 });
    expect((await api(sim, `/v2/orgs/${sim.state.org.id}`, token.access_token)).status).toBe(200);
    await control(sim, "POST", "/reset", { expiringTokens: true });
  });

  it("can write user_id and team_id as bare JSON numbers beyond 2^53", async () => {
    await control(sim, "POST", "/config", { behaviour: { numericIdsInTokenResponse: true } });
    const res = await exchangeCode(sim, await code());
    const text = await res.text();
    expect(text).toMatch(new RegExp(`"user_id":${sim.state.demo.adminUserId},`));
    expect(text).toMatch(/"team_id":\d{19},/);
    expect(String((JSON.parse(text) as { user_id: number }).user_id)).not.toBe(sim.state.demo.adminUserId);
  });
});

describe("token context and revoke", () => {
  it("describes the token per §1.7, by header or by query parameter", async () => {
    const token = await oauthToken(sim);
    const byHeader = await api(sim, "/v1/oauth-token", token.access_token);
    const body = await byHeader.json();
    const admin = sim.state.getMember(sim.state.demo.adminUserId);
    expect(body).toEqual({
      type: "oauth-token",
      organization: { type: "organization", name: sim.state.org.name, id: sim.state.org.id },
      team: { type: "team", name: sim.state.teamById.get(token.team_id)?.name, id: token.team_id },
      createdBy: { type: "user", name: admin?.displayName, id: admin?.id },
      user: { type: "user", name: admin?.displayName, id: admin?.id },
      scopes: sim.state.demo.scopes,
    });
    const byQuery = await fetch(`${sim.url}/v1/oauth-token?access_token=${encodeURIComponent(token.access_token)}`);
    expect(await byQuery.json()).toEqual(body);
  });

  it("answers an unknown token with 400 (spec) or 401 when configured", async () => {
    const res = await api(sim, "/v1/oauth-token", "eyJtaXJvLm9yaWdpbiI6ImV1MDEifQ_nope");
    expect(res.status).toBe(400);
    await control(sim, "POST", "/config", { behaviour: { tokenInfoInvalidStatus: 401 } });
    expect((await api(sim, "/v1/oauth-token", "nope")).status).toBe(401);
  });

  it("revokes with v2 (JSON body) and ends the refresh token too", async () => {
    const token = await oauthToken(sim);
    const revoke = (clientSecret: string) =>
      fetch(`${sim.url}/v2/oauth/revoke`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ accessToken: token.access_token, clientId: sim.state.demo.clientId, clientSecret }),
      });
    const wrong = await revoke("wrong-secret");
    expect(wrong.status).toBe(404);
    expect(await wrong.json()).toMatchObject({ status: 404, type: "error" });
    expect((await revoke(sim.state.demo.clientSecret)).status).toBe(204);
    expect((await api(sim, "/v1/oauth-token", token.access_token)).status).toBe(400);
    const refreshed = await fetch(`${sim.url}/v1/oauth/token`, {
      method: "POST",
      body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: token.refresh_token ?? "", client_id: sim.state.demo.clientId, client_secret: sim.state.demo.clientSecret }),
    });
    expect(refreshed.status).toBe(401);
    // Revoking does not uninstall the app (§1.8).
    expect(sim.state.installation(sim.state.demo.clientId, token.team_id)).toBeDefined();
  });

  it("revokes with deprecated v1 (token in the URL)", async () => {
    const token = await mintToken(sim);
    const ok = await fetch(`${sim.url}/v1/oauth/revoke?access_token=${encodeURIComponent(token.access_token)}`, { method: "POST" });
    expect(ok.status).toBe(204);
    const again = await fetch(`${sim.url}/v1/oauth/revoke?access_token=${encodeURIComponent(token.access_token)}`, { method: "POST" });
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ status: 400, message: "Failed to revoke token", type: "error" });
  });

  it("records the installation per (client_id, team) when the token is issued", async () => {
    const cookie = await signIn(sim);
    const team = sim.state.teams[2]?.id ?? "";
    const { location } = await consent(sim, cookie, { team_id: team });
    expect(sim.state.installation(sim.state.demo.clientId, team)).toBeUndefined();
    await exchangeCode(sim, location.searchParams.get("code") ?? "");
    const state = await control<{ installations: { clientId: string; teamId: string }[] }>(sim, "GET", "/state");
    expect(state.body.installations).toEqual([expect.objectContaining({ clientId: sim.state.demo.clientId, teamId: team })]);
  });
});
