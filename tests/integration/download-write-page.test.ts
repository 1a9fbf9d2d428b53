import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { downloadSeenMembers, jobResults, softwareSubscriptions } from "@/lib/db/schema";
import { rawQuery } from "@/lib/services/downloads/raw-sql";
import { markRemoved, unseenIds } from "@/lib/services/downloads/finish-run";
import { batchOfRows, writePage, type PageBatch, type PageRow } from "@/lib/services/downloads/write-page";
import { downloadJobSeeder } from "../helpers/download-job";
import { createTestDb, ENGINES, type TestDb } from "../helpers/test-db";

/*
 * One batch of a download written on each engine (write-page.ts): what it records for the sweep, what
 * it counts, and that it writes only members whose values changed, whatever the ids look like.
 */

const row = (id: string, overrides: Partial<PageRow> = {}): PageRow => ({
  externalUserId: id,
  userPrincipalName: `${id.replace(/\W/g, "_")}@x.example`,
  subscriptionIdentifier: "full",
  lastActivityAt: "2026-11-01T10:00:00Z",
  subscriptionAssignedAt: "2025-01-01T00:00:00Z",
  active: true,
  role: "organization_internal_user",
  vendorAttributes: {},
  softwareModelId: null,
  excluded: false,
  identifierExclusionRuleId: null,
  userExclusionRuleId: null,
  ...overrides,
});

