/**
 * Deterministic generation of an Enterprise organization from a seed: the same seed, member count
 * and start time always give the same org, teams and members (ids, emails, licenses, dates).
 */
import { DEPARTMENTS, EXTERNAL_DOMAINS, FAMILY_NAMES, GIVEN_NAMES, LANGUAGES, ORG_NAMES, TEAM_NAMES } from "./names";
import { memberIdBase, orgId, teamIdBase } from "./ids";
import { isGuestRole, type License, type Role } from "./licenses";
import type { Member, Organization, Team, TeamMembership } from "./model";
import { mulberry32, pick, randInt, weighted, type Rng } from "./prng";
import type { ResolvedOptions } from "./options";

const DAY = 86_400_000;

export interface GeneratedOrg {
  org: Organization;
  teams: Team[];
  /** Sorted by id; members[0] is the Company Admin demo user. */
  members: Member[];
}

const INTERNAL_LICENSES: Record<License, number> = {
  full: 52,
  occasional: 6,
  free: 12,
  free_restricted: 8,
  full_trial: 4,
  basic: 6,
  standard: 6,
  advanced: 6,
  unknown: 0,
};

const GUEST_LICENSES: Record<License, number> = {
  free: 50,
  free_restricted: 30,
  occasional: 10,
  full: 10,
  full_trial: 0,
  basic: 0,
  standard: 0,
  advanced: 0,
  unknown: 0,
};

const ROLE_WEIGHTS: Record<Role, number> = {
  organization_internal_admin: 0.6,
  organization_internal_user: 85.4,
  organization_external_user: 6,
  organization_team_guest_user: 8,
  unknown: 0,
};

export function defaultOrgName(seed: number): string {
  return ORG_NAMES[(seed + ORG_NAMES.length - 1) % ORG_NAMES.length] ?? "Northwind Traders";
}

export function orgDomain(orgName: string, seed: number): string {
  const slug = asciiSlug(orgName.split(/\s+/)[0] ?? "org") || "org";
  // Seeds that reuse a name from the list still get their own domain.
  return seed > ORG_NAMES.length ? `${slug}${seed}.example` : `${slug}.example`;
}

export function asciiSlug(text: string): string {
  return text
    .toLowerCase()
    .replace(/ä/g, "ae")
    .replace(/ö/g, "oe")
    .replace(/ü/g, "ue")
    .replace(/ß/g, "ss")
    .normalize("NFKD")
    .replace(/[^a-z0-9]/g, "");
}

function floorToSecond(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}

export function teamCountFor(members: number): number {
  return Math.min(40, Math.max(3, Math.ceil(members / 250)));
}

export function generateOrg(options: ResolvedOptions, now: number): GeneratedOrg {
  // Separate streams so that member i is the same whatever the member or team count: the admin id
  // and the first members of a seed stay stable when a test asks for a smaller org.
  const seed = options.seed >>> 0;
  const orgName = options.orgName ?? defaultOrgName(options.seed);
  const domain = orgDomain(orgName, options.seed);
  const teams = generateTeams(mulberry32(seed ^ 0x5f3759df), options.seed, options.teams ?? teamCountFor(options.members), now);
  const members = generateMembers(mulberry32(seed), options, domain, now);
  assignTeams(mulberry32(seed ^ 0x2545f491), members, teams, now);

  const activeFull = members.filter((m) => m.active && m.license === "full").length;
  const org: Organization = {
    id: orgId(options.seed),
    name: orgName,
    plan: options.plan,
    fullLicensesPurchased: options.fullLicensesPurchased ?? Math.ceil((activeFull * 1.1) / 10) * 10,
    domain,
  };
  return { org, teams, members };
}

function generateTeams(rng: Rng, seed: number, count: number, now: number): Team[] {
  const base = teamIdBase(seed);
  const teams: Team[] = [];
  let id = base;
  for (let i = 0; i < count; i++) {
    id += BigInt(randInt(rng, 1, 5000));
    const baseName = TEAM_NAMES[i % TEAM_NAMES.length] ?? "Team";
    const round = Math.floor(i / TEAM_NAMES.length);
    teams.push({
      id: id.toString(),
      name: round === 0 ? baseName : `${baseName} ${round + 1}`,
      createdAt: floorToSecond(now - randInt(rng, 400, 2000) * DAY),
      members: new Map(),
    });
  }
  return teams;
}

