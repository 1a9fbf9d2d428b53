import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { LogEntry } from "../request-log";
import { api, control, exchangeCode, mintToken, patchOp, scim, startSim, type Sim } from "./helpers";

let sim: Sim;
let token: string;

beforeAll(async () => {
  sim = await startSim({ members: 500, seed: 21, rateLimit: false });
});
afterAll(async () => {
  await sim.close();
});
beforeEach(async () => {
  await control(sim, "POST", "/reset", {});
  token = (await mintToken(sim)).access_token;
});

const membersPath = () => `/v2/orgs/${sim.state.org.id}/members`;

describe("faults", () => {
  it("applies a status fault exactly `count` times, in Miro's error format", async () => {
    const created = await control<{ id: number }>(sim, "POST", "/faults", { path: "/v2/orgs", status: 503, count: 2 });
    expect(created.status).toBe(201);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await api(sim, membersPath(), token)).status);
    expect(statuses).toEqual([503, 503, 200, 200]);
    const faults = await control<{ hits: number; remaining: number }[]>(sim, "GET", "/faults");
    expect(faults.body[0]).toMatchObject({ hits: 2, remaining: 0 });
  });

  it("formats a 429 fault like Miro and a SCIM fault like SCIM", async () => {
    await control(sim, "POST", "/faults", { path: "/v2/orgs", status: 429 });
    expect(await (await api(sim, membersPath(), token)).json()).toEqual({ status: 429, code: "tooManyRequests", message: "Request rate limit exceed", type: "error" });
    await control(sim, "POST", "/faults", { path: "/api/v1/scim/Users", status: 500 });
    expect(await (await scim(sim, "/Users")).json()).toMatchObject({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "500" });
  });

  it("matches method and * patterns", async () => {
    await control(sim, "POST", "/faults", { path: "/v2/orgs/*/members", method: "GET", status: 502, always: true });
    expect((await api(sim, membersPath(), token)).status).toBe(502);
    expect((await api(sim, membersPath(), token)).status).toBe(502);
    expect((await api(sim, `${membersPath()}/${sim.state.demo.adminUserId}`, token)).status).toBe(200);
    expect((await api(sim, `/v2/orgs/${sim.state.org.id}`, token)).status).toBe(200);
    await control(sim, "DELETE", "/faults");
    expect((await api(sim, membersPath(), token)).status).toBe(200);
    await control(sim, "POST", "/faults", { path: "/v2/**/teams", method: "POST", status: 500 });
    expect((await api(sim, `/v2/orgs/${sim.state.org.id}/teams`, token)).status).toBe(200);
  });

  it("does not run the handler on a status fault, so nothing changes", async () => {
    const user = sim.state.members.find((m) => m.active && m.role === "organization_internal_user" && sim.state.teamsWhereLastAdmin(m).length === 0);
    await control(sim, "POST", "/faults", { path: "/api/v1/scim/Users/", method: "PATCH", status: 500 });
    const res = await scim(sim, `/Users/${user?.id}`, { method: "PATCH", json: patchOp({ op: "replace", path: "active", value: false }) });
    expect(res.status).toBe(500);
    expect(sim.state.getMember(user?.id ?? "")?.active).toBe(true);
  });

  it("delays a response by delayMs", async () => {
    await control(sim, "POST", "/faults", { path: "/v2/orgs", delayMs: 300 });
    const started = Date.now();
    const res = await api(sim, membersPath(), token);
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    const quick = Date.now();
    await api(sim, membersPath(), token);
    expect(Date.now() - quick).toBeLessThan(250);
  });

  it("sends a malformed JSON body", async () => {
    await control(sim, "POST", "/faults", { path: "/v2/orgs", malformed: true });
    const res = await api(sim, membersPath(), token);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text.length).toBeGreaterThan(0);
    expect(() => JSON.parse(text)).toThrow();
    expect((await (await api(sim, membersPath(), token)).json()) as unknown).toHaveProperty("data");
  });

  it("truncates a body and drops the connection", async () => {
    await control(sim, "POST", "/faults", { path: "/v1/oauth-token", truncate: true });
    const res = await api(sim, "/v1/oauth-token", token);
    await expect(res.text()).rejects.toThrow();
    expect((await api(sim, "/v1/oauth-token", token)).status).toBe(200);
  });

  it("validates fault input", async () => {
    const res = await control<{ error: string; issues: unknown[] }>(sim, "POST", "/faults", { path: "v2" });
    expect(res.status).toBe(400);
    expect(res.body.issues.length).toBeGreaterThan(0);
    expect((await control(sim, "POST", "/faults", { path: "/v2" })).status).toBe(400);
    expect((await control(sim, "POST", "/faults", { path: "/v2", status: 500, unknown: 1 })).status).toBe(400);
  });
});

