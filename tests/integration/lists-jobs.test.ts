import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { downloadResults, jobResults, scheduledJobs } from "@/lib/db/schema";
import { jobResultsSpec, profileJobResultsSpec, profileJobsSpec, scheduledJobsSpec } from "@/lib/lists/jobs-spec";
import { getJobProgress, getOpenRun, iterateJobResults, listJobResults } from "@/lib/services/jobs/list-job-results";
import { listScheduledJobs } from "@/lib/services/jobs/list-scheduled-jobs";
import { parseListParams } from "@/lib/table/list-spec";
import { exportCsv } from "@/lib/lists/export-csv";
import { jobResultColumns } from "@/lib/lists/jobs-columns";
import { LISTS } from "@/lib/lists/registry";
import { columnsOf } from "@/lib/table/columns";
import { parseCsv } from "@/lib/csv/parse";
import { jobActor, personActor, type Actor } from "@/lib/auth/actor";
import { createTestDb, ENGINES, type TestDb } from "../helpers/test-db";

const viewer = personActor({ id: "00000000-0000-4000-8000-0000000000aa", email: "user@example.com", roles: ["sam_user"] });
const nobody = personActor({ id: "00000000-0000-4000-8000-0000000000ab", email: "nobody@example.com", roles: [] });
import { seedProfile } from "./lists-fixtures";

