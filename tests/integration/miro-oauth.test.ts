import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startMiroSimulator, type MiroSimulator } from "@/e2e/miro-simulator/server";
import { createMiroAdapter, type MiroAdapter } from "@/lib/integrations/miro/adapter";
import { VendorError } from "@/lib/integrations/types";
import { simControl } from "../helpers/sim-control";

/*
 * The Miro adapter's OAuth side against the in-process Miro simulator over real HTTP: the consent
 * flow is driven like a browser (sign-in form, cookie, consent form), then the adapter exchanges the
 * code and reads the token context. No database here; see miro-connection.test.ts for the stored
 * connection, refresh and Validate Connection.
 */

let sim: MiroSimulator;
let adapter: MiroAdapter;
const REDIRECT_URI = "http://localhost:3000/api/integrations/miro/oauth/callback";

const control = <T = unknown>(method: string, path: string, body?: unknown) => simControl<T>(sim, method, path, body);

function decode(text: string): string {
  return text.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

function hiddenInputs(html: string): Record<string, string> {
  return Object.fromEntries([...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1] ?? "", decode(m[2] ?? "")]));
}

/**
 * What a person's browser does with the authorize URL: no session → sign-in page → sign in →
 * back to the consent page → Install. Returns the redirect to OpenSAM's callback.
 */
async function consentInBrowser(authorizeUrl: string, who: { email: string; teamId?: string }): Promise<URL> {
  const first = await fetch(authorizeUrl, { redirect: "manual" });
  expect(first.status).toBe(302);
  const loginUrl = new URL(first.headers.get("location") ?? "", sim.url);
  expect(loginUrl.pathname).toBe("/login");

  const loginPage = await (await fetch(loginUrl)).text();
  const signIn = await fetch(`${sim.url}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ ...hiddenInputs(loginPage), email: who.email, password: sim.state.demo.adminPassword }),
  });
  expect(signIn.status).toBe(303);
  const cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const back = new URL(signIn.headers.get("location") ?? "", sim.url);
  expect(back.pathname).toBe("/oauth/authorize");

  const consentRes = await fetch(back, { headers: { cookie } });
  const consentPage = await consentRes.text();
  expect(consentRes.status).toBe(200);
  const selected = /<option value="(\d+)" selected>/.exec(consentPage)?.[1] ?? "";
  const install = await fetch(`${sim.url}/oauth/authorize`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ ...hiddenInputs(consentPage), team_id: who.teamId ?? selected, action: "install" }),
  });
  expect(install.status).toBe(302);
  return new URL(install.headers.get("location") ?? "");
}

async function authorizeAndExchange(options: { clientId?: string; clientSecret?: string; email?: string } = {}) {
  const clientId = options.clientId ?? sim.state.demo.clientId;
  const url = adapter.oauth.authorizeUrl({ clientId, redirectUri: REDIRECT_URI, state: "st-123" });
  const back = await consentInBrowser(url, { email: options.email ?? sim.state.demo.adminEmail });
  const code = back.searchParams.get("code") ?? "";
  const oauthClient = { clientId, clientSecret: options.clientSecret ?? sim.state.demo.clientSecret, redirectUri: REDIRECT_URI };
  return { back, code, oauthClient, tokens: await adapter.oauth.exchangeCode(oauthClient, code) };
}

beforeAll(async () => {
  sim = await startMiroSimulator({ port: 0, members: 40, seed: 11 });
  adapter = createMiroAdapter({ authorizeBaseUrl: sim.url, apiBaseUrl: sim.url, scimBaseUrl: `${sim.url}/api/v1/scim` });
});
afterAll(async () => sim?.close());
beforeEach(async () => {
  await control("POST", "/reset", {});
});

describe("Miro OAuth through the consent screen", () => {
  it("exchanges the code for a rotating token pair and reads who the token acts for", async () => {
    const started = Date.now();
    const { back, tokens } = await authorizeAndExchange();
    expect(`${back.origin}${back.pathname}`).toBe(REDIRECT_URI);
    expect(back.searchParams.get("state")).toBe("st-123");

    expect(tokens.accessToken).toMatch(/^eyJtaXJvLm9yaWdpbiI6ImV1MDEifQ_/);
    expect(tokens.refreshToken).toBeTruthy();
    expect(tokens.accessTokenExpiresAt!.getTime()).toBeGreaterThanOrEqual(started + 3_599_000);
    expect(tokens.accessTokenExpiresAt!.getTime()).toBeLessThanOrEqual(Date.now() + 3_599_000);
    expect(tokens.scopes).toEqual(sim.state.demo.scopes);
    expect(tokens.userId).toBe(sim.state.demo.adminUserId);
    expect(tokens.teamId).toBe(back.searchParams.get("team_id"));

    // The code went in a form body, never in the URL.
    const [tokenCall] = await control<{ query: Record<string, string>; body: Record<string, string>; headers: Record<string, string> }[]>(
      "GET",
      "/requests?path=/v1/oauth/token",
    );
    expect(tokenCall?.query).toEqual({});
    expect(tokenCall?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(tokenCall?.body).toMatchObject({ grant_type: "authorization_code", client_id: sim.state.demo.clientId, redirect_uri: REDIRECT_URI });

    const context = await adapter.oauth.tokenContext(tokens.accessToken);
    expect(context).toMatchObject({
      organizationId: sim.state.org.id,
      organizationName: sim.state.org.name,
      teamId: tokens.teamId,
      userId: sim.state.demo.adminUserId,
      scopes: sim.state.demo.scopes,
    });
    expect(adapter.oauth.contextProblem(context)).toBeNull();
    expect(await adapter.oauth.accessProblem!(tokens.accessToken, context)).toBeNull();
  });

  it("keeps team_id and user_id exact when Miro sends them as JSON numbers above 2^53", async () => {
    await control("POST", "/reset", { behaviour: { numericIdsInTokenResponse: true } });
    // The simulator really writes bare numbers that JSON.parse would round.
    const raw = await (await fetch(`${sim.url}/__sim/tokens`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" })).text();
    expect(raw).toMatch(/"team_id":\d{19}[,}]/);
    expect(String((JSON.parse(raw) as { user_id: number }).user_id)).not.toBe(sim.state.demo.adminUserId);

    const { back, tokens } = await authorizeAndExchange();
    expect(tokens.teamId).toBe(back.searchParams.get("team_id"));
    expect(tokens.teamId).toMatch(/^\d{19}$/);
    expect(tokens.userId).toBe(sim.state.demo.adminUserId);
  });

  it("refuses a wrong client secret with Miro's words and what to check", async () => {
    const error = await authorizeAndExchange({ clientSecret: "not-the-secret" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VendorError);
    expect(error).toMatchObject({ status: 401, vendorCode: "oauthError" });
    expect((error as Error).message).toBe(
      'Miro refused the authorization code: "Invalid client credentials" (HTTP 401). Check the OAuth Client ID, OAuth Client Secret and OAuth Redirect URL against the app\'s settings in Miro, then select Create and Get OAuth Token again.',
    );
  });

  it("refuses a code used twice", async () => {
    const { code, oauthClient } = await authorizeAndExchange();
    const error = await adapter.oauth.exchangeCode(oauthClient, code).catch((e: unknown) => e);
    expect((error as Error).message).toContain('"Invalid authorization code" (HTTP 401)');
  });

  it("says which permission to tick when the app lacks organizations:read", async () => {
    const app = await control<{ clientId: string; clientSecret: string }>("POST", "/apps", {
      name: "Boards only",
      scopes: ["boards:read"],
      redirectUris: [REDIRECT_URI],
    });
    const { tokens } = await authorizeAndExchange({ clientId: app.clientId, clientSecret: app.clientSecret });
    const problem = adapter.oauth.contextProblem(await adapter.oauth.tokenContext(tokens.accessToken));
    expect(problem).toBe(
      "The token lacks the organizations:read permission (granted: boards:read). In Miro, open the app's settings, tick organizations:read under Permissions, then select Create and Get OAuth Token again and choose Reinstall.",
    );
  });

  it("says when the token's team is not in an Enterprise organization", async () => {
    await control("POST", "/config", { behaviour: { omitTokenInfoOrganization: true } });
    const { tokens } = await authorizeAndExchange();
    const problem = adapter.oauth.contextProblem(await adapter.oauth.tokenContext(tokens.accessToken));
    expect(problem).toMatch(/^This token's team is not in a Miro Enterprise organization \(team "[^"]+"\)/);
  });

  it("refuses, after consent, a token of a user who is not a Company Admin", async () => {
    const user = sim.state.members.find((m) => m.active && m.role === "organization_internal_user" && m.teamIds.length > 0);
    const { tokens } = await authorizeAndExchange({ email: user!.email });
    const context = await adapter.oauth.tokenContext(tokens.accessToken);
    expect(adapter.oauth.contextProblem(context)).toBeNull();
    expect(await adapter.oauth.accessProblem!(tokens.accessToken, context)).toBe(
      `Miro refused to read organization ${sim.state.org.id}: "You can only use this endpoint if you have the role of a Company Admin" (HTTP 403). The token's user must be a Company Admin of the Enterprise organization and the app needs organizations:read; reconnect as a Company Admin with Create and Get OAuth Token.`,
    );
  });
});

