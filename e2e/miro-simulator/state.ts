/**
 * The mutable state of one simulated organization and the invariants every API shares: REST, SCIM,
 * OAuth and the settings pages all read and write these same objects, so a SCIM deactivation is
 * visible in REST at once (§7.2 "Shared state").
 *
 * Members live in an array sorted by id (ids are equal-length decimal strings) plus maps by id and
 * by email, so a cursor page is a binary search and a slice, with no per-request O(N) work.
 */
import { SimClock } from "./clock";
import { FaultRegistry } from "./faults";
import { generateOrg } from "./generate";
import { appClientId, appClientSecret, compareIds, demoClientId, demoClientSecret, memberIdBase, scimToken } from "./ids";
import { isGuestRole } from "./licenses";
import type {
  AccessToken,
  App,
  AuthorizationCode,
  DemoCredentials,
  Installation,
  Member,
  Organization,
  RefreshToken,
  ScimSettings,
  Session,
  Team,
} from "./model";
import { mergeBehaviour, mergeBudgets, resolveOptions, type OrgOptions, type ResolvedOptions } from "./options";
import { mulberry32, randInt, type Rng } from "./prng";
import { FixedWindowCounter } from "./rate-limit";
import { RequestLog } from "./request-log";

export interface BoardTransfer {
  fromMemberId: string;
  toMemberId: string | null;
  teamId: string | null;
  boards: number;
  at: number;
}

export interface NewApp {
  name: string;
  scopes: string[];
  redirectUris: string[];
  expiringTokens: boolean;
  developerTeamId: string;
  createdBy: string;
  clientId?: string;
  clientSecret?: string;
}

export class SimState {
  readonly clock = new SimClock();
  readonly faults = new FaultRegistry();
  readonly requests = new RequestLog(5000);
  readonly limiter = new FixedWindowCounter();
  /** Set by the server once listening; the session cookie name includes it (cookies ignore ports). */
  port = 0;

  inputOptions: OrgOptions = {};
  options!: ResolvedOptions;
  org!: Organization;
  teams: Team[] = [];
  readonly teamById = new Map<string, Team>();
  members: Member[] = [];
  readonly memberById = new Map<string, Member>();
  readonly memberByEmail = new Map<string, Member>();
  readonly apps = new Map<string, App>();
  readonly installations = new Map<string, Installation>();
  readonly codes = new Map<string, AuthorizationCode>();
  readonly accessTokens = new Map<string, AccessToken>();
  readonly refreshTokens = new Map<string, RefreshToken>();
  readonly sessions = new Map<string, Session>();
  scim!: ScimSettings;
  demo!: DemoCredentials;
  boardTransfers: BoardTransfer[] = [];
  /** Bumped on every member or team change; SCIM caches derived lists per version. */
  version = 0;

  /** Apps created so far; seed-derived client ids count with it. */
  appCounter = 0;
  private idRng: Rng = mulberry32(0);
  private scimVisibleCache: { version: number; members: Member[] } | undefined;

  constructor(input: OrgOptions = {}) {
    this.reset(input);
  }

  get cookieName(): string {
    return `miro_sim_session_${this.port}`;
  }

  /** Regenerates everything from the options: org, members, apps, tokens, faults, log, clock. */
  reset(input: OrgOptions): void {
    this.inputOptions = input;
    const options = resolveOptions(input);
    this.options = options;
    this.clock.reset();
    if (options.startTime !== undefined) this.clock.setNow(options.startTime);
    this.faults.clear();
    this.requests.clear();
    this.limiter.clear();
    for (const map of [this.teamById, this.memberById, this.memberByEmail, this.apps, this.installations, this.codes]) map.clear();
    this.accessTokens.clear();
    this.refreshTokens.clear();
    this.sessions.clear();
    this.boardTransfers = [];
    this.appCounter = 0;
    this.idRng = mulberry32((options.seed ^ 0x9e3779b9) >>> 0);
    this.scimVisibleCache = undefined;

    const generated = generateOrg(options, this.clock.now());
    this.org = generated.org;
    this.teams = generated.teams;
    for (const team of this.teams) this.teamById.set(team.id, team);
    this.members = generated.members;
    for (const member of this.members) {
      this.memberById.set(member.id, member);
      this.memberByEmail.set(member.email.toLowerCase(), member);
    }
    this.touch();

    const admin = this.members[0];
    const firstTeam = this.teams[0];
    if (!admin || !firstTeam) throw new Error("generated organization has no admin or no team");
    const app = this.createApp({
      name: options.appName,
      scopes: options.appScopes,
      redirectUris: options.redirectUris,
      expiringTokens: options.expiringTokens,
      developerTeamId: firstTeam.id,
      createdBy: admin.id,
      clientId: options.clientId ?? demoClientId(options.seed),
      clientSecret: options.clientSecret ?? demoClientSecret(options.seed),
    });
    this.scim = {
      enabled: options.scimEnabled,
      token: options.scimToken ?? scimToken(options.seed, 0),
      sendInviteEmails: false,
      generation: 0,
    };
    this.demo = {
      orgId: this.org.id,
      orgName: this.org.name,
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      appName: app.name,
      scopes: app.scopes,
      redirectUris: app.redirectUris,
      expiringTokens: app.expiringTokens,
      scimToken: this.scim.token,
      adminUserId: admin.id,
      adminEmail: admin.email,
      adminPassword: options.adminPassword ?? `miro-demo-${options.seed}`,
    };
  }

