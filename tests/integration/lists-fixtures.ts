import { sql } from "drizzle-orm";
import { personActor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db";
import {
  directoryUsers,
  integrationProfiles,
  softwareModels,
  softwareSubscriptions,
  subscriptionIdentifierExclusionRules,
  subscriptionIdentifiers,
  users,
  type NewSoftwareSubscription,
} from "@/lib/db/schema";

/** Fixtures for the list tests: rows written directly, as a download would leave them. */

export const MIRO_TYPE = "miro_enterprise_subscription";
export const DAY = 86_400_000;

export async function seedActor(db: Db, email: string, roles: ("sam_user" | "sam_integrator" | "sam_admin")[]) {
  const [row] = await db.insert(users).values({ email, name: email.split("@")[0]!, passwordHash: "x", roles }).returning();
  return personActor(row!);
}

export async function seedProfile(db: Db, displayName: string) {
  const [p] = await db.insert(integrationProfiles).values({ displayName, profileType: MIRO_TYPE, vendorId: "miro" }).returning();
  return p!;
}

export async function seedModel(db: Db, displayName: string, identifier?: string) {
  const [m] = await db.insert(softwareModels).values({ displayName, publisher: "Miro", product: "Miro Enterprise", source: "auto" }).returning();
  if (identifier) await db.insert(subscriptionIdentifiers).values({ profileType: MIRO_TYPE, identifier, softwareModelId: m!.id });
  return m!;
}

export async function seedIdentifierRule(db: Db, identifier: string) {
  const [r] = await db.insert(subscriptionIdentifierExclusionRules).values({ profileType: MIRO_TYPE, identifier, reason: "Free" }).returning();
  return r!;
}

export async function seedDirectoryUser(db: Db, name: string, email: string) {
  const [d] = await db.insert(directoryUsers).values({ name, email }).returning();
  return d!;
}

export async function insertSubscriptions(db: Db, rows: NewSoftwareSubscription[]) {
  for (let i = 0; i < rows.length; i += 500) await db.insert(softwareSubscriptions).values(rows.slice(i, i + 500));
}

export async function countRows(db: Db, table: string): Promise<number> {
  const r: unknown = await db.execute(sql.raw(`select count(*)::int as n from ${table}`));
  const rows = Array.isArray(r) ? r : ((r as { rows: unknown[] }).rows ?? []);
  return Number((rows[0] as { n: number }).n);
}

/** A sam_user: may see every list (workspace:view) and export them. */
export const VIEWER = personActor({ id: "00000000-0000-4000-8000-000000000001", email: "viewer@example.com", roles: ["sam_user"] });
/** A person without any role: every list read must refuse them. */
export const NOBODY = personActor({ id: "00000000-0000-4000-8000-000000000002", email: "nobody@example.com", roles: [] });
