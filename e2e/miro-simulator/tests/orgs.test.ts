import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SimState } from "../state";
import { api, control, hiddenInputs, patchOp, startSim, type Sim, type TokenResponse } from "./helpers";

/*
 * Several organizations on one origin, told apart as Miro tells them apart (org id in the path,
 * tokens, client ids, the signed-in user), and the state file that keeps them across restarts.
 */

const REDIRECT = "https://app.example.com/callback";

/** Sign in as the org's Company Admin, Install on the consent page, exchange the code: a browser's walk. */
async function browserToken(sim: Sim, org: SimState): Promise<TokenResponse> {
  const login = await fetch(`${sim.url}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email: org.demo.adminEmail, password: org.demo.adminPassword, redirect: "/" }),
  });
  expect(login.status).toBe(303);
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const query = new URLSearchParams({ response_type: "code", client_id: org.demo.clientId, redirect_uri: REDIRECT, state: "s" });
  const page = await fetch(`${sim.url}/oauth/authorize?${query.toString()}`, { headers: { cookie }, redirect: "manual" });
  const text = await page.text();
  expect(page.status).toBe(200);
  expect(text).toContain(org.org.id);
  const team = /<option value="(\d+)" selected>/.exec(text)?.[1] ?? "";
  const submit = await fetch(`${sim.url}/oauth/authorize`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ ...hiddenInputs(text), team_id: team, action: "install" }),
  });
  const code = new URL(submit.headers.get("location") ?? "about:blank").searchParams.get("code") ?? "";
  return tokenCall(sim, { grant_type: "authorization_code", client_id: org.demo.clientId, client_secret: org.demo.clientSecret, code, redirect_uri: REDIRECT });
}

async function tokenCall(sim: Sim, params: Record<string, string>): Promise<TokenResponse> {
  const res = await fetch(`${sim.url}/v1/oauth/token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(params) });
  const body = (await res.json()) as TokenResponse & { message?: string };
  if (res.status !== 200) throw new Error(`token call ${res.status}: ${body.message}`);
  return body;
}

const refresh = (sim: Sim, org: SimState, token: TokenResponse) =>
  tokenCall(sim, { grant_type: "refresh_token", client_id: org.demo.clientId, client_secret: org.demo.clientSecret, refresh_token: token.refresh_token ?? "" });

describe("two organizations on one origin", () => {
  let sim: Sim;
  let first: SimState;
  let second: SimState;
  beforeAll(async () => {
    sim = await startSim({ seed: 1, redirectUris: [REDIRECT], rateLimit: false, extraOrgs: [{ seed: 2, members: 200, redirectUris: [REDIRECT], rateLimit: false }] });
    [first, second] = sim.orgs as [SimState, SimState];
  });
  afterAll(() => sim.close());

  it("serves each org's OAuth, REST and SCIM with that org's credentials only", async () => {
    expect(sim.state).toBe(first);
    expect(second.org.name).toBe("Contoso Ltd");
    const one = await browserToken(sim, first);
    const two = await browserToken(sim, second);

    const members = await api(sim, `/v2/orgs/${second.org.id}/members?limit=5`, two.access_token);
    expect(members.status).toBe(200);
    const page = (await members.json()) as { data: { email: string }[] };
    expect(page.data[0]?.email).toMatch(/@contoso\.example$/);
    // A token of one org opens no other org, as in Miro.
    expect((await api(sim, `/v2/orgs/${first.org.id}/members?limit=5`, two.access_token)).status).toBe(403);
    expect((await api(sim, `/v2/orgs/${first.org.id}/members?limit=5`, one.access_token)).status).toBe(200);
    const info = (await (await api(sim, "/v1/oauth-token", two.access_token)).json()) as { organization: { id: string } };
    expect(info.organization.id).toBe(second.org.id);

    const rotated = await refresh(sim, second, two);
    expect((await api(sim, `/v2/orgs/${second.org.id}`, rotated.access_token)).status).toBe(200);
    await expect(refresh(sim, second, two)).rejects.toThrow("Invalid refresh token");

    const scimUsers = await fetch(`${sim.url}/api/v1/scim/Users?count=1`, { headers: { authorization: `Bearer ${second.scim.token}` } });
    const list = (await scimUsers.json()) as { totalResults: number; Resources: { userName: string }[] };
    expect(list.totalResults).toBe(second.scimVisibleMembers().length);
    expect(list.Resources[0]?.userName).toMatch(/@contoso\.example$/);
  });

  it("lists the orgs in the control API and addresses one by its id", async () => {
    const orgs = await control<{ id: string; name: string }[]>(sim, "GET", "/orgs");
    expect(orgs.body.map((o) => o.name)).toEqual([first.org.name, second.org.name]);
    const state = await control<{ org: { id: string } }>(sim, "GET", `/orgs/${second.org.id}/state`);
    expect(state.body.org.id).toBe(second.org.id);
    expect((await control(sim, "GET", "/orgs/42/state")).status).toBe(404);
    const code = await control<{ code: string }>(sim, "POST", `/orgs/${second.org.id}/authorize`, { redirectUri: REDIRECT });
    const token = await tokenCall(sim, { grant_type: "authorization_code", client_id: second.demo.clientId, client_secret: second.demo.clientSecret, code: code.body.code, redirect_uri: REDIRECT });
    expect((await api(sim, `/v2/orgs/${second.org.id}/teams`, token.access_token)).status).toBe(200);
  });

  it("refuses two orgs with the same seed", async () => {
    await expect(startSim({ seed: 3, extraOrgs: [{ seed: 3 }] })).rejects.toThrow("same seed");
  });
});

