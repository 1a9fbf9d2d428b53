import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { api, control, decodeEntities, hiddenInputs, scim, signIn, startSim, type Sim } from "./helpers";

let sim: Sim;
let cookie: string;

beforeAll(async () => {
  sim = await startSim({ members: 200, seed: 4 });
});
afterAll(async () => {
  await sim.close();
});
beforeEach(async () => {
  await control(sim, "POST", "/reset", {});
  cookie = await signIn(sim);
});

const APPS = "/app/settings/user-profile/apps";
const get = (path: string, c = cookie) => fetch(`${sim.url}${path}`, { headers: { cookie: c }, redirect: "manual" });
const post = (path: string, form: Record<string, string | string[]>, extra: Record<string, string> = {}) => {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) for (const value of Array.isArray(v) ? v : [v]) body.append(k, value);
  return fetch(`${sim.url}${path}`, { method: "POST", redirect: "manual", headers: { cookie, "content-type": "application/x-www-form-urlencoded", ...extra }, body });
};
const inputValue = (html: string, id: string) => decodeEntities(new RegExp(`id="${id}"[^>]*value="([^"]*)"`).exec(html)?.[1] ?? "");
const labelFor = (html: string, id: string) => new RegExp(`<label for="${id}"[^>]*>([^<]*)<`).exec(html)?.[1];

