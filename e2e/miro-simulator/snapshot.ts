/**
 * What of one organization outlives a restart: everything that a client of Miro could have changed
 * or been given (members, teams, apps, installations, codes, tokens, sessions, SCIM settings, board
 * transfers, the clock offset and run-time switches). Faults, the request log and rate-limit windows
 * are left out: they are the state of one test run, not of the organization.
 */
import type { AccessToken, App, AuthorizationCode, Installation, Member, Organization, RefreshToken, ScimSettings, Session, TeamMembership } from "./model";
import type { Behaviour, Budgets } from "./options";
import type { BoardTransfer, SimState } from "./state";

export interface OrgSnapshot {
  /** What the organization was generated from; a different seed or size is a different organization. */
  key: OrgKey;
  clockOffsetMs: number;
  config: { rateLimit: boolean; budgets: Budgets; behaviour: Behaviour };
  org: Organization;
  members: Member[];
  teams: { id: string; name: string; createdAt: number; members: TeamMembership[] }[];
  apps: App[];
  appCounter: number;
  installations: Installation[];
  codes: AuthorizationCode[];
  accessTokens: AccessToken[];
  refreshTokens: RefreshToken[];
  sessions: Session[];
  scim: ScimSettings;
  boardTransfers: BoardTransfer[];
}

export type OrgKey = { seed: number; members: number };

export function orgKey(state: SimState): OrgKey {
  return { seed: state.options.seed, members: state.options.members };
}

export function takeSnapshot(state: SimState): OrgSnapshot {
  return {
    key: orgKey(state),
    clockOffsetMs: state.clock.offset,
    config: { rateLimit: state.options.rateLimit, budgets: state.options.budgets, behaviour: state.options.behaviour },
    org: state.org,
    members: state.members,
    teams: state.teams.map((t) => ({ id: t.id, name: t.name, createdAt: t.createdAt, members: [...t.members.values()] })),
    apps: [...state.apps.values()],
    appCounter: state.appCounter,
    installations: [...state.installations.values()],
    codes: [...state.codes.values()],
    accessTokens: [...state.accessTokens.values()],
    refreshTokens: [...state.refreshTokens.values()],
    sessions: [...state.sessions.values()],
    scim: state.scim,
    boardTransfers: state.boardTransfers,
  };
}

function refill<K, V>(map: Map<K, V>, values: V[], keyOf: (v: V) => K): void {
  map.clear();
  for (const value of values) map.set(keyOf(value), value);
}

/**
 * Puts a snapshot back into a state generated from the same options. Redirect URIs the simulator was
 * started with this time are added to the demo app (the app may now run on another port).
 */
export function restoreSnapshot(state: SimState, snapshot: OrgSnapshot): void {
  state.clock.setNow(Date.now() + snapshot.clockOffsetMs);
  state.configure(snapshot.config);
  state.org = snapshot.org;
  state.teams = snapshot.teams.map((t) => ({ id: t.id, name: t.name, createdAt: t.createdAt, members: new Map(t.members.map((m) => [m.memberId, m])) }));
  refill(state.teamById, state.teams, (t) => t.id);
  state.members = snapshot.members;
  refill(state.memberById, state.members, (m) => m.id);
  refill(state.memberByEmail, state.members, (m) => m.email.toLowerCase());
  const demoApp = snapshot.apps.find((a) => a.clientId === state.demo.clientId);
  if (demoApp) demoApp.redirectUris = [...new Set([...demoApp.redirectUris, ...state.options.redirectUris])];
  refill(state.apps, snapshot.apps, (a) => a.clientId);
  state.appCounter = snapshot.appCounter;
  refill(state.installations, snapshot.installations, (i) => `${i.clientId}:${i.teamId}`);
  refill(state.codes, snapshot.codes, (c) => c.code);
  refill(state.accessTokens, snapshot.accessTokens, (t) => t.token);
  refill(state.refreshTokens, snapshot.refreshTokens, (t) => t.token);
  refill(state.sessions, snapshot.sessions, (s) => s.id);
  state.scim = snapshot.scim;
  state.boardTransfers = snapshot.boardTransfers;
  state.reseedIds(snapshot.members.length);
}