describe("request log", () => {
  it("records method, path, query, headers, status, and the body of token calls", async () => {
    await control(sim, "DELETE", "/requests");
    await api(sim, `${membersPath()}?limit=5&role=organization_internal_user`, token);
    await exchangeCode(sim, "not-a-code", { client_secret: "s3cret-wrong" });
    const log = await control<LogEntry[]>(sim, "GET", "/requests");
    expect(log.body).toHaveLength(2);
    expect(log.body[0]).toMatchObject({ method: "GET", path: membersPath(), query: { limit: "5", role: "organization_internal_user" }, status: 200 });
    expect(log.body[0]?.headers.authorization).toBe(`Bearer ${token}`);
    expect(log.body[0]).not.toHaveProperty("body");
    expect(log.body[1]).toMatchObject({ method: "POST", path: "/v1/oauth/token", status: 401, body: { grant_type: "authorization_code", client_secret: "s3cret-wrong" } });
    const filtered = await control<LogEntry[]>(sim, "GET", "/requests?path=/v1/oauth");
    expect(filtered.body).toHaveLength(1);
  });

  it("keeps only the last 5000 requests", async () => {
    await control(sim, "DELETE", "/requests");
    const agent = Array.from({ length: 5010 }, (_, i) => i);
    for (let i = 0; i < agent.length; i += 100) {
      await Promise.all(agent.slice(i, i + 100).map((n) => fetch(`${sim.url}/nothing-here?n=${n}`)));
    }
    const log = await control<LogEntry[]>(sim, "GET", "/requests");
    expect(log.body).toHaveLength(5000);
    expect(log.body[0]?.seq).toBe((log.body[4999]?.seq ?? 0) - 4999);
  });
});