describe.each(ENGINES)("writing a download batch on %s", (engine) => {
  let t: TestDb;
  let profileId = "";
  let jobId = "";
  let page = 0;

  beforeAll(async () => {
    t = await createTestDb(engine);
    ({ profileId, jobId } = await downloadJobSeeder({ org: "Batch test", alias: "Batch_test" })(t.db));
  }, 120_000);
  afterAll(async () => {
    await t?.dispose();
  });

  const ATTEMPT = "6f1c2b3a-0000-4000-8000-000000000001";
  /** A running run (the batch writes only while its attempt owns one); the previous one is closed. */
  const newRun = async () => {
    await t.db.update(jobResults).set({ state: "completed", endedAt: new Date() }).where(and(eq(jobResults.jobId, jobId), eq(jobResults.state, "running")));
    return (await t.db.insert(jobResults).values({ jobId, profileId, state: "running", startedAt: new Date() }).returning({ id: jobResults.id }))[0]!.id;
  };

  async function write(rows: PageRow[] | PageBatch, runId?: string) {
    const jobResultId = runId ?? (await newRun());
    page += 1;
    const batch = Array.isArray(rows) ? batchOfRows(rows) : rows;
    const result = await writePage(rawQuery(t.db), { profileId, jobResultId, attempt: ATTEMPT, page, batch });
    const [seen] = await t.db.select().from(downloadSeenMembers).where(and(eq(downloadSeenMembers.jobResultId, jobResultId), eq(downloadSeenMembers.page, page)));
    return { result, seen: seen?.externalUserIds, range: result.seenRange ? [result.seenRange.low, result.seenRange.high] : null };
  }
  const stored = async () =>
    t.db
      .select({ id: softwareSubscriptions.externalUserId, active: softwareSubscriptions.active, removedAt: softwareSubscriptions.removedAt })
      .from(softwareSubscriptions)
      .where(eq(softwareSubscriptions.profileId, profileId))
      .orderBy(softwareSubscriptions.externalUserId);

  it("creates new members and records their ids, then gives an unchanged batch back as its id range, writing nothing", async () => {
    const rows = ["3458764500000000003", "3458764500000000001", "3458764500000000002"].map((id) => row(id));
    const first = await write(rows);
    expect(first.result).toMatchObject({ created: 3, updated: 0, unchanged: 0, revived: 0, members: 3 });
    expect([...first.seen!].sort()).toEqual(rows.map((r) => r.externalUserId).sort());
    expect(first.range).toBeNull();

    const again = await write(rows);
    expect(again.result).toMatchObject({ created: 0, updated: 0, unchanged: 3, revived: 0 });
    // A batch that matches as a whole writes nothing: the run keeps its range for the sweep.
    expect(again.seen).toBeUndefined();
    expect(again.range).toEqual(["3458764500000000001", "3458764500000000003"]);
  });

  it("builds a batch's rows only when it has something to write", async () => {
    const rows = ["3458764500000000001", "3458764500000000002", "3458764500000000003"].map((id) => row(id));
    let built = 0;
    const lazy = (list: PageRow[]): PageBatch => {
      const { ids, hashes } = batchOfRows(list);
      return {
        ids,
        hashes,
        rows: () => {
          built += 1;
          return list;
        },
      };
    };
    const unchanged = await write(lazy(rows));
    expect(unchanged.range).toEqual(["3458764500000000001", "3458764500000000003"]);
    expect(built).toBe(0);
    const changed = await write(lazy([row("3458764500000000001"), row("3458764500000000002", { role: "organization_internal_admin" }), row("3458764500000000003")]));
    expect(changed.result).toMatchObject({ updated: 1, unchanged: 2 });
    expect(built).toBe(1);
    await write(rows);
  });

  it("does not take a batch as its range when a member of the range is missing from it or another member changed", async () => {
    const missing = await write([row("3458764500000000001"), row("3458764500000000003")]);
    expect(missing.range).toBeNull();
    expect([...missing.seen!].sort()).toEqual(["3458764500000000001", "3458764500000000003"]);
    expect(missing.result).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    // Two members swapping their values: the same values in the range, on other ids.
    const swapped = await write([
      row("3458764500000000001", { userPrincipalName: "3458764500000000002@x.example" }),
      row("3458764500000000002", { userPrincipalName: "3458764500000000001@x.example" }),
      row("3458764500000000003"),
    ]);
    expect(swapped.range).toBeNull();
    expect(swapped.result).toMatchObject({ updated: 2, unchanged: 1 });
    await write([row("3458764500000000001"), row("3458764500000000002"), row("3458764500000000003")]);
  });

  it("writes only the member that changed, and brings a removed member back", async () => {
    await t.db.execute(sql`update software_subscriptions set removed_at = now(), removal_reason = 'vendor_removed' where profile_id = ${profileId}::uuid and external_user_id = '3458764500000000002'`);
    const { result } = await write([
      row("3458764500000000001"),
      row("3458764500000000002"),
      row("3458764500000000003", { active: false }),
    ]);
    expect(result).toMatchObject({ created: 0, updated: 2, unchanged: 1, revived: 1 });
    const rows = await stored();
    expect(rows.map((r) => [r.id, r.active, r.removedAt === null])).toEqual([
      ["3458764500000000001", true, true],
      ["3458764500000000002", true, true],
      ["3458764500000000003", false, true],
    ]);
  });

  it("sweeps exactly the members no batch saw: between two batches, inside a batch that did not match, after the last", async () => {
    const id = (n: number) => `35000000000000000${String(n).padStart(2, "0")}`;
    await write([1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => row(id(n))));
    const run = await newRun();
    const first = await write([1, 2, 3].map((n) => row(id(n))), run);
    const second = await write([5, 6, 8].map((n) => row(id(n))), run);
    expect(first.range).toEqual([id(1), id(3)]);
    expect(second.range).toBeNull();
    const currentBefore = (await stored()).filter((r) => r.removedAt === null).length;
    const attempt = { jobResultId: run, attempt: ATTEMPT };
    const removed = await markRemoved(rawQuery(t.db), profileId, await unseenIds(rawQuery(t.db), profileId, attempt, [first.result.seenRange!]), attempt);
    const current = (await stored()).filter((r) => r.removedAt === null).map((r) => r.id);
    expect(current).toEqual([1, 2, 3, 5, 6, 8].map(id));
    expect(removed).toBe(currentBefore - current.length);
  });

  it("takes ids of any shape: text ids out of order, a repeated id, an id holding U+0001", async () => {
    const odd = ["b-2", "a\u0001x", "c,3", "b-2"];
    const { result, seen } = await write(odd.map((id, i) => row(id, { active: i !== 3 })));
    expect(result).toMatchObject({ created: 3, members: 3 });
    expect([...seen!].sort()).toEqual(["a\u0001x", "b-2", "c,3"]);
    const rows = await stored();
    expect(rows.find((r) => r.id === "b-2")?.active).toBe(false);
    const again = await write(["c,3", "a\u0001x"].map((id) => row(id)));
    expect(again.result).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
  });
});
