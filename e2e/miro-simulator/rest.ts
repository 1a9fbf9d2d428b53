/**
 * Enterprise REST v2 organization endpoints (§2): org info, org members (member-id cursor), teams
 * (opaque cursor) and team members. Responses follow miro-openapi-subset.json.
 */
import { isoSeconds } from "./clock";
import { restError } from "./errors";
import { isObject, json, parseJson, type HeaderValues, type SimRequest, type SimResponse } from "./http";
import { isLicense, isRole } from "./licenses";
import type { Member, Team, TeamMembership } from "./model";
import { restGate, type RateLevel } from "./rest-auth";
import type { SimState } from "./state";

const MAX_EMAILS = 10;

export function memberJson(member: Member): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: member.id,
    email: member.email,
    active: member.active,
    role: member.role,
    license: member.license,
  };
  // "If the user never logged in, the parameter value is empty": the key is omitted (§2.3).
  if (member.lastActivityAt !== undefined) out.lastActivityAt = isoSeconds(member.lastActivityAt);
  if (member.licenseAssignedAt !== undefined) out.licenseAssignedAt = isoSeconds(member.licenseAssignedAt);
  out.type = "organization-member";
  out.adminRoles = member.adminRoles;
  return out;
}

function teamJson(team: Team): Record<string, unknown> {
  return { id: team.id, name: team.name, type: "team" };
}

function teamMemberJson(team: Team, membership: TeamMembership): Record<string, unknown> {
  return {
    id: membership.memberId,
    teamId: team.id,
    role: membership.role,
    createdAt: isoSeconds(membership.createdAt),
    createdBy: membership.createdBy,
    modifiedAt: isoSeconds(membership.modifiedAt),
    modifiedBy: membership.modifiedBy,
    type: "team-member",
  };
}

class BadRequest extends Error {}

/** `limit` is 1..100, default 100; outside the range → 400 invalidParameters (§2.3, [INFERENCE]). */
function parseLimit(query: URLSearchParams): number {
  const raw = query.get("limit");
  if (raw === null) return 100;
  if (!/^\d+$/.test(raw.trim())) throw new BadRequest("limit must be an integer between 1 and 100");
  const limit = Number(raw);
  if (limit < 1 || limit > 100) throw new BadRequest("limit must be between 1 and 100");
  return limit;
}

function cursorPage<T>(state: SimState, limit: number, data: T[], cursor: string | undefined): Record<string, unknown> {
  const page: Record<string, unknown> = { limit, size: data.length, data };
  if (cursor !== undefined) page.cursor = cursor;
  else if (state.options.behaviour.lastPageCursor === "empty-string") page.cursor = "";
  page.type = "cursor-list";
  return page;
}

function listMembers(state: SimState, query: URLSearchParams, headers: HeaderValues): SimResponse {
  if (query.has("emails")) {
    // "only the emails parameter is considered. All other filtering parameters are ignored" (§2.3).
    const emails = (query.get("emails") ?? "").split(",").map((e) => e.trim()).filter(Boolean);
    if (emails.length === 0) throw new BadRequest("emails must contain at least one email");
    if (emails.length > MAX_EMAILS) throw new BadRequest(`Maximum emails size is ${MAX_EMAILS}`);
    const seen = new Set<string>();
    const found: Record<string, unknown>[] = [];
    for (const email of emails) {
      const member = state.getMemberByEmail(email);
      if (member && !seen.has(member.id)) {
        seen.add(member.id);
        found.push(memberJson(member));
      }
    }
    return json(200, found, headers);
  }

  const limit = parseLimit(query);
  const role = query.get("role");
  if (role !== null && !isRole(role)) throw new BadRequest(`Invalid role: ${role}`);
  const license = query.get("license");
  if (license !== null && !isLicense(license)) throw new BadRequest(`Invalid license: ${license}`);
  const activeRaw = query.get("active");
  if (activeRaw !== null && activeRaw !== "true" && activeRaw !== "false") throw new BadRequest("active must be true or false");
  const active = activeRaw === null ? undefined : activeRaw === "true";
  const cursor = query.get("cursor");
  if (cursor !== null && cursor !== "" && !/^\d{1,25}$/.test(cursor)) throw new BadRequest("Invalid cursor");

  // The cursor is the id of the last member returned; the next page starts after it (§2.3).
  const start = cursor ? state.indexAfter(cursor) : 0;
  const members = state.members;
  const page: Member[] = [];
  let more = false;
  if (role === null && license === null && active === undefined) {
    const end = Math.min(members.length, start + limit);
    for (let i = start; i < end; i++) {
      const member = members[i];
      if (member) page.push(member);
    }
    more = end < members.length;
  } else {
    const matches = (m: Member) => (role === null || m.role === role) && (license === null || m.license === license) && (active === undefined || m.active === active);
    // Filtered pages scan forward from the cursor and look one match ahead, so that the last page
    // carries no cursor rather than leading to an empty page.
    for (let i = start; i < members.length; i++) {
      const member = members[i];
      if (!member || !matches(member)) continue;
      if (page.length === limit) {
        more = true;
        break;
      }
      page.push(member);
    }
  }
  const last = page[page.length - 1];
  return json(200, cursorPage(state, limit, page.map(memberJson), more && last ? last.id : undefined), headers);
}

function encodeCursor(id: string): string {
  return Buffer.from(`after:${id}`).toString("base64url");
}

function decodeCursor(cursor: string | null): string | undefined {
  if (!cursor) return undefined;
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  const match = /^after:(\d{19})$/.exec(text);
  if (!match?.[1]) throw new BadRequest("Invalid cursor");
  return match[1];
}