describe("control API", () => {
  it("reports state: org, teams, counts, credentials, tokens, installations, windows", async () => {
    const { body } = await control<Record<string, unknown> & { counts: Record<string, unknown>; credentials: Record<string, string>; tokens: { count: number } }>(sim, "GET", "/state");
    expect(body.org).toMatchObject({ id: sim.state.org.id, plan: "company" });
    expect(body.counts).toMatchObject({ members: 500, active: sim.state.members.filter((m) => m.active).length });
    expect(Object.values(body.counts.byLicense as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(500);
    expect(body.credentials).toMatchObject({ clientId: sim.state.demo.clientId, scimToken: sim.state.scim.token, adminEmail: sim.state.demo.adminEmail });
    expect(body.tokens.count).toBe(1);
    expect(body).toHaveProperty("rateLimits.windows");
    expect(body).toHaveProperty("installations");
  });

  it("resets with a new size and seed, deterministically", async () => {
    const a = await control<{ counts: { members: number }; credentials: { clientId: string; scimToken: string } }>(sim, "POST", "/reset", { members: 50, seed: 99 });
    expect(a.body.counts.members).toBe(50);
    const ids = sim.state.members.map((m) => m.id);
    const b = await control<{ credentials: { clientId: string; scimToken: string } }>(sim, "POST", "/reset", { members: 50, seed: 99 });
    expect(sim.state.members.map((m) => m.id)).toEqual(ids);
    expect(b.body.credentials).toEqual(a.body.credentials);
    expect((await api(sim, membersPath(), token)).status).toBe(401);
    const c = await control<{ credentials: { clientId: string } }>(sim, "POST", "/reset", { members: 500, seed: 21 });
    expect(c.body.credentials.clientId).not.toBe(a.body.credentials.clientId);
    expect((await control(sim, "POST", "/reset", { members: -1 })).status).toBe(400);
  });

  it("scripts members: update, add, remove", async () => {
    const target = sim.state.members[10];
    const updated = await control<Record<string, unknown>>(sim, "POST", `/members/${target?.id}`, { license: "occasional", lastActivityAt: null, licenseAssignedAt: "2024-01-02T03:04:05Z", active: false });
    expect(updated.body).toMatchObject({ license: "occasional", active: false, licenseAssignedAt: "2024-01-02T03:04:05Z" });
    expect(updated.body).not.toHaveProperty("lastActivityAt");
    const rest = await (await api(sim, `${membersPath()}/${target?.id}`, token)).json();
    expect(rest).toMatchObject({ license: "occasional", active: false });
    expect(rest).not.toHaveProperty("lastActivityAt");

    const days = await control<{ lastActivityAt: string }>(sim, "POST", `/members/${target?.id}`, { lastActivityDaysAgo: 100 });
    const age = (Date.now() + sim.state.clock.offset - Date.parse(days.body.lastActivityAt)) / 86_400_000;
    expect(Math.round(age)).toBe(100);

    const added = await control<{ id: string; email: string }>(sim, "POST", "/members", { email: "scripted@northwind.example", license: "full" });
    expect(added.status).toBe(201);
    expect(added.body.id).toMatch(/^\d{19}$/);
    expect((await api(sim, `${membersPath()}/${added.body.id}`, token)).status).toBe(200);
    expect((await control(sim, "POST", "/members", { email: "scripted@northwind.example" })).status).toBe(409);

    expect((await control(sim, "DELETE", `/members/${added.body.id}`)).status).toBe(204);
    expect((await api(sim, `${membersPath()}/${added.body.id}`, token)).status).toBe(404);
    expect((await control(sim, "GET", `/members/${added.body.id}`)).status).toBe(404);
  });

  it("validates member updates", async () => {
    const res = await control(sim, "POST", `/members/${sim.state.members[1]?.id}`, { license: "platinum" });
    expect(res.status).toBe(400);
    expect((await control(sim, "POST", `/members/${sim.state.members[1]?.id}`, { lastActivityAt: "yesterday" })).status).toBe(400);
  });

  it("advances the simulated clock, and resets it to real time", async () => {
    const before = await control<{ offsetMs: number }>(sim, "GET", "/clock");
    const after = await control<{ offsetMs: number }>(sim, "POST", "/clock", { advanceSeconds: 90 });
    expect(after.body.offsetMs - before.body.offsetMs).toBe(90_000);
    expect((await control(sim, "POST", "/clock", {})).status).toBe(400);
    expect((await control(sim, "POST", "/clock", { reset: true, advanceDays: 1 })).status).toBe(400);
    expect((await control<{ offsetMs: number }>(sim, "POST", "/clock", { reset: true })).body.offsetMs).toBe(0);
    expect((await control<{ offsetMs: number }>(sim, "GET", "/clock")).body.offsetMs).toBe(0);
  });

  it("creates apps, e.g. one without organizations:read, usable in the OAuth flow", async () => {
    const app = await control<{ clientId: string; clientSecret: string; scopes: string[] }>(sim, "POST", "/apps", {
      name: "Reader",
      scopes: ["boards:read"],
      redirectUris: ["https://reader.example/cb"],
      expiringTokens: false,
    });
    expect(app.status).toBe(201);
    expect(app.body.clientId).toMatch(/^\d{19}$/);
    const code = await control<{ code: string; redirectUrl: string }>(sim, "POST", "/authorize", { clientId: app.body.clientId, state: "s" });
    expect(new URL(code.body.redirectUrl).searchParams.get("state")).toBe("s");
    const res = await exchangeCode(sim, code.body.code, { client_id: app.body.clientId, client_secret: app.body.clientSecret, redirect_uri: "https://reader.example/cb" });
    const body = (await res.json()) as Record<string, unknown>;
    expect(body.scope).toBe("boards:read");
    expect(body).not.toHaveProperty("refresh_token");
  });

  it("uninstalls an app from a team, ending its tokens", async () => {
    const t = await mintToken(sim);
    expect((await control(sim, "DELETE", "/installations", { clientId: sim.state.demo.clientId, teamId: t.team_id })).status).toBe(204);
    expect((await api(sim, "/v1/oauth-token", t.access_token)).status).toBe(400);
  });

  it("shows redirect parameters on /__sim/echo", async () => {
    const res = await fetch(`${sim.url}/__sim/echo?code=abc&state=x%20y`);
    const html = await res.text();
    expect(html).toContain('data-param="code">abc<');
    expect(html).toContain('data-param="state">x y<');
  });

  it("answers unknown control endpoints with 404", async () => {
    expect((await control(sim, "GET", "/nope")).status).toBe(404);
  });
});
