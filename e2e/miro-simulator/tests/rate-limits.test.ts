import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { api, control, mintToken, patchOp, scim, startSim, type Sim } from "./helpers";

let sim: Sim;
let token: string;

beforeAll(async () => {
  sim = await startSim({ members: 300, seed: 5 });
});
afterAll(async () => {
  await sim.close();
});
beforeEach(async () => {
  await control(sim, "POST", "/reset", { rateLimit: true, budgets: { restCreditsPerWindow: 100_000 }, behaviour: { retryAfterHeader: false, scimRateLimitHeaders: false } });
  token = (await mintToken(sim)).access_token;
});

const members = (t = token) => api(sim, `/v2/orgs/${sim.state.org.id}/members?limit=10`, t);
const headers = (res: Response) => ({
  limit: res.headers.get("x-ratelimit-limit"),
  remaining: res.headers.get("x-ratelimit-remaining"),
  reset: res.headers.get("x-ratelimit-reset"),
});

describe("REST credits (§4.1)", () => {
  it("sends X-RateLimit-* on every response and charges Level 3 endpoints 500 credits", async () => {
    const first = await members();
    expect(headers(first)).toMatchObject({ limit: "100000", remaining: "99500" });
    const org = await api(sim, `/v2/orgs/${sim.state.org.id}`, token);
    expect(org.headers.get("x-ratelimit-remaining")).toBe("99000");
    const missing = await api(sim, `/v2/orgs/${sim.state.org.id}/members/3074457345999999999`, token);
    expect(missing.status).toBe(404);
    expect(missing.headers.get("x-ratelimit-remaining")).toBe("98500");
  });

  it("charges Level 1 (teams) 50 credits", async () => {
    await members();
    const teams = await api(sim, `/v2/orgs/${sim.state.org.id}/teams`, token);
    expect(teams.headers.get("x-ratelimit-remaining")).toBe("99450");
  });

  it("gives X-RateLimit-Reset as the window end in UNIX epoch seconds", async () => {
    const before = Date.now() + sim.state.clock.offset;
    const res = await members();
    const reset = Number(res.headers.get("x-ratelimit-reset"));
    expect(reset).toBeGreaterThanOrEqual(Math.floor((before + 60_000) / 1000));
    expect(reset).toBeLessThanOrEqual(Math.ceil((Date.now() + sim.state.clock.offset + 60_000) / 1000));
  });

  it("answers 429 with Miro's body once the budget is spent, then recovers when the window ends", async () => {
    await control(sim, "POST", "/config", { budgets: { restCreditsPerWindow: 2000 } });
    for (let i = 0; i < 4; i++) expect((await members()).status).toBe(200);
    const limited = await members();
    expect(limited.status).toBe(429);
    expect(await limited.json()).toEqual({ status: 429, code: "tooManyRequests", message: "Request rate limit exceed", type: "error" });
    expect(headers(limited)).toMatchObject({ limit: "2000", remaining: "0" });
    expect(limited.headers.get("retry-after")).toBeNull();
    // A Level 1 call (50) still fits? No: the whole budget is spent.
    expect((await api(sim, `/v2/orgs/${sim.state.org.id}/teams`, token)).status).toBe(429);
    await control(sim, "POST", "/clock", { advanceSeconds: 60 });
    const recovered = await members();
    expect(recovered.status).toBe(200);
    expect(recovered.headers.get("x-ratelimit-remaining")).toBe("1500");
  });

  it("keeps a separate quota per (user, app)", async () => {
    await control(sim, "POST", "/config", { budgets: { restCreditsPerWindow: 500 } });
    expect((await members()).status).toBe(200);
    expect((await members()).status).toBe(429);
    const otherApp = await control<{ clientId: string }>(sim, "POST", "/apps", { name: "Other", scopes: ["organizations:read"] });
    const other = await mintToken(sim, { clientId: otherApp.body.clientId });
    expect((await members(other.access_token)).status).toBe(200);
    const secondToken = await mintToken(sim);
    expect((await members(secondToken.access_token)).status).toBe(429);
  });

  it("can send Retry-After (configurable; not documented by Miro)", async () => {
    await control(sim, "POST", "/config", { budgets: { restCreditsPerWindow: 500 }, behaviour: { retryAfterHeader: true } });
    await members();
    const limited = await members();
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("sends no rate-limit headers and never 429 when rate limiting is off", async () => {
    await control(sim, "POST", "/config", { rateLimit: false, budgets: { restCreditsPerWindow: 500 } });
    for (let i = 0; i < 3; i++) {
      const res = await members();
      expect(res.status).toBe(200);
      expect(res.headers.get("x-ratelimit-remaining")).toBeNull();
    }
  });
});

describe("SCIM limits per endpoint per 30 s (§4.3)", () => {
  const deactivatable = () =>
    sim.state.members.filter((m) => m.active && m.role === "organization_internal_user" && sim.state.teamsWhereLastAdmin(m).length === 0);

  it("limits PATCH /Users/{id} separately from GET /Users and answers in SCIM format", async () => {
    await control(sim, "POST", "/config", { budgets: { scimLimits: { "PATCH /Users/{id}": 3 } } });
    const users = deactivatable().slice(0, 4);
    const statuses: number[] = [];
    for (const user of users) {
      statuses.push((await scim(sim, `/Users/${user.id}`, { method: "PATCH", json: patchOp({ op: "replace", path: "active", value: false }) })).status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    const last = await scim(sim, `/Users/${users[0]?.id}`, { method: "PATCH", json: patchOp({ op: "replace", path: "active", value: true }) });
    expect(await last.json()).toEqual({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
      status: "429",
      scimType: "tooManyRequests",
      detail: "The user has sent too many requests in a given amount of time",
    });
    expect(sim.state.getMember(users[3]?.id ?? "")?.active).toBe(true);
    expect((await scim(sim, "/Users?count=1")).status).toBe(200);
    await control(sim, "POST", "/clock", { advanceSeconds: 30 });
    expect((await scim(sim, `/Users/${users[3]?.id}`, { method: "PATCH", json: patchOp({ op: "replace", path: "active", value: false }) })).status).toBe(200);
  });

  it("allows 20 DELETEs per 30 s by default", async () => {
    const users = deactivatable().slice(0, 21);
    const statuses: number[] = [];
    for (const user of users) statuses.push((await scim(sim, `/Users/${user.id}`, { method: "DELETE" })).status);
    expect(statuses.slice(0, 20).every((s) => s === 204)).toBe(true);
    expect(statuses[20]).toBe(429);
  });

  it("allows 5 GET /Groups per 30 s by default", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await scim(sim, "/Groups?excludedAttributes=members")).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
  });

  it("can send X-RateLimit-* on SCIM responses (unconfirmed, off by default)", async () => {
    expect((await scim(sim, "/Users?count=1")).headers.get("x-ratelimit-remaining")).toBeNull();
    await control(sim, "POST", "/config", { behaviour: { scimRateLimitHeaders: true } });
    expect((await scim(sim, "/Users?count=1")).headers.get("x-ratelimit-remaining")).toBe("198");
  });
});
