import "server-only";
import type { Db } from "./client";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { directoryUsers, users, type Role } from "./schema";
import { hashPassword } from "../auth/password";

/** The demo sign-ins printed at start and in the README (demo mode only; never in production). */
export const DEMO_PASSWORD = "opensam-demo";
export const DEMO_PEOPLE: readonly { email: string; name: string; roles: Role[] }[] = [
  { email: "admin@example.com", name: "Ada Admin", roles: ["sam_admin"] },
  { email: "integrator@example.com", name: "Ian Integrator", roles: ["sam_integrator"] },
  { email: "user@example.com", name: "Uma User", roles: ["sam_user"] },
];

/** Idempotent: people who exist already are left as they are. */
export async function seedDemoPeople(db: Db): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db
    .insert(users)
    .values(DEMO_PEOPLE.map((p) => ({ ...p, passwordHash })))
    .onConflictDoNothing();
}

/** A member of the simulated organization as the simulator's control API describes it. */
const simMember = z.object({
  email: z.string(),
  displayName: z.string(),
  active: z.boolean(),
  department: z.string().nullish(),
  costCenter: z.string().nullish(),
});
type SimMember = z.infer<typeof simMember>;

/**
 * Every member of the simulated organization, read page by page from the simulator's control API;
 * `orgId` picks one of the simulator's organizations (default: its first).
 */
async function simulatedMembers(simulatorUrl: string, orgId?: string): Promise<{ domain: string; members: SimMember[] }> {
  const control = orgId ? `/__sim/orgs/${encodeURIComponent(orgId)}` : "/__sim";
  const get = async (path: string) => {
    const res = await fetch(new URL(path.replace(/^\/__sim/, control), simulatorUrl));
    if (!res.ok) throw new Error(`The Miro simulator at ${simulatorUrl} answered ${res.status} to ${path}.`);
    return res.json();
  };
  const state = z.object({ org: z.object({ domain: z.string() }) }).parse(await get("/__sim/state"));
  const members: SimMember[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = z.object({ total: z.number(), members: z.array(simMember) }).parse(await get(`/__sim/members?offset=${offset}&limit=1000`));
    members.push(...page.members);
    if (page.members.length === 0 || members.length >= page.total) break;
  }
  return { domain: state.org.domain, members };
}

/**
 * Demo mode only: a user directory for the simulated Miro organization, so that the demo's
 * subscriptions resolve to people. The members are read through the simulator's control API (the
 * demo's stand-in for Miro), never from its code. Every internal member is in the directory except
 * one in forty (people whose Miro email differs from the directory's), and guests from other
 * companies are not: about 85 % of the members match. Managers: each department's first person
 * reports to the Company Admin, the others to their department's first person. Idempotent: people
 * already there (by email) are left alone.
 */
export async function seedDemoDirectory(db: Db, simulatorUrl: string, orgId?: string): Promise<{ created: number }> {
  const org = await simulatedMembers(simulatorUrl, orgId);
  const internal = org.members.filter((m) => m.email.endsWith(`@${org.domain}`));
  const people = internal.filter((_, i) => i === 0 || i % 40 !== 39);

  const existing = new Set(
    (
      await db
        .select({ email: sql<string>`lower(${directoryUsers.email})` })
        .from(directoryUsers)
        .where(sql`lower(${directoryUsers.email}) like ${`%@${org.domain}`}`)
    ).map((r) => r.email),
  );
  const missing = people.filter((m) => !existing.has(m.email.toLowerCase()));
  if (missing.length === 0) return { created: 0 };

  return db.transaction(async (tx) => {
    const idOf = new Map<string, string>();
    for (let i = 0; i < missing.length; i += 500) {
      const rows = await tx
        .insert(directoryUsers)
        .values(
          missing.slice(i, i + 500).map((m) => ({
            name: m.displayName,
            email: m.email,
            userName: m.email.split("@")[0]!,
            department: m.department ?? null,
            costCenter: m.costCenter ?? null,
            active: m.active,
          })),
        )
        .returning({ id: directoryUsers.id, email: directoryUsers.email });
      for (const r of rows) idOf.set(r.email!, r.id);
    }
    const admin = people[0];
    const heads = new Map<string, string>();
    const managerOf = new Map<string, string>();
    for (const m of people) {
      if (m === admin) continue;
      const dept = m.department ?? "";
      const head = heads.get(dept);
      if (head) managerOf.set(m.email, head);
      else {
        heads.set(dept, m.email);
        if (admin) managerOf.set(m.email, admin.email);
      }
    }
    const pairs = [...managerOf].flatMap(([email, manager]) => {
      const id = idOf.get(email);
      const managerId = idOf.get(manager);
      return id && managerId ? [sql`(${id}::uuid, ${managerId}::uuid)`] : [];
    });
    for (let i = 0; i < pairs.length; i += 500) {
      await tx.execute(
        sql`update ${directoryUsers} as t set manager_id = v.manager_id from (values ${sql.join(pairs.slice(i, i + 500), sql`, `)}) as v(id, manager_id) where t.id = v.id`,
      );
    }
    return { created: missing.length };
  });
}
