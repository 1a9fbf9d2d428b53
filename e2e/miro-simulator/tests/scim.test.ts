import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Member } from "../model";
import { api, control, mintToken, patchOp, scim, startSim, type Sim } from "./helpers";

let sim: Sim;
const ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

beforeAll(async () => {
  sim = await startSim({ members: 1500, seed: 11, rateLimit: false });
});
afterAll(async () => {
  await sim.close();
});
beforeEach(async () => {
  await control(sim, "POST", "/reset", {});
});

type ScimList = { schemas: string[]; totalResults: number; startIndex: number; itemsPerPage: number; Resources: Record<string, unknown>[] };
const list = async (query: string) => {
  const res = await scim(sim, `/Users?${query}`);
  return { status: res.status, body: (await res.json()) as ScimList };
};
const filterQuery = (filter: string, extra = "") => `filter=${encodeURIComponent(filter)}&count=1000${extra}`;
const visible = () => sim.state.members.filter((m) => m.role !== "organization_team_guest_user" && m.role !== "organization_external_user");
/** An active internal user who is not the last admin of any team: free to deactivate or delete. */
const plainUser = (predicate: (m: Member) => boolean = () => true) =>
  sim.state.members.find((m) => m.active && m.role === "organization_internal_user" && sim.state.teamsWhereLastAdmin(m).length === 0 && predicate(m));
const patch = (id: string | undefined, ...ops: Record<string, unknown>[]) => scim(sim, `/Users/${id}`, { method: "PATCH", json: patchOp(...ops) });
const expectScimError = async (res: Response, status: number, scimType?: string) => {
  expect(res.status).toBe(status);
  const body = (await res.json()) as Record<string, unknown>;
  expect(body.schemas).toEqual([ERROR_SCHEMA]);
  expect(body.status).toBe(String(status));
  expect(typeof body.detail).toBe("string");
  if (scimType) expect(body.scimType).toBe(scimType);
  return body;
};

describe("authentication", () => {
  it("needs the SCIM bearer token (an OAuth token is not enough)", async () => {
    await expectScimError(await fetch(`${sim.url}/api/v1/scim/Users`), 401);
    await expectScimError(await scim(sim, "/Users", { token: "wrong-token-value" }), 401);
    await expectScimError(await scim(sim, "/Users", { token: (await mintToken(sim)).access_token }), 401);
  });

  it("refuses the old token after regeneration", async () => {
    const old = sim.state.scim.token;
    const res = await control<{ token: string }>(sim, "POST", "/scim-token/regenerate");
    expect(res.body.token).not.toBe(old);
    expect((await scim(sim, "/Users?count=1", { token: old })).status).toBe(401);
    expect((await scim(sim, "/Users?count=1", { token: res.body.token })).status).toBe(200);
  });

  it("answers 403 while SCIM is disabled", async () => {
    await control(sim, "POST", "/scim", { enabled: false });
    await expectScimError(await scim(sim, "/Users"), 403);
  });
});

