/**
 * Control API under /__sim/ for tests, demos and benchmarks: reset, inspect, script members,
 * inject faults, move the clock, read the request log, create apps and tokens. It bypasses Miro's
 * business rules on purpose (e.g. it may deactivate a last team admin) so any scenario can be set up.
 */
import type { z } from "zod";
import { isoSeconds } from "./clock";
import {
  appCreateSchema,
  appUpdateSchema,
  authorizeSchema,
  clockSchema,
  configSchema,
  installationSchema,
  memberCreateSchema,
  memberUpdateSchema,
  mintTokenSchema,
  scimRegenerateSchema,
  scimSettingsSchema,
  type MemberUpdate,
} from "./control-schemas";
import { faultInputSchema } from "./faults";
import { empty, html, json, parseJson, rawJson, type SimRequest, type SimResponse } from "./http";
import { isGuestRole, LICENSES, ROLES } from "./licenses";
import type { Member } from "./model";
import { orgOptionsSchema } from "./options";
import { escapeHtml } from "./pages/html";
import { memberJson } from "./rest";
import { mergeOrgOptions, type SimState } from "./state";
import { completeInstall, issueCode, issueTokens, tokenResponseText } from "./tokens";
import { withParams } from "./oauth";

export const CONTROL_PREFIX = "/__sim";
const DAY = 86_400_000;

class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly issues?: unknown,
  ) {
    super(message);
  }
}

function body<T extends z.ZodType>(req: SimRequest, schema: T): z.infer<T> {
  let value: unknown = {};
  if (req.body.length > 0) {
    const parsed = parseJson(req.body);
    if (!parsed.ok) throw new ControlError(400, `Invalid JSON: ${parsed.error}`);
    value = parsed.value;
  }
  const result = schema.safeParse(value);
  if (!result.success) throw new ControlError(400, "Invalid request body", result.error.issues);
  return result.data;
}

export function stateSummary(state: SimState, url?: string): Record<string, unknown> {
  const byLicense = Object.fromEntries(LICENSES.map((l) => [l, 0])) as Record<string, number>;
  const byRole = Object.fromEntries(ROLES.map((r) => [r, 0])) as Record<string, number>;
  const activeByLicense = Object.fromEntries(LICENSES.map((l) => [l, 0])) as Record<string, number>;
  let active = 0;
  let neverActive = 0;
  for (const m of state.members) {
    byLicense[m.license] = (byLicense[m.license] ?? 0) + 1;
    byRole[m.role] = (byRole[m.role] ?? 0) + 1;
    if (m.active) {
      active += 1;
      activeByLicense[m.license] = (activeByLicense[m.license] ?? 0) + 1;
    }
    if (m.lastActivityAt === undefined) neverActive += 1;
  }
  const now = state.clock.now();
  const seatsUsed = activeByLicense.full ?? 0;
  return {
    ...(url ? { url } : {}),
    org: { id: state.org.id, name: state.org.name, plan: state.org.plan, fullLicensesPurchased: state.org.fullLicensesPurchased, domain: state.org.domain },
    teams: state.teams.map((t) => ({
      id: t.id,
      name: t.name,
      members: t.members.size,
      admins: [...t.members.values()].filter((m) => m.role === "admin").map((m) => m.memberId),
    })),
    counts: {
      members: state.members.length,
      scimVisible: state.scimVisibleMembers().length,
      active,
      deactivated: state.members.length - active,
      neverActive,
      byLicense,
      activeByLicense,
      byRole,
      seatsUsed,
      seatsAvailable: state.org.fullLicensesPurchased - seatsUsed,
    },
    credentials: state.demo,
    scim: { ...state.scim },
    apps: [...state.apps.values()],
    installations: [...state.installations.values()].map((i) => ({ ...i, installedAt: isoSeconds(i.installedAt) })),
    tokens: {
      count: state.accessTokens.size,
      refreshTokens: state.refreshTokens.size,
      list: [...state.accessTokens.values()].map((t) => ({
        ...t,
        createdAt: isoSeconds(t.createdAt),
        expiresAt: t.expiresAt === null ? null : isoSeconds(t.expiresAt),
        expired: t.expiresAt !== null && t.expiresAt <= now,
      })),
    },
    codes: state.codes.size,
    rateLimits: { enabled: state.options.rateLimit, budgets: state.options.budgets, windows: state.limiter.snapshot(now) },
    clock: { now: new Date(now).toISOString(), offsetMs: state.clock.offset },
    options: {
      members: state.options.members,
      seed: state.options.seed,
      expiringTokens: state.options.expiringTokens,
      rateLimit: state.options.rateLimit,
      scimEnabled: state.scim.enabled,
      ssoEnabled: state.options.ssoEnabled,
      behaviour: state.options.behaviour,
    },
    faults: state.faults.list(),
    boardTransfers: state.boardTransfers,
  };
}