describe("Miro reclaim check (SCIM, read-only)", () => {
  it("counts the provisioned users with the SCIM API token", async () => {
    const state = await control<{ counts: { scimVisible: number } }>("GET", "/state");
    const check = await adapter.validateReclaim(sim.state.scim.token);
    expect(check).toMatchObject({ key: "scim_users", process: "reclaim", ok: true, message: `SCIM API token works: ${state.counts.scimVisible} provisioned users.` });
    const [call] = await control<{ path: string; query: Record<string, string> }[]>("GET", "/requests?path=/api/v1/scim");
    expect(call).toMatchObject({ path: "/api/v1/scim/Users", query: { count: "0" } });
  });

  it("reports a refused SCIM token in Miro's words and what to do", async () => {
    const check = await adapter.validateReclaim("not-the-scim-token");
    expect(check.ok).toBe(false);
    expect(check.message).toBe(
      'The SCIM API token was refused: "Miro cannot authorize the organization with the authorization token" (HTTP 401). Generate a new token in Miro\'s admin console (Enterprise integrations › SCIM provisioning) and enter it in the Miro Enterprise SCIM connection.',
    );
  });

  it("refuses the old SCIM token after Miro regenerates it", async () => {
    const old = sim.state.scim.token;
    const { token } = await control<{ token: string }>("POST", "/scim-token/regenerate", {});
    expect((await adapter.validateReclaim(old)).ok).toBe(false);
    expect((await adapter.validateReclaim(token)).ok).toBe(true);
  });

  it("says SCIM is disabled when Miro answers 403", async () => {
    await control("POST", "/scim", { enabled: false });
    const check = await adapter.validateReclaim(sim.state.scim.token);
    expect(check.message).toBe(
      'Miro refused the SCIM request: "SCIM integration is disabled" (HTTP 403). Turn on SCIM provisioning in Miro\'s admin console (Enterprise integrations); it needs SSO/SAML.',
    );
  });
});
