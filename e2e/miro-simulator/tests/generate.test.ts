import { describe, expect, it } from "vitest";
import { generateOrg } from "../generate";
import { LICENSES } from "../licenses";
import { resolveOptions } from "../options";

const NOW = Date.parse("2026-03-01T12:00:00Z");
const DAY = 86_400_000;

describe("generated organization", () => {
  const org = generateOrg(resolveOptions({ members: 3000, seed: 1 }), NOW);

  it("is deterministic for a seed and start time", () => {
    const again = generateOrg(resolveOptions({ members: 3000, seed: 1 }), NOW);
    expect(again.members.map((m) => [m.id, m.email, m.license, m.role, m.lastActivityAt])).toEqual(
      org.members.map((m) => [m.id, m.email, m.license, m.role, m.lastActivityAt]),
    );
    expect(again.org).toEqual(org.org);
  });

  it("uses different ids for a different seed", () => {
    const other = generateOrg(resolveOptions({ members: 3000, seed: 2 }), NOW);
    const ids = new Set(org.members.map((m) => m.id));
    expect(other.members.some((m) => ids.has(m.id))).toBe(false);
    expect(other.org.id).not.toBe(org.org.id);
    expect(other.teams.map((t) => t.id)).not.toContain(org.teams[0]?.id);
  });

  it("is an Enterprise org with purchased full licenses", () => {
    expect(org.org.plan).toBe("company");
    expect(org.org.fullLicensesPurchased).toBeGreaterThan(0);
  });

  it("has 19-digit string ids in ascending order and unique emails", () => {
    for (const m of org.members) expect(m.id).toMatch(/^\d{19}$/);
    const sorted = [...org.members.map((m) => m.id)].sort();
    expect(org.members.map((m) => m.id)).toEqual(sorted);
    expect(new Set(org.members.map((m) => m.email.toLowerCase())).size).toBe(org.members.length);
  });

  it("makes member #1 the Company Admin with a full license", () => {
    const admin = org.members[0];
    expect(admin?.role).toBe("organization_internal_admin");
    expect(admin?.license).toBe("full");
    expect(admin?.active).toBe(true);
    expect(admin?.email.endsWith(`@${org.org.domain}`)).toBe(true);
  });

  it("mixes every license, guest and external roles, deactivated and never-active members", () => {
    const licenses = new Set(org.members.map((m) => m.license));
    for (const license of LICENSES.filter((l) => l !== "unknown")) expect(licenses).toContain(license);
    const roles = new Set(org.members.map((m) => m.role));
    expect(roles).toContain("organization_team_guest_user");
    expect(roles).toContain("organization_external_user");
    expect(org.members.some((m) => !m.active)).toBe(true);
    const never = org.members.filter((m) => m.lastActivityAt === undefined);
    expect(never.length).toBeGreaterThan(0);
    expect(never.every((m) => !("lastActivityAt" in m))).toBe(true);
  });

  it("spreads last activity over the last 400 days", () => {
    const ages = org.members.flatMap((m) => (m.lastActivityAt === undefined ? [] : [(NOW - m.lastActivityAt) / DAY]));
    expect(Math.min(...ages)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...ages)).toBeLessThanOrEqual(401);
    expect(ages.filter((a) => a > 180).length).toBeGreaterThan(50);
    expect(ages.filter((a) => a < 30).length).toBeGreaterThan(500);
  });

  it("gives every team at least one active admin and most teams a single (last) admin", () => {
    const byId = new Map(org.members.map((m) => [m.id, m]));
    let single = 0;
    for (const team of org.teams) {
      const admins = [...team.members.values()].filter((m) => m.role === "admin" && byId.get(m.memberId)?.active);
      expect(admins.length).toBeGreaterThanOrEqual(1);
      if (admins.length === 1) single += 1;
    }
    expect(single).toBeGreaterThan(0);
  });
});

describe("stability across sizes", () => {
  it("keeps the first members of a seed when the org is smaller", () => {
    const big = generateOrg(resolveOptions({ members: 5000, seed: 1 }), NOW);
    const small = generateOrg(resolveOptions({ members: 200, seed: 1 }), NOW);
    expect(small.members.map((m) => [m.id, m.email, m.license])).toEqual(big.members.slice(0, 200).map((m) => [m.id, m.email, m.license]));
  });
});
