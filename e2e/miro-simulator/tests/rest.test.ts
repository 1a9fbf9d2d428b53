import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { api, control, mintToken, patchOp, scim, startSim, walkMembers, type Sim } from "./helpers";

let sim: Sim;
let token: string;
const N = 2000;

beforeAll(async () => {
  sim = await startSim({ members: N, seed: 3, rateLimit: false });
});
afterAll(async () => {
  await sim.close();
});
beforeEach(async () => {
  await control(sim, "POST", "/reset", {});
  token = (await mintToken(sim)).access_token;
});

const org = () => `/v2/orgs/${sim.state.org.id}`;
const getJson = async (path: string, t = token) => {
  const res = await api(sim, path, t);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { data: Record<string, unknown>[] } };
};

describe("organization", () => {
  it("returns the Enterprise org per the Organization schema", async () => {
    const { status, body } = await getJson(org());
    expect(status).toBe(200);
    expect(body).toEqual({ id: sim.state.org.id, name: sim.state.org.name, plan: "company", fullLicensesPurchased: sim.state.org.fullLicensesPurchased, type: "organization" });
  });
});

describe("organization members", () => {
  it.each([100, 37])("walks exactly N members with no duplicate at limit %i, the last page without cursor", async (limit) => {
    const { ids, pages, lastPage } = await walkMembers(sim, token, "", limit);
    expect(ids.length).toBe(N);
    expect(new Set(ids).size).toBe(N);
    expect(pages).toBe(Math.ceil(N / limit));
    expect(lastPage).not.toHaveProperty("cursor");
    expect(ids).toEqual(sim.state.members.map((m) => m.id));
  });

  it("sends cursor = id of the last member, size and limit, type cursor-list", async () => {
    const { body } = await getJson(`${org()}/members?limit=5`);
    expect(body).toMatchObject({ limit: 5, size: 5, type: "cursor-list" });
    expect(body.cursor).toBe(body.data[4]?.id);
    expect(Object.keys(body)).toEqual(["limit", "size", "data", "cursor", "type"]);
  });

  it("shapes members per the OrganizationMember schema and omits lastActivityAt for never-active users", async () => {
    const never = sim.state.members.find((m) => m.lastActivityAt === undefined);
    const { body } = await getJson(`${org()}/members/${never?.id}`);
    expect(body).not.toHaveProperty("lastActivityAt");
    expect(body).toMatchObject({ id: never?.id, email: never?.email, type: "organization-member", adminRoles: expect.any(Array) });
    const active = await getJson(`${org()}/members/${sim.state.demo.adminUserId}`);
    expect(active.body.lastActivityAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(active.body.licenseAssignedAt).toMatch(/Z$/);
  });

  it("answers 404 for an unknown member", async () => {
    const res = await getJson(`${org()}/members/3074457345999999999`);
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ status: 404, code: "notFound", type: "error" });
  });

  it.each([
    ["role=organization_team_guest_user", (m: { role: string }) => m.role === "organization_team_guest_user"],
    ["license=free_restricted", (m: { license: string }) => m.license === "free_restricted"],
    ["active=false", (m: { active: boolean }) => !m.active],
    ["active=true&license=full&role=organization_internal_user", (m: { active: boolean; license: string; role: string }) => m.active && m.license === "full" && m.role === "organization_internal_user"],
  ] as const)("filters %s across pages", async (query, predicate) => {
    const expected = sim.state.members.filter((m) => (predicate as (m: unknown) => boolean)(m)).map((m) => m.id);
    expect(expected.length).toBeGreaterThan(0);
    const { ids, lastPage } = await walkMembers(sim, token, query, 25);
    expect(ids).toEqual(expected);
    expect(lastPage).not.toHaveProperty("cursor");
  });

  it("returns a bare array for emails, ignoring the other filters", async () => {
    const [a, b] = sim.state.members.filter((m) => m.license === "full");
    const guest = sim.state.members.find((m) => m.role === "organization_team_guest_user");
    const emails = [a?.email, b?.email.toUpperCase(), guest?.email, "nobody@nowhere.example"].join(",");
    const res = await api(sim, `${org()}/members?emails=${encodeURIComponent(emails)}&license=free&limit=1`, token);
    const body = (await res.json()) as { id: string }[];
    expect(Array.isArray(body)).toBe(true);
    expect(body.map((m) => m.id)).toEqual([a?.id, b?.id, guest?.id]);
  });

  it("refuses more than 10 emails", async () => {
    const emails = sim.state.members.slice(0, 11).map((m) => m.email).join(",");
    const res = await getJson(`${org()}/members?emails=${encodeURIComponent(emails)}`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ status: 400, code: "invalidParameters", type: "error" });
  });

  it.each(["0", "101", "-1", "abc", "1.5"])("refuses limit=%s with 400 invalidParameters", async (limit) => {
    const res = await getJson(`${org()}/members?limit=${limit}`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ status: 400, code: "invalidParameters", type: "error" });
  });

  it.each(["role=boss", "license=gold", "active=yes", "cursor=abc"])("refuses %s", async (query) => {
    expect((await getJson(`${org()}/members?${query}`)).status).toBe(400);
  });

  it("shows a SCIM deactivation at once as active:false and releases the seat", async () => {
    const target = sim.state.members.find((m) => m.active && m.license === "full" && m.role === "organization_internal_user" && sim.state.teamsWhereLastAdmin(m).length === 0);
    const before = await control<{ counts: { seatsUsed: number } }>(sim, "GET", "/state");
    const res = await scim(sim, `/Users/${target?.id}`, { method: "PATCH", json: patchOp({ op: "Replace", path: "active", value: false }) });
    expect(res.status).toBe(200);
    const member = await getJson(`${org()}/members/${target?.id}`);
    expect(member.body.active).toBe(false);
    const after = await control<{ counts: { seatsUsed: number } }>(sim, "GET", "/state");
    expect(after.body.counts.seatsUsed).toBe(before.body.counts.seatsUsed - 1);
    const inactive = await walkMembers(sim, token, "active=false");
    expect(inactive.ids).toContain(target?.id);
  });
});