function listTeams(state: SimState, query: URLSearchParams, headers: HeaderValues): SimResponse {
  const limit = parseLimit(query);
  const after = decodeCursor(query.get("cursor"));
  // "case insensitive partial match" (§2.5).
  const name = query.get("name")?.toLowerCase();
  const teams = state.teams.filter((t) => (!name || t.name.toLowerCase().includes(name)) && (!after || t.id > after));
  const page = teams.slice(0, limit);
  const last = page[page.length - 1];
  return json(200, cursorPage(state, limit, page.map(teamJson), teams.length > limit && last ? encodeCursor(last.id) : undefined), headers);
}

function listTeamMembers(state: SimState, team: Team, query: URLSearchParams, headers: HeaderValues): SimResponse {
  const limit = parseLimit(query);
  const after = decodeCursor(query.get("cursor"));
  const role = query.get("role");
  if (role !== null && !["member", "admin", "non_team", "team_guest"].includes(role)) throw new BadRequest(`Invalid role: ${role}`);
  const all = [...team.members.values()]
    .filter((m) => (role === null || m.role === role) && (!after || m.memberId > after))
    .sort((a, b) => (a.memberId < b.memberId ? -1 : 1));
  const page = all.slice(0, limit);
  const last = page[page.length - 1];
  return json(200, cursorPage(state, limit, page.map((m) => teamMemberJson(team, m)), all.length > limit && last ? encodeCursor(last.memberId) : undefined), headers);
}

function patchTeamMember(state: SimState, req: SimRequest, team: Team, membership: TeamMembership, actorId: string, headers: HeaderValues): SimResponse {
  const parsed = parseJson(req.body);
  const role = parsed.ok && isObject(parsed.value) ? parsed.value.role : undefined;
  if (role !== "member" && role !== "admin") throw new BadRequest('role must be "member" or "admin"');
  if (membership.role === "admin" && role === "member") {
    const otherAdmin = [...team.members.values()].some((m) => m.role === "admin" && m.memberId !== membership.memberId && state.getMember(m.memberId)?.active);
    if (!otherAdmin) return restError(409, "conflict", "Any team in organization must have at least one admin", headers);
  }
  const member = state.getMember(membership.memberId);
  if (member) state.addToTeam(member, team, role, actorId);
  return json(200, teamMemberJson(team, membership), headers);
}

interface RestRoute {
  level: RateLevel;
  scope: string;
  run: (headers: HeaderValues, actorId: string) => SimResponse;
}

function resolveRoute(state: SimState, req: SimRequest, rest: string[]): RestRoute | "method" | undefined {
  const q = req.query;
  const get = (route: RestRoute) => (req.method === "GET" ? route : "method");
  const notFound = (what: string) => (headers: HeaderValues) => restError(404, "notFound", `${what} not found`, headers);
  const [a, b, c, d, e] = rest;
  if (a === undefined) {
    return get({
      level: 3,
      scope: "organizations:read",
      run: (h) => json(200, { id: state.org.id, name: state.org.name, plan: state.org.plan, fullLicensesPurchased: state.org.fullLicensesPurchased, type: "organization" }, h),
    });
  }
  if (a === "members" && c === undefined) {
    if (b === undefined) return get({ level: 3, scope: "organizations:read", run: (h) => listMembers(state, q, h) });
    const member = state.getMember(b);
    return get({ level: 3, scope: "organizations:read", run: (h) => (member ? json(200, memberJson(member), h) : notFound(`Member ${b}`)(h)) });
  }
  if (a === "teams" && e === undefined) {
    if (b === undefined) return get({ level: 1, scope: "organizations:teams:read", run: (h) => listTeams(state, q, h) });
    const team = state.teamById.get(b);
    if (c === undefined) return get({ level: 1, scope: "organizations:teams:read", run: (h) => (team ? json(200, teamJson(team), h) : notFound(`Team ${b}`)(h)) });
    if (c !== "members") return undefined;
    if (d === undefined) return get({ level: 2, scope: "organizations:teams:read", run: (h) => (team ? listTeamMembers(state, team, q, h) : notFound(`Team ${b}`)(h)) });
    const membership = team?.members.get(d);
    const missing = notFound(`Team member ${d}`);
    if (req.method === "GET") return { level: 1, scope: "organizations:teams:read", run: (h) => (team && membership ? json(200, teamMemberJson(team, membership), h) : missing(h)) };
    if (req.method === "PATCH") {
      return { level: 2, scope: "organizations:teams:write", run: (h, actor) => (team && membership ? patchTeamMember(state, req, team, membership, actor, h) : missing(h)) };
    }
    return "method";
  }
  return undefined;
}

export function handleRest(state: SimState, req: SimRequest): SimResponse | null {
  if (!req.path.startsWith("/v2/")) return null;
  const segments = req.path.split("/").filter(Boolean);
  if (segments[1] !== "orgs" || segments[2] === undefined) return restError(404, "notFound", `No route for ${req.method} ${req.path}`);
  const orgId = decodeURIComponent(segments[2]);
  const route = resolveRoute(state, req, segments.slice(3));
  if (route === undefined) return restError(404, "notFound", `No route for ${req.method} ${req.path}`);
  if (route === "method") return restError(405, "methodNotAllowed", `${req.method} is not allowed on ${req.path}`);
  const gate = restGate(state, req, { level: route.level, scope: route.scope, orgId });
  if (!gate.ok) return gate.response;
  try {
    return route.run(gate.headers, gate.token.userId);
  } catch (error) {
    if (error instanceof BadRequest) return restError(400, "invalidParameters", error.message, gate.headers);
    throw error;
  }
}