describe.each(ENGINES)("scheduled jobs and job results on %s", (engine) => {
  let t: TestDb;
  const ctx = (actor: Actor = viewer) => ({ db: t.db, actor });
  let acme: { id: string };
  let beta: { id: string };
  let runningId: string;
  const at = (minutes: number) => new Date(Date.UTC(2026, 4, 15, 2, minutes));

  beforeAll(async () => {
    t = await createTestDb(engine);
    acme = await seedProfile(t.db, "Miro Acme");
    beta = await seedProfile(t.db, "Miro Beta");
    const [a] = await t.db
      .insert(scheduledJobs)
      .values([
        { name: "SAM - Refresh Miro Acme Subscriptions", kind: "download_subscriptions", profileId: acme.id, cron: "0 2 * * *", lastRunAt: at(0) },
        { name: "SAM - Refresh Miro Beta Subscriptions", kind: "download_subscriptions", profileId: beta.id, cron: "30 3 * * *" },
      ])
      .returning();
    const [first, second] = await t.db
      .insert(jobResults)
      .values([
        { jobId: a!.id, profileId: acme.id, state: "completed", trigger: "publish", startedAt: at(0), endedAt: at(3), createdAt: at(0) },
        { jobId: a!.id, profileId: acme.id, state: "failed", trigger: "schedule", startedAt: at(10), endedAt: at(11), errorText: "Miro answered 500 on page 7.", createdAt: at(10) },
      ])
      .returning();
    const [running] = await t.db
      .insert(jobResults)
      .values({ jobId: a!.id, profileId: acme.id, state: "running", trigger: "manual", startedAt: at(20), createdAt: at(20) })
      .returning();
    await t.db.insert(downloadResults).values([
      { jobResultId: first!.id, pages: 20, membersRead: 2000, subscriptionsCreated: 2000 },
      { jobResultId: second!.id, pages: 7, membersRead: 600 },
      { jobResultId: running!.id, pages: 3, membersRead: 300, totalExpected: 2000 },
    ]);
    runningId = running!.id;
  });
  afterAll(async () => t?.dispose());

  it("lists every scheduled job with the state of its latest run", async () => {
    const { rows, total } = await listScheduledJobs(ctx(), { params: parseListParams(scheduledJobsSpec, {}) });
    expect(total).toBe(2);
    expect(rows.map((r) => [r.name, r.profileName, r.latest?.state ?? null])).toEqual([
      ["SAM - Refresh Miro Acme Subscriptions", "Miro Acme", "running"],
      ["SAM - Refresh Miro Beta Subscriptions", "Miro Beta", null],
    ]);
    expect(rows[0]!.latest).toMatchObject({ id: runningId, membersRead: 300, totalExpected: 2000, startedAt: at(20).toISOString(), endedAt: null });
    const scoped = await listScheduledJobs(ctx(), { params: parseListParams(profileJobsSpec, {}), profileId: beta.id });
    expect(scoped.rows.map((r) => r.name)).toEqual(["SAM - Refresh Miro Beta Subscriptions"]);
    const filtered = await listScheduledJobs(ctx(), { params: parseListParams(scheduledJobsSpec, { profile: acme.id }) });
    expect(filtered.total).toBe(1);
  });

  it("lists job results newest first with durations, counters and the error in words", async () => {
    const { rows } = await listJobResults(ctx(), { params: parseListParams(jobResultsSpec, {}) });
    expect(rows.map((r) => r.state)).toEqual(["running", "failed", "completed"]);
    expect(rows[1]).toMatchObject({ durationMs: 60_000, membersRead: 600, errorText: "Miro answered 500 on page 7.", jobName: "SAM - Refresh Miro Acme Subscriptions", profileName: "Miro Acme" });
    expect(rows[2]).toMatchObject({ durationMs: 180_000, created: 2000, trigger: "publish" });
    expect(rows[0]!.durationMs).toBeGreaterThan(0);
    const failed = await listJobResults(ctx(), { params: parseListParams(profileJobResultsSpec, { state: "failed" }), profileId: acme.id });
    expect(failed.total).toBe(1);
    const byDuration = await listJobResults(ctx(), { params: parseListParams(jobResultsSpec, { state: "completed", sort: "duration.desc" }) });
    expect(byDuration.rows).toHaveLength(1);
    expect((await listJobResults(ctx(), { params: parseListParams(jobResultsSpec, {}), profileId: beta.id })).total).toBe(0);
    const exported = [];
    for await (const r of iterateJobResults(ctx(), { params: parseListParams(jobResultsSpec, {}) })) exported.push(r.id);
    expect(exported).toEqual(rows.map((r) => r.id));
  });

  it("the CSV exports of the job lists carry the screen's headers and texts, from the same declarations", async () => {
    const exportOf = async (id: string, search: Record<string, string> = {}) =>
      parseCsv(await new Response(await exportCsv(LISTS[id]!, ctx(), new URLSearchParams(search))).text());
    const results = await exportOf("job-results");
    const shown = columnsOf(jobResultColumns, jobResultsSpec).filter((c) => !parseListParams(jobResultsSpec, {}).hidden.includes(c.id));
    expect(results[0]).toEqual(shown.map((c) => c.label));
    const state = results[0]!.indexOf("State");
    expect(results.slice(1).map((r) => r[state])).toEqual(["Running", "Failed", "Completed"]);
    expect(results[2]![results[0]!.indexOf("Duration")]).toBe("1 min 0 s");
    // The profile's related list hides the job's name as its screen does.
    expect((await exportOf("profile-job-results", { profile: acme.id }))[0]).not.toContain("Scheduled job");
    const jobs = await exportOf("scheduled-jobs");
    expect(jobs.map((r) => [r[0], r[2], r[3], r[5]])).toEqual([
      ["Name", "Schedule", "Active", "Latest result"],
      ["SAM - Refresh Miro Acme Subscriptions", "Daily at 02:00 UTC", "Yes", "Running"],
      ["SAM - Refresh Miro Beta Subscriptions", "Daily at 03:30 UTC", "Yes", ""],
    ]);
  });

  it("reads a run's progress and the profile's open run", async () => {
    expect(await getJobProgress(ctx(), { id: runningId })).toMatchObject({ state: "running", membersRead: 300, totalExpected: 2000, pages: 3 });
    expect(await getJobProgress(ctx(), { id: crypto.randomUUID() })).toBeNull();
    expect(await getOpenRun(ctx(), { profileId: acme.id })).toMatchObject({ id: runningId, jobName: "SAM - Refresh Miro Acme Subscriptions" });
    expect(await getOpenRun(ctx(), { profileId: beta.id })).toBeNull();
  });

  it("refuses every job list read to a person without a role", async () => {
    const refused = { code: "forbidden" };
    await expect(listScheduledJobs(ctx(nobody), { params: parseListParams(scheduledJobsSpec, {}) })).rejects.toMatchObject(refused);
    await expect(listJobResults(ctx(nobody), { params: parseListParams(jobResultsSpec, {}) })).rejects.toMatchObject(refused);
    expect(() => iterateJobResults(ctx(nobody), { params: parseListParams(jobResultsSpec, {}) })).toThrow(/permission/);
    await expect(getJobProgress(ctx(nobody), { id: runningId })).rejects.toMatchObject(refused);
    await expect(getOpenRun(ctx(nobody), { profileId: acme.id })).rejects.toMatchObject(refused);
    // A job acts as the system and may read them.
    expect((await listJobResults(ctx(jobActor("test", null, "Test")), { params: parseListParams(jobResultsSpec, {}) })).rows.length).toBeGreaterThan(0);
  });
});