describe("the state file", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "miro-sim-state-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const options = (file: string, seed2 = 2) => ({ seed: 1, members: 150, redirectUris: [REDIRECT], statePath: file, extraOrgs: [{ seed: seed2, members: 120, redirectUris: [REDIRECT] }] });

  it("keeps tokens, member changes and the clock across a restart", async () => {
    const file = path.join(dir, "sim.json");
    const sim = await startSim(options(file));
    expect(sim.stateFile?.restored).toBe(false);
    const second = sim.orgs[1]!;
    const token = await browserToken(sim, second);
    const target = second.scimVisibleMembers().find((m) => m.active && m.role === "organization_internal_user" && second.teamsWhereLastAdmin(m).length === 0)!;
    const patched = await fetch(`${sim.url}/api/v1/scim/Users/${target.id}`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${second.scim.token}`, "content-type": "application/scim+json" },
      body: JSON.stringify(patchOp({ op: "replace", path: "active", value: false })),
    });
    expect(patched.status).toBe(200);
    await control(sim, "POST", `/orgs/${second.org.id}/clock`, { advanceDays: 3 });
    await sim.close();
    expect(JSON.parse(readFileSync(file, "utf8")).orgs).toHaveLength(2);

    const again = await startSim({ ...options(file), redirectUris: [REDIRECT, "http://localhost:3300/cb"] });
    try {
      expect(again.stateFile).toMatchObject({ restored: true });
      const restored = again.orgs[1]!;
      expect(restored.getMember(target.id)?.active).toBe(false);
      expect(restored.clock.offset).toBeGreaterThan(3 * 86_400_000 - 60_000);
      const rotated = await refresh(again, restored, token);
      expect((await api(again, `/v2/orgs/${restored.org.id}/members/${target.id}`, rotated.access_token)).status).toBe(200);
      // The demo app learns the redirect URIs of this start (the app may run on another port now).
      expect(again.state.apps.get(again.state.demo.clientId)?.redirectUris).toContain("http://localhost:3300/cb");
    } finally {
      await again.close();
    }
  });

  it("generates the orgs anew, and says so, when the file was made for other options", async () => {
    const file = path.join(dir, "other.json");
    const sim = await startSim(options(file));
    const token = await browserToken(sim, sim.orgs[1]!);
    await sim.close();
    const other = await startSim(options(file, 5));
    try {
      expect(other.stateFile?.restored).toBe(false);
      expect(other.stateFile?.message).toContain("generated anew");
      expect(other.orgs[1]!.refreshTokens.has(token.refresh_token ?? "")).toBe(false);
    } finally {
      await other.close();
    }
    const third = await startSim(options(file, 5));
    expect(third.stateFile?.restored).toBe(true);
    await third.close();
  });
});