describe("teams", () => {
  it("lists teams with an opaque cursor and a case-insensitive name filter", async () => {
    const first = await getJson(`${org()}/teams?limit=3`);
    expect(first.body).toMatchObject({ limit: 3, size: 3, type: "cursor-list" });
    expect(first.body.data[0]).toEqual({ id: sim.state.teams[0]?.id, name: sim.state.teams[0]?.name, type: "team" });
    expect(first.body.cursor).not.toBe(first.body.data[2]?.id);
    const second = await getJson(`${org()}/teams?limit=3&cursor=${String(first.body.cursor)}`);
    expect(second.body.data[0]?.id).toBe(sim.state.teams[3]?.id);
    const all = await getJson(`${org()}/teams?limit=100`);
    expect(all.body.data.length).toBe(sim.state.teams.length);
    expect(all.body).not.toHaveProperty("cursor");
    const named = await getJson(`${org()}/teams?name=ENGIN`);
    expect(named.body.data.map((t) => t.name)).toEqual(sim.state.teams.filter((t) => t.name.toLowerCase().includes("engin")).map((t) => t.name));
  });

  it("lists team members and lets a team admin be added through PATCH", async () => {
    const team = sim.state.teams[0];
    const admins = await getJson(`/v2/orgs/${sim.state.org.id}/teams/${team?.id}/members?role=admin`);
    expect(admins.body.data.length).toBeGreaterThan(0);
    expect(admins.body.data[0]).toMatchObject({ teamId: team?.id, role: "admin", type: "team-member" });
    const res = await api(sim, `${org()}/teams/${team?.id}/members/${sim.state.demo.adminUserId}`, token, { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify({ role: "admin" }) });
    expect(res.status).toBe(403);
    const writer = await mintToken(sim, { scopes: ["organizations:teams:write"] });
    const ok = await api(sim, `${org()}/teams/${team?.id}/members/${sim.state.demo.adminUserId}`, writer.access_token, { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify({ role: "admin" }) });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ id: sim.state.demo.adminUserId, role: "admin" });
  });
});

describe("access checks", () => {
  it("answers 401 without a token and with a bad token", async () => {
    const none = await getJson(org(), "");
    expect(none.status).toBe(401);
    expect(none.body).toMatchObject({ status: 401, type: "error" });
    expect((await getJson(org(), "eyJtaXJvLm9yaWdpbiI6ImV1MDEifQ_bogus")).status).toBe(401);
  });

  it("accepts the token as ?access_token=", async () => {
    expect((await fetch(`${sim.url}${org()}?access_token=${encodeURIComponent(token)}`)).status).toBe(200);
  });

  it("refuses a token without organizations:read with 403 forbiddenAccess", async () => {
    const app = await control<{ clientId: string }>(sim, "POST", "/apps", { name: "No org scope", scopes: ["boards:read"], redirectUris: ["https://x.example/cb"] });
    const limited = await mintToken(sim, { clientId: app.body.clientId });
    const res = await getJson(`${org()}/members`, limited.access_token);
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ status: 403, code: "forbiddenAccess", type: "error" });
  });

  it("refuses a user who is not a Company Admin, also after a demotion", async () => {
    const user = sim.state.members.find((m) => m.role === "organization_internal_user" && m.active);
    const userToken = await mintToken(sim, { userId: user?.id });
    expect((await getJson(org(), userToken.access_token)).status).toBe(403);
    expect((await getJson(org())).status).toBe(200);
    await control(sim, "POST", `/members/${sim.state.demo.adminUserId}`, { role: "organization_internal_user" });
    const demoted = await getJson(org());
    expect(demoted.status).toBe(403);
    expect(demoted.body.code).toBe("forbiddenAccess");
  });

  it("refuses another org id with 403 (or 404 when configured)", async () => {
    expect((await getJson("/v2/orgs/3458764599999999999/members")).status).toBe(403);
    await control(sim, "POST", "/config", { behaviour: { orgMismatchStatus: 404 } });
    expect((await getJson("/v2/orgs/3458764599999999999/members")).status).toBe(404);
  });

  it("refuses a non-Enterprise org", async () => {
    await control(sim, "POST", "/reset", { plan: "business" });
    const t = await mintToken(sim);
    expect((await getJson(org(), t.access_token)).status).toBe(403);
    await control(sim, "POST", "/reset", { plan: "company" });
  });
});