describe("discovery", () => {
  it("serves ServiceProviderConfig per §3.2", async () => {
    const body = (await (await scim(sim, "/ServiceProviderConfig")).json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
      patch: { supported: true },
      bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
      filter: { supported: true, maxResults: 200 },
      changePassword: { supported: false },
      sort: { supported: true },
      etag: { supported: false },
      authenticationSchemes: [expect.objectContaining({ type: "oauthbearertoken", primary: true })],
    });
  });

  it("serves ResourceTypes and Schemas", async () => {
    const types = (await (await scim(sim, "/ResourceTypes")).json()) as ScimList;
    expect(types.Resources.map((r) => r.id)).toEqual(["User", "Group"]);
    expect(types.Resources[0]).toMatchObject({ schemaExtensions: [{ schema: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", required: false }] });
    const user = await scim(sim, "/Schemas/urn:ietf:params:scim:schemas:core:2.0:User");
    expect(user.status).toBe(200);
    expect((await scim(sim, "/Schemas/urn:nope")).status).toBe(404);
  });
});

describe("GET /Users", () => {
  it("pages 1-based with startIndex and count and never shows guests or external users", async () => {
    const first = await list("startIndex=1&count=10");
    expect(first.body).toMatchObject({ schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], totalResults: visible().length, startIndex: 1, itemsPerPage: 10 });
    expect(first.body.Resources.map((r) => r.id)).toEqual(visible().slice(0, 10).map((m) => m.id));
    const second = await list("startIndex=11&count=10");
    expect(second.body.Resources[0]?.id).toBe(visible()[10]?.id);
    const all = await list("count=1000&startIndex=1");
    const rest = await list("count=1000&startIndex=1001");
    const ids = [...all.body.Resources, ...rest.body.Resources].map((r) => r.id);
    expect(ids.length).toBe(visible().length);
    const guests = new Set(sim.state.members.filter((m) => !visible().includes(m)).map((m) => m.id));
    expect(guests.size).toBeGreaterThan(0);
    expect(ids.some((id) => guests.has(String(id)))).toBe(false);
  });

  it("defaults count to 100 and caps it at 1000", async () => {
    expect((await list("")).body.itemsPerPage).toBe(100);
    expect((await list("count=5000")).body.itemsPerPage).toBe(1000);
  });

  it("answers count=0 with totalResults and no resources", async () => {
    const { body } = await list(`count=0&${filterQuery("(active eq true)").replace("&count=1000", "")}`);
    expect(body.totalResults).toBe(visible().filter((m) => m.active).length);
    expect(body.Resources).toEqual([]);
    expect(body.itemsPerPage).toBe(0);
  });

  it.each([
    ["(active eq true)", (m: Member) => m.active],
    ['userType ne "Full"', (m: Member) => m.license !== "full"],
    ['userType eq "Free Restricted" and active eq true', (m: Member) => m.license === "free_restricted" && m.active],
    ['displayName co "an" or userName sw "al"', (m: Member) => m.displayName.toLowerCase().includes("an") || m.email.startsWith("al")],
    ['not (active eq true) or userType eq "Advanced"', (m: Member) => !m.active || m.license === "advanced"],
    ['emails[type eq "work" and value ew ".example"]', () => true],
    ['name.familyName eq "SMITH"', (m: Member) => m.familyName === "Smith"],
  ] as const)("filters %s", async (filter, predicate) => {
    const expected = visible().filter(predicate).map((m) => m.id);
    const { status, body } = await list(filterQuery(filter));
    expect(status).toBe(200);
    expect(body.totalResults).toBe(expected.length);
    expect(body.Resources.map((r) => r.id)).toEqual(expected.slice(0, 1000));
  });

  it("finds a user by userName case-insensitively, and not a guest", async () => {
    const user = visible()[5];
    const { body } = await list(filterQuery(`userName eq "${user?.email.toUpperCase()}"`));
    expect(body.Resources.map((r) => r.id)).toEqual([user?.id]);
    const guest = sim.state.members.find((m) => m.role === "organization_team_guest_user");
    expect((await list(filterQuery(`userName eq "${guest?.email}"`))).body.totalResults).toBe(0);
  });

  it("answers an invalid filter with 400 invalidFilter", async () => {
    await expectScimError(await scim(sim, `/Users?filter=${encodeURIComponent('userName eq "x')}`), 400, "invalidFilter");
  });

  it("returns only the requested attributes (plus id and schemas)", async () => {
    const { body } = await list("count=2&attributes=userName,emails.value,name.givenName");
    expect(Object.keys(body.Resources[0] ?? {}).sort()).toEqual(["emails", "id", "name", "schemas", "userName"]);
    expect(body.Resources[0]?.emails).toEqual([{ value: visible()[0]?.email }]);
    expect(body.Resources[0]?.name).toEqual({ givenName: visible()[0]?.givenName });
  });
});

describe("GET /Users/{id}", () => {
  it("maps the member to a SCIM user with userType for the license", async () => {
    const member = visible().find((m) => m.license === "full_trial");
    const res = await scim(sim, `/Users/${member?.id}`);
    const body = (await res.json()) as Record<string, unknown>;
    expect(res.headers.get("content-type")).toContain("application/scim+json");
    expect(body).toMatchObject({
      id: member?.id,
      userName: member?.email,
      userType: "Full (Trial)",
      active: member?.active,
      meta: { resourceType: "User", location: `${sim.url}/api/v1/scim/Users/${member?.id}` },
      roles: [{ type: "organization_user_role", value: "ORGANIZATION_INTERNAL_USER", primary: true }],
    });
  });

  it("answers 404 for guests and unknown ids", async () => {
    const guest = sim.state.members.find((m) => m.role === "organization_external_user");
    await expectScimError(await scim(sim, `/Users/${guest?.id}`), 404);
    await expectScimError(await scim(sim, "/Users/3074457345999999999"), 404);
    await expectScimError(await patch(guest?.id, { op: "replace", path: "active", value: false }), 404);
  });
});

describe("PATCH /Users/{id}", () => {
  it.each([
    ["Replace + boolean", { op: "Replace", path: "active", value: false }],
    ["lowercase op + string boolean", { op: "replace", path: "active", value: "False" }],
    ["path-less value object", { op: "replace", value: { active: false } }],
  ])("deactivates (%s) and keeps the license by default", async (_name, op) => {
    const user = plainUser((m) => m.license === "full");
    const res = await patch(user?.id, op);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: user?.id, active: false, userType: "Full" });
    expect(sim.state.getMember(user?.id ?? "")?.active).toBe(false);
  });

  it("can switch a deactivated member's license to free_restricted (configurable inference)", async () => {
    await control(sim, "POST", "/config", { behaviour: { deactivatedLicense: "free_restricted" } });
    const user = plainUser((m) => m.license === "full");
    await patch(user?.id, { op: "replace", path: "active", value: false });
    const rest = await api(sim, `/v2/orgs/${sim.state.org.id}/members/${user?.id}`, (await mintToken(sim)).access_token);
    expect(await rest.json()).toMatchObject({ active: false, license: "free_restricted" });
  });

  it("reactivates", async () => {
    const user = sim.state.members.find((m) => !m.active && m.role === "organization_internal_user");
    const res = await patch(user?.id, { op: "replace", path: "active", value: true });
    expect(res.status).toBe(200);
    expect(sim.state.getMember(user?.id ?? "")?.active).toBe(true);
  });

  it("upgrades to Full", async () => {
    const user = plainUser((m) => m.license === "free");
    const res = await patch(user?.id, { op: "Replace", path: "userType", value: "full" });
    expect(res.status).toBe(200);
    expect(sim.state.getMember(user?.id ?? "")?.license).toBe("full");
  });

  it.each([
    ["full", "Free Restricted"],
    ["full", "Free"],
    ["occasional", "Free"],
    ["advanced", "Full"],
  ])("refuses a downgrade from %s to %s with 400 invalidValue", async (license, userType) => {
    const user = plainUser((m) => m.license === license);
    await expectScimError(await patch(user?.id, { op: "replace", path: "userType", value: userType }), 400, "invalidValue");
    expect(sim.state.getMember(user?.id ?? "")?.license).toBe(license);
  });

  it("accepts resending the current userType", async () => {
    const user = plainUser((m) => m.license === "free");
    expect((await patch(user?.id, { op: "replace", value: { userType: "Free", displayName: "New Name" } })).status).toBe(200);
    expect(sim.state.getMember(user?.id ?? "")?.displayName).toBe("New Name");
  });

  it("refuses to deactivate the last admin of a team with 409, and changes nothing", async () => {
    const team = sim.state.teams.find((t) => [...t.members.values()].filter((m) => m.role === "admin").length === 1);
    const adminId = [...(team?.members.values() ?? [])].find((m) => m.role === "admin")?.memberId ?? "";
    const body = await expectScimError(await patch(adminId, { op: "replace", path: "active", value: false }), 409);
    expect(String(body.detail)).toContain("at least one admin");
    expect(sim.state.getMember(adminId)?.active).toBe(true);
    await expectScimError(await scim(sim, `/Users/${adminId}`, { method: "DELETE" }), 409);
    // Once another member is team admin, deactivation goes through.
    const other = plainUser((m) => m.id !== adminId);
    await control(sim, "POST", `/members/${other?.id}`, { teams: [{ teamId: team?.id, role: "admin" }] });
    expect((await patch(adminId, { op: "replace", path: "active", value: false })).status).toBe(200);
  });

  it("refuses to deactivate a Company Admin", async () => {
    await expectScimError(await patch(sim.state.demo.adminUserId, { op: "replace", path: "active", value: false }), 409);
  });

  it("refuses userName and userType changes of a deactivated user with 409", async () => {
    const user = sim.state.members.find((m) => !m.active && m.role === "organization_internal_user" && m.license !== "full");
    await expectScimError(await patch(user?.id, { op: "replace", path: "userName", value: "renamed@x.example" }), 409);
    await expectScimError(await patch(user?.id, { op: "replace", path: "userType", value: "Full" }), 409);
    expect((await patch(user?.id, { op: "replace", path: "displayName", value: "Still editable" })).status).toBe(200);
  });

  it("changes userName, refusing a duplicate", async () => {
    const [a, b] = [plainUser(), plainUser((m) => m.id !== plainUser()?.id)];
    await expectScimError(await patch(a?.id, { op: "replace", path: "userName", value: b?.email }), 400, "invalidValue");
    expect((await patch(a?.id, { op: "replace", path: "userName", value: "new.login@x.example" })).status).toBe(200);
    expect(sim.state.getMemberByEmail("new.login@x.example")?.id).toBe(a?.id);
  });

  it("changes roles via the documented paths", async () => {
    const user = plainUser();
    await patch(user?.id, { op: "Add", path: "roles", value: [{ value: "Content Admin", type: "organization_admin_role", primary: false }] });
    expect(sim.state.getMember(user?.id ?? "")?.adminRoles).toEqual([{ type: "prebuilt", name: "Content Admin" }]);
    await patch(user?.id, { op: "Remove", path: 'roles[value eq "Content Admin"]' });
    expect(sim.state.getMember(user?.id ?? "")?.adminRoles).toEqual([]);
    await patch(user?.id, { op: "Replace", path: "roles[primary eq true].value", value: "ORGANIZATION_INTERNAL_ADMIN" });
    expect(sim.state.getMember(user?.id ?? "")?.role).toBe("organization_internal_admin");
    await patch(user?.id, { op: "Replace", path: "roles.value", value: "ORGANIZATION_INTERNAL_USER" });
    expect(sim.state.getMember(user?.id ?? "")?.role).toBe("organization_internal_user");
    await expectScimError(await patch(user?.id, { op: "Replace", path: "roles.value", value: "ORGANIZATION_TEAM_GUEST_USER" }), 400, "invalidValue");
  });

  it("sets enterprise extension attributes", async () => {
    const user = plainUser();
    const res = await patch(user?.id, { op: "Replace", path: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", value: "IT" });
    expect(((await res.json()) as Record<string, Record<string, unknown>>)["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"]?.department).toBe("IT");
  });

  it("refuses a malformed body, an unknown op and a non-JSON media type", async () => {
    const user = plainUser();
    await expectScimError(await scim(sim, `/Users/${user?.id}`, { method: "PATCH", json: { Operations: [] } }), 400);
    await expectScimError(await patch(user?.id, { op: "explode", path: "active", value: false }), 400);
    const res = await scim(sim, `/Users/${user?.id}`, { method: "PATCH", body: "active=false", headers: { "content-type": "application/x-www-form-urlencoded" } });
    await expectScimError(res, 415);
  });
});

describe("PUT, POST and DELETE /Users", () => {
  it("creates a user: 201, Location, default license, default team", async () => {
    const res = await scim(sim, "/Users", {
      method: "POST",
      json: { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "new.hire@northwind.example", name: { givenName: "New", familyName: "Hire" } },
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as Record<string, unknown>;
    expect(res.headers.get("location")).toBe(`${sim.url}/api/v1/scim/Users/${String(body.id)}`);
    expect(body).toMatchObject({ userName: "new.hire@northwind.example", displayName: "New Hire", userType: "Full", active: true });
    expect(String(body.id)).toMatch(/^\d{19}$/);
    expect(sim.state.getMember(String(body.id))?.teamIds).toEqual([sim.state.teams[0]?.id]);
    const again = await scim(sim, "/Users", { method: "POST", json: { userName: "NEW.HIRE@northwind.example" } });
    const err = await expectScimError(again, 400, "invalidValue");
    expect(err.detail).toContain("not unique");
    await expectScimError(await scim(sim, "/Users", { method: "POST", json: { userName: "x@y.example", name: { givenName: "Only" } } }), 400, "invalidValue");
  });

  it("refuses emails outside the allow list with 409 when one is configured", async () => {
    await control(sim, "POST", "/config", { behaviour: { emailDomainAllowList: [sim.state.org.domain] } });
    const err = await expectScimError(await scim(sim, "/Users", { method: "POST", json: { userName: "someone@elsewhere.example" } }), 409);
    expect(err.detail).toBe("someone@elsewhere.example is not whitelisted");
  });

  it("replaces a user with PUT", async () => {
    const user = plainUser();
    const res = await scim(sim, `/Users/${user?.id}`, { method: "PUT", json: { userName: user?.email, displayName: "Put Name", active: true } });
    expect(res.status).toBe(200);
    expect(sim.state.getMember(user?.id ?? "")?.displayName).toBe("Put Name");
  });

  it("deletes with 204: the member leaves the org and the boards go to the oldest team admin", async () => {
    const user = plainUser((m) => m.ownedBoards > 0);
    const res = await scim(sim, `/Users/${user?.id}`, { method: "DELETE" });
    expect(res.status).toBe(204);
    expect((await scim(sim, `/Users/${user?.id}`)).status).toBe(404);
    const rest = await api(sim, `/v2/orgs/${sim.state.org.id}/members/${user?.id}`, (await mintToken(sim)).access_token);
    expect(rest.status).toBe(404);
    const state = await control<{ boardTransfers: { fromMemberId: string; toMemberId: string | null; boards: number }[] }>(sim, "GET", "/state");
    expect(state.body.boardTransfers).toEqual([expect.objectContaining({ fromMemberId: user?.id, boards: user?.ownedBoards })]);
    expect(state.body.boardTransfers[0]?.toMemberId).toMatch(/^\d{19}$/);
  });

  it("refuses to delete a guest (404)", async () => {
    const guest = sim.state.members.find((m) => m.role === "organization_team_guest_user");
    await expectScimError(await scim(sim, `/Users/${guest?.id}`, { method: "DELETE" }), 404);
  });
});

describe("Groups (legacy model: teams)", () => {
  it("lists teams as groups with internal members only, filters by displayName", async () => {
    const res = await scim(sim, `/Groups?filter=${encodeURIComponent(`displayName eq "${sim.state.teams[1]?.name}"`)}`);
    const body = (await res.json()) as ScimList;
    expect(body.totalResults).toBe(1);
    const members = body.Resources[0]?.members as { value: string }[];
    const guestIds = new Set(sim.state.members.filter((m) => m.role.endsWith("guest_user") || m.role.endsWith("external_user")).map((m) => m.id));
    expect(members.length).toBeGreaterThan(0);
    expect(members.some((m) => guestIds.has(m.value))).toBe(false);
    await expectScimError(await scim(sim, `/Groups?filter=${encodeURIComponent('members.value eq "1"')}`), 400, "invalidFilter");
  });

  it("adds a guest to a group as a full internal user and refuses to remove the last admin", async () => {
    const team = sim.state.teams[0];
    const guest = sim.state.members.find((m) => m.role === "organization_team_guest_user" && !team?.members.has(m.id));
    const add = await scim(sim, `/Groups/${team?.id}`, { method: "PATCH", json: patchOp({ op: "Add", path: "members", value: [{ value: guest?.id }] }) });
    expect(add.status).toBe(204);
    expect(sim.state.getMember(guest?.id ?? "")).toMatchObject({ role: "organization_internal_user", license: "full" });
    const admins = [...(team?.members.values() ?? [])].filter((m) => m.role === "admin");
    const ops = admins.map((a) => ({ op: "Remove", path: `members[value eq "${a.memberId}"]` }));
    await expectScimError(await scim(sim, `/Groups/${team?.id}`, { method: "PATCH", json: patchOp(...ops) }), 409);
    await expectScimError(await scim(sim, `/Groups/${team?.id}`, { method: "PATCH", json: patchOp({ op: "Add", path: "members", value: [{ value: "3074457345999999999" }] }) }), 404);
  });

  it("does not create or delete groups", async () => {
    await expectScimError(await scim(sim, "/Groups", { method: "POST", json: { displayName: "New" } }), 405);
    await expectScimError(await scim(sim, `/Groups/${sim.state.teams[0]?.id}`, { method: "DELETE" }), 405);
  });
});