  /** Changes run-time behaviour (rate limits, [INFERENCE] switches) without regenerating data. */
  configure(input: Pick<OrgOptions, "rateLimit" | "budgets" | "behaviour">): void {
    if (input.rateLimit !== undefined) this.options.rateLimit = input.rateLimit;
    this.options.budgets = mergeBudgets(this.options.budgets, input.budgets);
    this.options.behaviour = mergeBehaviour(this.options.behaviour, input.behaviour);
  }

  touch(): void {
    this.version += 1;
  }

  /**
   * After a saved state replaced the generated members: new member ids continue from a sequence of
   * their own, so a restored org does not hand out the ids the generator's sequence gave before.
   */
  reseedIds(salt: number): void {
    this.idRng = mulberry32((this.options.seed ^ 0x9e3779b9 ^ salt) >>> 0);
    this.scimVisibleCache = undefined;
    this.touch();
  }

  // ---- members -------------------------------------------------------------------------------

  getMember(id: string): Member | undefined {
    return this.memberById.get(id);
  }

  getMemberByEmail(email: string): Member | undefined {
    return this.memberByEmail.get(email.toLowerCase());
  }

  /** Index of the first member whose id is greater than `id` (the org-members cursor semantics). */
  indexAfter(id: string): number {
    let lo = 0;
    let hi = this.members.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const member = this.members[mid];
      if (member && compareIds(member.id, id) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  nextMemberId(): string {
    const last = this.members[this.members.length - 1];
    const base = last ? BigInt(last.id) : memberIdBase(this.options.seed);
    return (base + BigInt(randInt(this.idRng, 1, 997))).toString();
  }

  /** Inserts in id order; the caller guarantees id and email are unused. */
  insertMember(member: Member): void {
    const index = this.indexAfter(member.id);
    this.members.splice(index, 0, member);
    this.memberById.set(member.id, member);
    this.memberByEmail.set(member.email.toLowerCase(), member);
    this.touch();
  }

  changeEmail(member: Member, email: string): void {
    this.memberByEmail.delete(member.email.toLowerCase());
    member.email = email;
    this.memberByEmail.set(email.toLowerCase(), member);
    this.touch();
  }

  /** Deactivation releases the seat: seat counts only count active members (§3.9). */
  setActive(member: Member, active: boolean): void {
    if (member.active === active) return;
    member.active = active;
    if (!active) {
      if (this.options.behaviour.deactivatedLicense === "free_restricted") member.license = "free_restricted";
      // "Deactivated users are signed out and cannot sign back in" (§3.9).
      for (const [id, session] of this.sessions) if (session.userId === member.id) this.sessions.delete(id);
    }
    this.touch();
  }

  /** Teams in which this member is the only active admin: removing or deactivating them must fail. */
  teamsWhereLastAdmin(member: Member): Team[] {
    const blocking: Team[] = [];
    for (const teamId of member.teamIds) {
      const team = this.teamById.get(teamId);
      if (team?.members.get(member.id)?.role !== "admin") continue;
      let otherAdmin = false;
      for (const membership of team.members.values()) {
        if (membership.role !== "admin" || membership.memberId === member.id) continue;
        if (this.memberById.get(membership.memberId)?.active) {
          otherAdmin = true;
          break;
        }
      }
      if (!otherAdmin) blocking.push(team);
    }
    return blocking;
  }

  activeCompanyAdmins(): Member[] {
    return this.members.filter((m) => m.active && m.role === "organization_internal_admin");
  }

  /** Removes the member from the org and its teams, moving boards to the oldest team admin (§3.5). */
  removeMember(member: Member): void {
    const index = this.indexAfter(member.id) - 1;
    if (this.members[index]?.id === member.id) this.members.splice(index, 1);
    this.memberById.delete(member.id);
    this.memberByEmail.delete(member.email.toLowerCase());
    let receiver: { memberId: string; teamId: string } | undefined;
    for (const teamId of member.teamIds) {
      const team = this.teamById.get(teamId);
      if (!team) continue;
      team.members.delete(member.id);
      receiver ??= this.oldestAdmin(team);
    }
    if (member.ownedBoards > 0) {
      if (receiver) {
        const to = this.memberById.get(receiver.memberId);
        if (to) to.ownedBoards += member.ownedBoards;
      }
      this.boardTransfers.push({
        fromMemberId: member.id,
        toMemberId: receiver?.memberId ?? null,
        teamId: receiver?.teamId ?? null,
        boards: member.ownedBoards,
        at: this.clock.now(),
      });
    }
    for (const [id, session] of this.sessions) if (session.userId === member.id) this.sessions.delete(id);
    this.touch();
  }

  private oldestAdmin(team: Team): { memberId: string; teamId: string } | undefined {
    let best: { memberId: string; createdAt: number } | undefined;
    for (const membership of team.members.values()) {
      if (membership.role !== "admin" || !this.memberById.get(membership.memberId)?.active) continue;
      if (!best || membership.createdAt < best.createdAt) best = { memberId: membership.memberId, createdAt: membership.createdAt };
    }
    return best ? { memberId: best.memberId, teamId: team.id } : undefined;
  }

  addToTeam(member: Member, team: Team, role: "member" | "admin", actorId: string): void {
    const now = this.clock.now();
    const existing = team.members.get(member.id);
    if (existing) {
      existing.role = role;
      existing.modifiedAt = now;
      existing.modifiedBy = actorId;
    } else {
      team.members.set(member.id, { memberId: member.id, role, createdAt: now, createdBy: actorId, modifiedAt: now, modifiedBy: actorId });
      member.teamIds.push(team.id);
    }
    this.touch();
  }

  removeFromTeam(member: Member, team: Team): void {
    team.members.delete(member.id);
    member.teamIds = member.teamIds.filter((id) => id !== team.id);
    this.touch();
  }

  /** Members SCIM exposes: everyone except guests and external users (§3.4), in id order. */
  scimVisibleMembers(): Member[] {
    if (this.scimVisibleCache?.version !== this.version) {
      this.scimVisibleCache = { version: this.version, members: this.members.filter((m) => !isGuestRole(m.role)) };
    }
    return this.scimVisibleCache.members;
  }

  // ---- apps, installations, sessions ---------------------------------------------------------

  createApp(input: NewApp): App {
    this.appCounter += 1;
    const app: App = {
      clientId: input.clientId ?? appClientId(this.options.seed, this.appCounter),
      clientSecret: input.clientSecret ?? appClientSecret(this.options.seed, this.appCounter),
      name: input.name,
      scopes: [...new Set(input.scopes)],
      redirectUris: [...new Set(input.redirectUris)],
      expiringTokens: input.expiringTokens,
      developerTeamId: input.developerTeamId,
      createdBy: input.createdBy,
      createdAt: this.clock.now(),
    };
    this.apps.set(app.clientId, app);
    return app;
  }

  installation(clientId: string, teamId: string): Installation | undefined {
    return this.installations.get(`${clientId}:${teamId}`);
  }

  recordInstallation(clientId: string, teamId: string, userId: string): { reinstall: boolean } {
    const key = `${clientId}:${teamId}`;
    const existing = this.installations.get(key);
    const now = this.clock.now();
    if (existing) {
      existing.installCount += 1;
      existing.installedAt = now;
      existing.userId = userId;
      return { reinstall: true };
    }
    this.installations.set(key, { clientId, teamId, userId, installedAt: now, installCount: 1 });
    return { reinstall: false };
  }

  /** Uninstalling ends every token of that (app, team), including non-expiring ones (§1.5). */
  uninstall(clientId: string, teamId: string): boolean {
    const removed = this.installations.delete(`${clientId}:${teamId}`);
    for (const token of [...this.accessTokens.values()]) {
      if (token.clientId === clientId && token.teamId === teamId) this.revokeAccessToken(token.token);
    }
    return removed;
  }

  revokeAccessToken(token: string): boolean {
    const record = this.accessTokens.get(token);
    if (!record) return false;
    this.accessTokens.delete(token);
    if (record.refreshToken) this.refreshTokens.delete(record.refreshToken);
    return true;
  }

  userTeams(member: Member): Team[] {
    return member.teamIds.map((id) => this.teamById.get(id)).filter((t): t is Team => t !== undefined);
  }

  regenerateScimToken(explicit?: string): string {
    this.scim.generation += 1;
    this.scim.token = explicit ?? scimToken(this.options.seed, this.scim.generation);
    return this.scim.token;
  }
}

/** Reset bodies are merged over the options the simulator was started with (one level deep). */
export function mergeOrgOptions(base: OrgOptions, patch: OrgOptions): OrgOptions {
  return {
    ...base,
    ...patch,
    budgets: patch.budgets || base.budgets ? {
      ...base.budgets,
      ...patch.budgets,
      restLevelCosts: { ...base.budgets?.restLevelCosts, ...patch.budgets?.restLevelCosts },
      scimLimits: { ...base.budgets?.scimLimits, ...patch.budgets?.scimLimits },
    } : undefined,
    behaviour: patch.behaviour || base.behaviour ? { ...base.behaviour, ...patch.behaviour } : undefined,
  };
}