export function memberDetail(state: SimState, member: Member): Record<string, unknown> {
  return {
    ...memberJson(member),
    givenName: member.givenName,
    familyName: member.familyName,
    displayName: member.displayName,
    department: member.enterprise.department ?? null,
    costCenter: member.enterprise.costCenter ?? null,
    createdAt: isoSeconds(member.createdAt),
    preferredLanguage: member.preferredLanguage,
    ownedBoards: member.ownedBoards,
    scimVisible: !isGuestRole(member.role),
    teams: state.userTeams(member).map((t) => ({ teamId: t.id, name: t.name, role: t.members.get(member.id)?.role })),
    lastTeamAdminOf: state.teamsWhereLastAdmin(member).map((t) => t.id),
  };
}

function applyMemberUpdate(state: SimState, member: Member, update: MemberUpdate): void {
  const now = state.clock.now();
  if (update.email && update.email.toLowerCase() !== member.email.toLowerCase()) {
    if (state.getMemberByEmail(update.email)) throw new ControlError(409, `Email ${update.email} is already used`);
    state.changeEmail(member, update.email);
  }
  if (update.givenName !== undefined) member.givenName = update.givenName;
  if (update.familyName !== undefined) member.familyName = update.familyName;
  if (update.displayName !== undefined) member.displayName = update.displayName;
  if (update.role !== undefined) member.role = update.role;
  if (update.license !== undefined && update.license !== member.license) {
    member.license = update.license;
    if (update.licenseAssignedAt === undefined && update.licenseAssignedDaysAgo === undefined) member.licenseAssignedAt = now;
  }
  if (update.lastActivityAt !== undefined) {
    if (update.lastActivityAt === null) delete member.lastActivityAt;
    else member.lastActivityAt = Date.parse(update.lastActivityAt);
  }
  if (update.lastActivityDaysAgo !== undefined) member.lastActivityAt = Math.floor((now - update.lastActivityDaysAgo * DAY) / 1000) * 1000;
  if (update.licenseAssignedAt !== undefined) {
    if (update.licenseAssignedAt === null) delete member.licenseAssignedAt;
    else member.licenseAssignedAt = Date.parse(update.licenseAssignedAt);
  }
  if (update.licenseAssignedDaysAgo !== undefined) member.licenseAssignedAt = Math.floor((now - update.licenseAssignedDaysAgo * DAY) / 1000) * 1000;
  if (update.adminRoles !== undefined) member.adminRoles = update.adminRoles;
  if (update.ownedBoards !== undefined) member.ownedBoards = update.ownedBoards;
  if (update.preferredLanguage !== undefined) member.preferredLanguage = update.preferredLanguage;
  if (update.teams !== undefined) {
    for (const entry of update.teams) if (!state.teamById.has(entry.teamId)) throw new ControlError(404, `Team ${entry.teamId} not found`);
    for (const team of state.userTeams(member)) state.removeFromTeam(member, team);
    for (const entry of update.teams) {
      const team = state.teamById.get(entry.teamId);
      if (team) state.addToTeam(member, team, entry.role, state.demo.adminUserId);
    }
  }
  if (update.active !== undefined) state.setActive(member, update.active);
  state.touch();
}

function createMember(state: SimState, req: SimRequest): Member {
  const input = body(req, memberCreateSchema);
  if (state.getMemberByEmail(input.email)) throw new ControlError(409, `Email ${input.email} is already used`);
  if (input.id && state.getMember(input.id)) throw new ControlError(409, `Member ${input.id} already exists`);
  const now = state.clock.now();
  const local = input.email.split("@")[0] ?? "user";
  const member: Member = {
    id: input.id ?? state.nextMemberId(),
    email: input.email,
    givenName: input.givenName ?? local,
    familyName: input.familyName ?? "",
    displayName: input.displayName ?? ([input.givenName, input.familyName].filter(Boolean).join(" ") || local),
    active: true,
    role: input.role ?? "organization_internal_user",
    license: input.license ?? "full",
    licenseAssignedAt: Math.floor(now / 1000) * 1000,
    adminRoles: [],
    teamIds: [],
    createdAt: Math.floor(now / 1000) * 1000,
    preferredLanguage: "en_US",
    enterprise: {},
    ownedBoards: 0,
  };
  state.insertMember(member);
  const { email: _email, id: _id, license: _license, ...rest } = input;
  applyMemberUpdate(state, member, { ...rest, teams: input.teams ?? (state.teams[0] ? [{ teamId: state.teams[0].id, role: "member" }] : []) });
  return member;
}

