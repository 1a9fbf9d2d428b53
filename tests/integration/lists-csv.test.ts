import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { personActor } from "@/lib/auth/actor";
import { auditLog, connectionAliases, integrationProfiles, subscriptionUserExclusionRules, unrecognizedSubscriptionIdentifiers } from "@/lib/db/schema";
import { exportCsv } from "@/lib/lists/export-csv";
import { auditColumns, directoryColumns, userColumns } from "@/lib/lists/people-columns";
import { exclusionRuleColumns, identifierExclusionColumns, userExclusionColumns } from "@/lib/lists/exclusions-columns";
import { profileColumns } from "@/lib/lists/profiles-columns";
import { LISTS } from "@/lib/lists/registry";
import { profileModelColumns, softwareModelColumns } from "@/lib/lists/software-models-columns";
import { subscriptionColumns } from "@/lib/lists/subscriptions-columns";
import { unrecognizedColumns } from "@/lib/lists/unrecognized-identifiers-columns";
import { listAudit } from "@/lib/services/audit/list-audit";
import { listProfiles } from "@/lib/services/profiles/list-profiles";
import { listSubscriptionFilterOptions } from "@/lib/services/subscriptions/list-subscription-filter-options";
import { countSubscriptions, iterateSubscriptions, listSubscriptions } from "@/lib/services/subscriptions/list-subscriptions";
import { listUsers } from "@/lib/services/users/list-users";
import { columnsOf, type ColumnDecl } from "@/lib/table/columns";
import { parseCsv } from "@/lib/csv/parse";
import { parseListParams } from "@/lib/table/list-spec";
import { createTestDb, ENGINES, type TestDb } from "../helpers/test-db";
import { insertSubscriptions, NOBODY, seedActor, seedDirectoryUser, seedIdentifierRule, seedModel, seedProfile, VIEWER } from "./lists-fixtures";

/**
 * The CSV export of every list against the column declarations its screen is drawn from: the same
 * headers, in the same order, and in each cell the text the screen shows (labels, not codes).
 */

type Decls = readonly ColumnDecl<never>[];
/** The lists of this area and the declarations their tables are made from (the job lists have their own tests). */
const DECLARED: Record<string, Decls> = {
  users: userColumns,
  "integration-profiles": profileColumns,
  "profile-software-models": profileModelColumns,
  subscriptions: subscriptionColumns,
  "profile-subscriptions": subscriptionColumns,
  "unrecognized-identifiers": unrecognizedColumns,
  "profile-unrecognized-identifiers": unrecognizedColumns,
  "subscription-exclusions": exclusionRuleColumns,
  "profile-user-exclusions": userExclusionColumns,
  "software-models": softwareModelColumns,
  "user-directory": directoryColumns,
  "profile-identifier-exclusions": identifierExclusionColumns,
  "audit-log": auditColumns,
} as Record<string, Decls>;