function generateMembers(rng: Rng, options: ResolvedOptions, domain: string, now: number): Member[] {
  const members: Member[] = [];
  const usedLocalParts = new Map<string, number>();
  let id = memberIdBase(options.seed);

  for (let i = 0; i < options.members; i++) {
    id += BigInt(randInt(rng, 1, 997));
    if (i === 0) {
      members.push(companyAdmin(id.toString(), domain, now));
      continue;
    }
    const role = weighted(rng, ROLE_WEIGHTS);
    const guest = isGuestRole(role);
    const license = weighted(rng, guest ? GUEST_LICENSES : INTERNAL_LICENSES);
    const active = role === "organization_internal_admin" ? true : rng() >= 0.06;
    const givenName = pick(rng, GIVEN_NAMES);
    const familyName = pick(rng, FAMILY_NAMES);
    const local = `${asciiSlug(givenName)}.${asciiSlug(familyName)}`;
    const seen = usedLocalParts.get(local) ?? 0;
    usedLocalParts.set(local, seen + 1);
    const emailDomain = guest ? pick(rng, EXTERNAL_DOMAINS) : domain;
    const email = `${seen === 0 ? local : `${local}${seen + 1}`}@${emailDomain}`;

    const { lastActivityAt, licenseAssignedAt, createdAt } = activityDates(rng, active, now);
    const adminRoles: Member["adminRoles"] =
      role === "organization_internal_admin"
        ? [{ type: "prebuilt", name: pick(rng, ["User Admin", "Content Admin", "Security Admin"] as const) }]
        : [];

    const member: Member = {
      id: id.toString(),
      email,
      givenName,
      familyName,
      displayName: `${givenName} ${familyName}`,
      active,
      role,
      license,
      adminRoles,
      teamIds: [],
      createdAt,
      preferredLanguage: pick(rng, LANGUAGES),
      enterprise: guest
        ? {}
        : { employeeNumber: `E${100000 + i}`, department: pick(rng, DEPARTMENTS), costCenter: `CC-${randInt(rng, 100, 140)}` },
      ownedBoards: randInt(rng, 0, 25),
    };
    if (lastActivityAt !== undefined) member.lastActivityAt = lastActivityAt;
    if (licenseAssignedAt !== undefined) member.licenseAssignedAt = licenseAssignedAt;
    members.push(member);
  }
  return members;
}

function companyAdmin(id: string, domain: string, now: number): Member {
  return {
    id,
    email: `admin@${domain}`,
    givenName: "Alex",
    familyName: "Morgan",
    displayName: "Alex Morgan",
    active: true,
    role: "organization_internal_admin",
    license: "full",
    lastActivityAt: floorToSecond(now - 3_600_000),
    licenseAssignedAt: floorToSecond(now - 700 * DAY),
    adminRoles: [],
    teamIds: [],
    createdAt: floorToSecond(now - 720 * DAY),
    preferredLanguage: "en_US",
    enterprise: { employeeNumber: "E000001", department: "IT", costCenter: "CC-100" },
    ownedBoards: 12,
  };
}

/**
 * Spreads last activity over the last 400 days (most users recent, a long tail of idle ones) and
 * leaves it absent for about 8% who never signed in. licenseAssignedAt precedes activity and is
 * absent for about 1%, so clients exercise the documented 1980 fallback too.
 */
function activityDates(rng: Rng, active: boolean, now: number) {
  const neverActive = rng() < 0.08;
  let lastActivityAt: number | undefined;
  if (!neverActive) {
    let days: number;
    const bucket = rng();
    if (!active) days = randInt(rng, 60, 400);
    else if (bucket < 0.6) days = randInt(rng, 0, 30);
    else if (bucket < 0.85) days = randInt(rng, 31, 180);
    else days = randInt(rng, 181, 400);
    lastActivityAt = floorToSecond(now - days * DAY - randInt(rng, 0, DAY - 1));
  }
  const assignedBase = lastActivityAt ?? now - randInt(rng, 1, 100) * DAY;
  const assigned = floorToSecond(assignedBase - randInt(rng, 0, 600) * DAY - randInt(rng, 0, DAY - 1));
  const licenseAssignedAt = rng() < 0.01 ? undefined : assigned;
  const createdAt = floorToSecond(assigned - randInt(rng, 0, 30) * DAY);
  return { lastActivityAt, licenseAssignedAt, createdAt };
}

/**
 * Internal users join 1-3 teams, guests one. Each team gets one (sometimes two) active internal
 * admins, so most teams have a "last team admin" whose deactivation SCIM must refuse with 409.
 * The Company Admin is a plain member of every team, so the consent page lists them all.
 */
function assignTeams(rng: Rng, members: Member[], teams: Team[], now: number): void {
  const candidates: string[][] = teams.map(() => []);
  const admin = members[0];
  const join = (member: Member, team: Team, role: TeamMembership["role"]) => {
    const at = floorToSecond(Math.max(member.createdAt, team.createdAt) + randInt(rng, 0, 30) * DAY);
    team.members.set(member.id, {
      memberId: member.id,
      role,
      createdAt: Math.min(at, now),
      createdBy: admin?.id ?? member.id,
      modifiedAt: Math.min(at, now),
      modifiedBy: admin?.id ?? member.id,
    });
    member.teamIds.push(team.id);
  };

  if (admin) for (const team of teams) join(admin, team, "member");

  for (let i = 1; i < members.length; i++) {
    const member = members[i];
    if (!member) continue;
    const guest = isGuestRole(member.role);
    const count = guest ? 1 : 1 + (rng() < 0.35 ? 1 : 0) + (rng() < 0.1 ? 1 : 0);
    const chosen = new Set<number>();
    while (chosen.size < Math.min(count, teams.length)) chosen.add(randInt(rng, 0, teams.length - 1));
    for (const index of [...chosen].sort((a, b) => a - b)) {
      const team = teams[index];
      if (!team) continue;
      join(member, team, "member");
      if (!guest && member.active) candidates[index]?.push(member.id);
    }
  }

  teams.forEach((team, index) => {
    const pool = candidates[index] ?? [];
    const adminCount = pool.length === 0 ? 0 : rng() < 0.3 && pool.length > 1 ? 2 : 1;
    const picked = new Set<string>();
    while (picked.size < adminCount) picked.add(pick(rng, pool));
    if (picked.size === 0 && admin) picked.add(admin.id);
    for (const id of picked) {
      const membership = team.members.get(id);
      if (membership) membership.role = "admin";
    }
  });
}