function listMembersForControl(state: SimState, query: URLSearchParams): SimResponse {
  const offset = Math.max(0, Number(query.get("offset") ?? 0) || 0);
  const limit = Math.min(1000, Math.max(1, Number(query.get("limit") ?? 100) || 100));
  const role = query.get("role");
  const license = query.get("license");
  const active = query.get("active");
  const matches = state.members.filter(
    (m) => (!role || m.role === role) && (!license || m.license === license) && (active === null || String(m.active) === active),
  );
  return json(200, { total: matches.length, offset, limit, members: matches.slice(offset, offset + limit).map((m) => memberDetail(state, m)) });
}

function echoPage(req: SimRequest): SimResponse {
  const params = [...req.query.entries()];
  if ((req.headers.accept ?? "").includes("application/json")) return json(200, { path: req.path, query: Object.fromEntries(params) });
  const rows = params.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td data-param="${escapeHtml(k)}">${escapeHtml(v)}</td></tr>`).join("");
  return html(200, `<!doctype html><html><head><meta charset="utf-8"><title>Echo</title></head><body><h1>Redirect received</h1><table id="params">${rows}</table></body></html>`);
}

export function handleControl(state: SimState, req: SimRequest, url: string, onReset?: () => void): SimResponse | null {
  if (req.path !== CONTROL_PREFIX && !req.path.startsWith(`${CONTROL_PREFIX}/`)) return null;
  try {
    return route(state, req, url, onReset);
  } catch (error) {
    if (error instanceof ControlError) return json(error.status, { error: error.message, ...(error.issues ? { issues: error.issues } : {}) });
    throw error;
  }
}

function route(state: SimState, req: SimRequest, url: string, onReset?: () => void): SimResponse {
  const segments = req.path.slice(CONTROL_PREFIX.length).split("/").filter(Boolean);
  const [head, id, tail] = segments;
  const m = req.method;
  const key = `${m} ${head ?? ""}${id !== undefined ? "/:id" : ""}${tail !== undefined ? `/${tail}` : ""}`;

  switch (key) {
    case "GET state":
      return json(200, stateSummary(state, url));
    case "POST reset": {
      const input = body(req, orgOptionsSchema);
      state.reset(mergeOrgOptions(state.inputOptions, input));
      onReset?.();
      return json(200, stateSummary(state, url));
    }
    case "POST config":
      state.configure(body(req, configSchema));
      return json(200, { rateLimit: state.options.rateLimit, budgets: state.options.budgets, behaviour: state.options.behaviour });
    case "GET members":
      return listMembersForControl(state, req.query);
    case "POST members":
      return json(201, memberDetail(state, createMember(state, req)));
    case "GET members/:id":
    case "POST members/:id":
    case "DELETE members/:id": {
      const member = state.getMember(id ?? "");
      if (!member) throw new ControlError(404, `Member ${id ?? ""} not found`);
      if (m === "DELETE") {
        state.removeMember(member);
        return empty(204);
      }
      if (m === "POST") applyMemberUpdate(state, member, body(req, memberUpdateSchema));
      return json(200, memberDetail(state, member));
    }
    case "GET faults":
      return json(200, state.faults.list());
    case "POST faults": {
      const input = body(req, faultInputSchema);
      return json(201, state.faults.add(input));
    }
    case "DELETE faults":
      state.faults.clear();
      return empty(204);
    case "GET clock":
      return json(200, { now: new Date(state.clock.now()).toISOString(), offsetMs: state.clock.offset });
    case "POST clock": {
      const input = body(req, clockSchema);
      if (input.reset) state.clock.reset();
      else state.clock.advance((input.advanceMs ?? 0) + (input.advanceSeconds ?? 0) * 1000 + (input.advanceDays ?? 0) * DAY);
      return json(200, { now: new Date(state.clock.now()).toISOString(), offsetMs: state.clock.offset });
    }
    case "GET requests": {
      const limit = req.query.get("limit");
      return json(200, state.requests.list({ path: req.query.get("path") ?? undefined, method: req.query.get("method") ?? undefined, limit: limit ? Number(limit) : undefined }));
    }
    case "DELETE requests":
      state.requests.clear();
      return empty(204);
    case "GET apps":
      return json(200, [...state.apps.values()]);
    case "POST apps": {
      const input = body(req, appCreateSchema);
      if (input.clientId && state.apps.has(input.clientId)) throw new ControlError(409, `App ${input.clientId} exists`);
      const owner = input.createdBy ?? state.demo.adminUserId;
      if (!state.getMember(owner)) throw new ControlError(404, `Member ${owner} not found`);
      const app = state.createApp({ ...input, developerTeamId: state.teams[0]?.id ?? "", createdBy: owner });
      return json(201, app);
    }
    case "POST apps/:id": {
      const app = state.apps.get(id ?? "");
      if (!app) throw new ControlError(404, `App ${id ?? ""} not found`);
      const input = body(req, appUpdateSchema);
      if (input.name !== undefined) app.name = input.name;
      if (input.scopes !== undefined) app.scopes = [...new Set(input.scopes)];
      if (input.redirectUris !== undefined) app.redirectUris = [...new Set(input.redirectUris)];
      return json(200, app);
    }
    case "POST tokens": {
      const input = body(req, mintTokenSchema);
      const app = state.apps.get(input.clientId ?? state.demo.clientId);
      if (!app) throw new ControlError(404, `App ${input.clientId ?? ""} not found`);
      const user = state.getMember(input.userId ?? state.demo.adminUserId);
      if (!user) throw new ControlError(404, `Member ${input.userId ?? ""} not found`);
      const teamId = input.teamId ?? user.teamIds[0] ?? state.teams[0]?.id ?? "";
      if (!state.teamById.has(teamId)) throw new ControlError(404, `Team ${teamId} not found`);
      if (input.install) completeInstall(state, app.clientId, teamId, user.id);
      return rawJson(201, tokenResponseText(state, issueTokens(state, app, user.id, teamId, input.scopes ?? app.scopes)));
    }
    case "POST authorize": {
      const input = body(req, authorizeSchema);
      const app = state.apps.get(input.clientId ?? state.demo.clientId);
      if (!app) throw new ControlError(404, `App ${input.clientId ?? ""} not found`);
      const redirectUri = input.redirectUri ?? app.redirectUris[0];
      if (!redirectUri || !app.redirectUris.includes(redirectUri)) throw new ControlError(400, "redirectUri is not registered for this app");
      const user = state.getMember(input.userId ?? state.demo.adminUserId);
      if (!user) throw new ControlError(404, "Member not found");
      const teamId = input.teamId ?? user.teamIds[0] ?? "";
      if (!user.teamIds.includes(teamId)) throw new ControlError(400, "The user is not a member of that team");
      const code = issueCode(state, { clientId: app.clientId, redirectUri, userId: user.id, teamId, scopes: app.scopes });
      if (state.options.behaviour.installOn === "consent") completeInstall(state, app.clientId, teamId, user.id);
      return json(201, { code: code.code, redirectUrl: withParams(redirectUri, { code: code.code, state: input.state, client_id: app.clientId, team_id: teamId }) });
    }
    case "GET installations":
      return json(200, [...state.installations.values()]);
    case "DELETE installations": {
      const input = body(req, installationSchema);
      if (!state.uninstall(input.clientId, input.teamId)) throw new ControlError(404, "No such installation");
      return empty(204);
    }
    case "POST scim": {
      const input = body(req, scimSettingsSchema);
      if (input.enabled !== undefined) state.scim.enabled = input.enabled;
      if (input.sendInviteEmails !== undefined) state.scim.sendInviteEmails = input.sendInviteEmails;
      return json(200, state.scim);
    }
    case "POST scim-token/:id":
      if (id !== "regenerate") break;
      return json(200, { token: state.regenerateScimToken(body(req, scimRegenerateSchema).token) });
    case "GET echo":
      return echoPage(req);
  }
  return json(404, { error: `Unknown control endpoint ${m} ${req.path}` });
}