async function csvText(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

describe.each(ENGINES)("CSV exports on %s", (engine) => {
  let t: TestDb;
  let acme: { id: string };
  const admin = () => personActor({ id: adminId, email: "admin@csv.example", roles: ["sam_admin"] });
  let adminId: string;

  beforeAll(async () => {
    t = await createTestDb(engine);
    adminId = (await seedActor(t.db, "admin@csv.example", ["sam_admin"])).id;
    acme = await seedProfile(t.db, "Miro Acme");
    const beta = await seedProfile(t.db, "Miro Beta");
    await t.db.insert(connectionAliases).values({ id: "miro_spoke.Miro_Enterprise", name: "Miro Enterprise", vendorId: "miro", kind: "oauth" });
    await t.db
      .update(integrationProfiles)
      .set({ status: "published", publishedAt: new Date(), downloadConnectionAliasId: "miro_spoke.Miro_Enterprise" })
      .where(eq(integrationProfiles.id, beta.id));
    const full = await seedModel(t.db, "Miro Enterprise — Full", "full");
    const freeRule = await seedIdentifierRule(t.db, "free");
    await t.db.insert(subscriptionUserExclusionRules).values({ userPrincipalName: "svc@acme.example", active: false, reason: "Service account" });
    const boss = await seedDirectoryUser(t.db, "Bea Boss", "bea@acme.example");
    await seedDirectoryUser(t.db, "Carl Clerk", "carl@acme.example");
    await insertSubscriptions(t.db, [
      { profileId: acme.id, externalUserId: "1", userPrincipalName: "bea@acme.example", subscriptionIdentifier: "full", softwareModelId: full.id, directoryUserId: boss.id },
      { profileId: acme.id, externalUserId: "2", userPrincipalName: "free@acme.example", subscriptionIdentifier: "free", active: false, excluded: true, identifierExclusionRuleId: freeRule.id },
    ]);
    await t.db.insert(unrecognizedSubscriptionIdentifiers).values({ profileId: acme.id, identifier: "enterprise_plus", subscriptionCount: 3 });
    await t.db.insert(auditLog).values({ actorLabel: "admin@csv.example", action: "profile.create", entityType: "integration_profile", entityId: acme.id, summary: "Created Miro Acme" });
  });
  afterAll(async () => t?.dispose());

  const exportOf = async (id: string, search = "", actor = admin()) => {
    const list = LISTS[id]!;
    const query = new URLSearchParams(search);
    if (id.startsWith("profile-")) query.set("profile", acme.id);
    return parseCsv(await csvText(await exportCsv(list, { db: t.db, actor }, query)));
  };
  const column = (csv: string[][], header: string) => {
    const i = csv[0]!.indexOf(header);
    expect(i, `no column ${header} in ${csv[0]!.join(",")}`).toBeGreaterThanOrEqual(0);
    return csv.slice(1).map((r) => r[i]);
  };

  it.each(Object.keys(DECLARED))("%s: the screen's headers, and each cell the screen's text", async (id) => {
    const list = LISTS[id]!;
    const decls = DECLARED[id]!;
    const csv = await exportOf(id);
    const hidden = new Set(parseListParams(list.spec, {}).hidden);
    const shown = columnsOf(decls, list.spec).filter((c) => !hidden.has(c.id));
    expect(csv[0]).toEqual(shown.map((c) => c.label));
    expect(list.spec.columns.map((c) => c.label)).toEqual(columnsOf(decls, list.spec).map((c) => c.label));
    // The rows the screen gets from the same read, through the declarations' texts.
    const rows: unknown[] = [];
    const query = new URLSearchParams(id.startsWith("profile-") ? { profile: acme.id } : {});
    for await (const r of list.rows({ db: t.db, actor: admin() }, query)) rows.push(r);
    expect(rows.length).toBeGreaterThan(0);
    expect(csv.slice(1)).toEqual(rows.map((r) => shown.map((c) => (c.text as (row: unknown) => unknown)(r) ?? "").map(String).map((v) => (/^[=+\-@]/.test(v) ? `'${v}` : v))));
  });

  it("profiles: Profile Type and Status as labels, not codes", async () => {
    const csv = await exportOf("integration-profiles");
    expect(column(csv, "Profile Type")).toEqual(["Miro Enterprise Subscription", "Miro Enterprise Subscription"]);
    expect(column(csv, "Status")).toEqual(["Draft", "Published"]);
    expect(column(csv, "Last run")).toEqual(["Never", "Never"]);
  });

  it("subscriptions, models, rules, directory and unrecognized identifiers: labels as on screen", async () => {
    const subs = await exportOf("subscriptions", "sort=userPrincipalName.asc");
    expect(column(subs, "Active")).toEqual(["Yes", "No"]);
    expect(column(subs, "Excluded")).toEqual(["No", "Identifier rule: free"]);
    expect(column(subs, "User")).toEqual(["Bea Boss", ""]);
    const models = await exportOf("software-models");
    expect(column(models, "Status")).toEqual(["In Production"]);
    expect(column(models, "Source")).toEqual(["Auto"]);
    const rules = await exportOf("subscription-exclusions");
    expect(column(rules, "Rule")).toEqual(["Subscription Identifier Exclusion Rule", "Subscription User Exclusion Rule"]);
    expect(column(rules, "Profile Type")).toEqual(["Miro Enterprise Subscription", "All profiles"]);
    expect(column(rules, "Active")).toEqual(["Active", "Inactive"]);
    expect(column(await exportOf("user-directory"), "Active")).toEqual(["Active", "Active"]);
    const unrecognized = await exportOf("unrecognized-identifiers", "hide=");
    expect(column(unrecognized, "Profile Type")).toEqual(["Miro Enterprise Subscription"]);
    expect(column(unrecognized, "State")).toEqual(["Open"]);
    expect(column(unrecognized, "Profiles")).toEqual(["Miro Acme"]);
    // The profile's related list leaves the Profiles column out, as its screen does.
    expect((await exportOf("profile-unrecognized-identifiers"))[0]).not.toContain("Profiles");
  });

  it("leaves out the columns the URL hides", async () => {
    const csv = await exportOf("subscriptions", "hide=profile,user");
    expect(csv[0]).not.toContain("Profile");
    expect(csv[0]).not.toContain("User");
    expect(csv[0]).toContain("User principal name");
  });

  it.each(Object.keys(LISTS).filter((id) => !/job/.test(id)))("%s: refused to a person without the list's permission, before the file starts", async (id) => {
    await expect(exportOf(id, "", NOBODY)).rejects.toMatchObject({ code: "forbidden" });
  });

  it("list reads called directly refuse an actor without the permission", async () => {
    const params = parseListParams(LISTS.subscriptions!.spec, {}) as Parameters<typeof listSubscriptions>[1]["params"];
    const nobody = { db: t.db, actor: NOBODY };
    await expect(listSubscriptions(nobody, { params })).rejects.toMatchObject({ code: "forbidden" });
    await expect(countSubscriptions(nobody, { params })).rejects.toMatchObject({ code: "forbidden" });
    expect(() => iterateSubscriptions(nobody, { params })).toThrow(expect.objectContaining({ code: "forbidden" }));
    await expect(listSubscriptionFilterOptions(nobody)).rejects.toMatchObject({ code: "forbidden" });
    await expect(listProfiles(nobody, { params: parseListParams(LISTS["integration-profiles"]!.spec, {}) as never })).rejects.toMatchObject({ code: "forbidden" });
    // A sam_user sees the lists of the workspace but not the people who sign in.
    const viewer = { db: t.db, actor: VIEWER };
    await expect(listUsers(viewer, { params: parseListParams(LISTS.users!.spec, {}) as never })).rejects.toMatchObject({ code: "forbidden" });
    expect((await listAudit(viewer, { params: parseListParams(LISTS["audit-log"]!.spec, {}) as never })).total).toBe(1);
    expect((await listSubscriptions(viewer, { params })).rows).toHaveLength(2);
  });
});