describe("Your Apps", () => {
  it("needs a signed-in user", async () => {
    const res = await fetch(`${sim.url}${APPS}`, { redirect: "manual" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/login?redirect=${encodeURIComponent(APPS)}`);
  });

  it("lists the demo app with the Create a new app dialog", async () => {
    const page = await (await get(APPS)).text();
    expect(page).toContain(">OpenSAM<");
    expect(page).toContain(">Create a new app</button>");
    expect(labelFor(page, "app-name")).toBe("App Name");
    expect(labelFor(page, "developer-team")).toBe("Developer team");
    expect(labelFor(page, "expire-token")).toBe("Expire user authorization token");
    expect(page).toContain(">Create app</button>");
  });

  it("creates an app, adds a redirect URI, sets permissions and installs it to get a token", async () => {
    const list = await (await get(APPS)).text();
    const { csrf = "" } = hiddenInputs(list);
    const created = await post(APPS, { csrf, app_name: "ServiceNow SAM", developer_team_id: sim.state.teams[0]?.id ?? "", expiring_tokens: "on" });
    expect(created.status).toBe(303);
    const appPath = created.headers.get("location") ?? "";
    const clientId = appPath.split("/").pop() ?? "";
    expect(clientId).toMatch(/^\d{19}$/);

    const settings = await (await get(appPath)).text();
    expect(labelFor(settings, "client-id")).toBe("Client ID");
    expect(labelFor(settings, "client-secret")).toBe("Client secret");
    expect(inputValue(settings, "client-id")).toBe(clientId);
    const secret = inputValue(settings, "client-secret");
    expect(secret).toBe(sim.state.apps.get(clientId)?.clientSecret);
    expect(settings).toContain("Redirect URI for OAuth 2.0");
    expect(settings).toContain(">Install app and get OAuth token</button>");

    expect((await post(`${appPath}/redirect-uris`, { csrf, redirect_uri: "https://instance.service-now.com/oauth_redirect.do" })).status).toBe(303);
    const saved = await post(`${appPath}/permissions`, { csrf, scopes: ["organizations:read"] }, { "x-requested-with": "fetch" });
    expect(await saved.json()).toEqual({ scopes: ["organizations:read"] });
    const app = sim.state.apps.get(clientId);
    expect(app).toMatchObject({ redirectUris: ["https://instance.service-now.com/oauth_redirect.do"], scopes: ["organizations:read"], expiringTokens: true });

    const picker = await (await get(`${appPath}/install`)).text();
    expect(picker).toContain('id="install-button"');
    const team = sim.state.teams[1]?.id ?? "";
    const installed = await post(`${appPath}/install`, { csrf, team_id: team });
    const tokenPage = await installed.text();
    expect(installed.status).toBe(200);
    const accessToken = inputValue(tokenPage, "access-token");
    expect(accessToken).toMatch(/^eyJtaXJvLm9yaWdpbiI6ImV1MDEifQ_/);
    expect(inputValue(tokenPage, "refresh-token")).not.toBe("");
    const info = (await (await api(sim, "/v1/oauth-token", accessToken)).json()) as { team: { id: string }; scopes: string[] };
    expect(info).toMatchObject({ team: { id: team }, scopes: ["organizations:read"] });
    expect((await api(sim, `/v2/orgs/${sim.state.org.id}/members?limit=1`, accessToken)).status).toBe(200);
    const again = await (await get(`${appPath}/install?team_id=${team}`)).text();
    expect(/id="install-button"[^>]*>([^<]+)</.exec(again)?.[1]).toBe("Reinstall");
  });

  it("creates a non-expiring app when the box is unchecked", async () => {
    const { csrf = "" } = hiddenInputs(await (await get(APPS)).text());
    const created = await post(APPS, { csrf, app_name: "Forever", developer_team_id: sim.state.teams[0]?.id ?? "" });
    const clientId = (created.headers.get("location") ?? "").split("/").pop() ?? "";
    expect(sim.state.apps.get(clientId)?.expiringTokens).toBe(false);
  });

  it("refuses a form post without the session's CSRF token", async () => {
    expect((await post(APPS, { csrf: "forged", app_name: "X", developer_team_id: sim.state.teams[0]?.id ?? "" })).status).toBe(403);
  });
});

describe("Enterprise integrations", () => {
  const path = () => `/app/settings/company/${sim.state.org.id}/enterprise-integrations`;

  it("shows SCIM Provisioning with the API Token and the invite check box", async () => {
    const page = await (await get(path())).text();
    expect(labelFor(page, "scim-enabled")).toBe("SCIM Provisioning");
    expect(labelFor(page, "api-token")).toBe("API Token");
    expect(labelFor(page, "send-invites")).toBe("Send an email invite to join Miro to provisioned users");
    expect(inputValue(page, "api-token")).toBe(sim.state.demo.scimToken);
  });

  it("is for Company Admins only", async () => {
    const user = sim.state.members.find((m) => m.role === "organization_internal_user" && m.active);
    expect((await get(path(), await signIn(sim, user?.email))).status).toBe(403);
  });

  it("turns SCIM off and on, and regenerates the token", async () => {
    const { csrf = "" } = hiddenInputs(await (await get(path())).text());
    const off = await post(path(), { csrf, action: "settings" }, { "x-requested-with": "fetch" });
    expect(await off.json()).toEqual({ enabled: false, token: null });
    expect((await scim(sim, "/Users?count=1")).status).toBe(403);
    const on = await post(path(), { csrf, action: "settings", scim_enabled: "on" }, { "x-requested-with": "fetch" });
    expect(await on.json()).toEqual({ enabled: true, token: sim.state.demo.scimToken });
    expect((await scim(sim, "/Users?count=1")).status).toBe(200);
    const old = sim.state.scim.token;
    expect((await post(path(), { csrf, action: "regenerate" })).status).toBe(303);
    expect(sim.state.scim.token).not.toBe(old);
    expect((await scim(sim, "/Users?count=1", { token: old })).status).toBe(401);
  });

  it("cannot enable SCIM without SSO/SAML", async () => {
    await control(sim, "POST", "/reset", { ssoEnabled: false, scimEnabled: false });
    cookie = await signIn(sim);
    const page = await (await get(path())).text();
    expect(page).toContain("Enable SSO/SAML first");
    const { csrf = "" } = hiddenInputs(page);
    await post(path(), { csrf, action: "settings", scim_enabled: "on" });
    expect(sim.state.scim.enabled).toBe(false);
    await control(sim, "POST", "/reset", { ssoEnabled: true, scimEnabled: true });
  });
});
