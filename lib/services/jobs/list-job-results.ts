import "server-only";
import { and, count, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "../../db";
import { downloadResults as d, integrationProfiles, jobResults as r, OPEN_JOB_STATES, scheduledJobs, type JobState, type JobTrigger } from "../../db/schema";
import type { JobResultsFilterKey, JobResultsSortKey } from "../../lists/jobs-spec";
import type { ListParams } from "../../table/list-spec";
import { inWindow, orderBy, type PageWindow } from "../../table/sql";
import { authorize } from "../../auth/actor";
import { listReads, type ListInput } from "../../lists/read-list";
import type { ServiceContext } from "../context";

export type JobResultRow = {
  id: string;
  jobId: string;
  jobName: string;
  profileId: string | null;
  profileName: string | null;
  state: JobState;
  trigger: JobTrigger;
  startedAt: string | null;
  endedAt: string | null;
  /** Milliseconds; a running job's so far. */
  durationMs: number | null;
  /** A download run's counters (download_results); null for a run of another kind. */
  pages: number | null;
  membersRead: number | null;
  totalExpected: number | null;
  created: number | null;
  updated: number | null;
  unchanged: number | null;
  removed: number | null;
  excluded: number | null;
  unrecognized: number | null;
  httpRetries: number | null;
  rateLimited: number | null;
  errorText: string | null;
  /** What a run Completed with warnings held back, in words. */
  warningText: string | null;
  /** What the run's reclamation step did, in words ("12 new, 3 closed"); null when it did not run. */
  candidates: string | null;
  /** Removals the run held back that an integrator may still confirm (0 when none). */
  pendingRemovals: number;
  createdAt: string;
};

type Params = ListParams<JobResultsSortKey, JobResultsFilterKey> | ListParams<JobResultsSortKey, Exclude<JobResultsFilterKey, "profile">>;
const uuid = z.uuid();

/** The run's duration; a run that has not ended counts up to now. */
const duration = sql<number | null>`extract(epoch from (coalesce(${r.endedAt}, now()) - ${r.startedAt})) * 1000`;

function query(db: DbOrTx, { params, profileId }: ListInput<Params>) {
  const f = params.filters as Partial<Record<JobResultsFilterKey, string>>;
  const parts: (SQL | undefined)[] = [];
  if (profileId) parts.push(eq(r.profileId, profileId));
  if (f.state) parts.push(eq(r.state, f.state as JobState));
  if (f.trigger) parts.push(eq(r.trigger, f.trigger as JobTrigger));
  if (f.profile) parts.push(uuid.safeParse(f.profile).success ? eq(r.profileId, f.profile) : sql`false`);
  const where = and(...parts);
  const sortColumns = { createdAt: r.createdAt, startedAt: r.startedAt, duration, membersRead: d.membersRead };
  const rowsOf = async (window: PageWindow): Promise<JobResultRow[]> => {
    const rows = await inWindow(
      db
        .select({
          id: r.id,
          jobId: r.jobId,
          jobName: scheduledJobs.name,
          profileId: r.profileId,
          profileName: integrationProfiles.displayName,
          state: r.state,
          trigger: r.trigger,
          startedAt: r.startedAt,
          endedAt: r.endedAt,
          durationMs: duration,
          pages: d.pages,
          membersRead: d.membersRead,
          totalExpected: d.totalExpected,
          created: d.subscriptionsCreated,
          updated: d.subscriptionsUpdated,
          unchanged: d.subscriptionsUnchanged,
          removed: d.subscriptionsRemoved,
          excluded: d.subscriptionsExcluded,
          unrecognized: d.unrecognizedIdentifiers,
          httpRetries: d.httpRetries,
          rateLimited: d.rateLimited,
          errorText: r.errorText,
          warningText: r.warningText,
          candidateCounts: sql<{ created: number; canceled: number; skipped: number } | null>`${r.details}->'candidates'`,
          pendingRemovals: sql<number>`coalesce((select cardinality(p.external_user_ids) from download_pending_removals p where p.job_result_id = ${r.id}), 0)`.mapWith(Number),
          createdAt: r.createdAt,
        })
        .from(r)
        .innerJoin(scheduledJobs, eq(scheduledJobs.id, r.jobId))
        .leftJoin(integrationProfiles, eq(integrationProfiles.id, r.profileId))
        .leftJoin(d, eq(d.jobResultId, r.id))
        .where(where)
        .$dynamic(),
      orderBy(sortColumns, params.sort, r.id),
      window,
    );
    return rows.map(({ candidateCounts, ...x }) => ({
      ...x,
      candidates: candidatesWords(candidateCounts),
      durationMs: x.durationMs === null ? null : Math.round(Number(x.durationMs)),
      startedAt: x.startedAt?.toISOString() ?? null,
      endedAt: x.endedAt?.toISOString() ?? null,
      createdAt: x.createdAt.toISOString(),
    }));
  };
  const totalOf = async () => (await db.select({ n: count() }).from(r).where(where))[0]?.n ?? 0;
  return { rowsOf, totalOf };
}

/** **Scheduled job results**, across profiles or (`profileId`) one profile's. */
export const { list: listJobResults, iterate: iterateJobResults } = listReads(query);

export type JobProgress = {
  id: string;
  state: JobState;
  /** A download's counters; null for a run of another kind (it shows its state only). */
  pages: number | null;
  membersRead: number | null;
  totalExpected: number | null;
  startedAt: string | null;
  endedAt: string | null;
  updatedAt: string;
  errorText: string | null;
};

const progressColumns = {
  id: r.id,
  state: r.state,
  pages: d.pages,
  membersRead: d.membersRead,
  totalExpected: d.totalExpected,
  startedAt: r.startedAt,
  endedAt: r.endedAt,
  updatedAt: r.updatedAt,
  errorText: r.errorText,
};

function toProgress(x: { id: string; state: JobState; pages: number | null; membersRead: number | null; totalExpected: number | null; startedAt: Date | null; endedAt: Date | null; updatedAt: Date; errorText: string | null }): JobProgress {
  return { ...x, startedAt: x.startedAt?.toISOString() ?? null, endedAt: x.endedAt?.toISOString() ?? null, updatedAt: x.updatedAt.toISOString() };
}

/** What the live progress polls: one job result's state and counters (the primary key, nothing else). */
export async function getJobProgress(ctx: ServiceContext, input: { id: string }): Promise<JobProgress | null> {
  authorize(ctx.actor, "workspace:view", "see job results");
  const id = z.uuid().parse(input.id);
  const [row] = await ctx.db.select(progressColumns).from(r).leftJoin(d, eq(d.jobResultId, r.id)).where(eq(r.id, id)).limit(1);
  return row ? toProgress(row) : null;
}

/** The profile's queued or running run, if any (what the profile page shows progress for). */
export async function getOpenRun(ctx: ServiceContext, input: { profileId: string }): Promise<(JobProgress & { jobName: string }) | null> {
  authorize(ctx.actor, "workspace:view", "see job results");
  const profileId = z.uuid().parse(input.profileId);
  const [row] = await ctx.db
    .select({ ...progressColumns, jobName: scheduledJobs.name })
    .from(r)
    .innerJoin(scheduledJobs, eq(scheduledJobs.id, r.jobId))
    .leftJoin(d, eq(d.jobResultId, r.id))
    .where(and(eq(r.profileId, profileId), inArray(r.state, [...OPEN_JOB_STATES])))
    .orderBy(desc(r.createdAt))
    .limit(1);
  return row ? { ...toProgress(row), jobName: row.jobName } : null;
}

/** "12 new, 3 closed", from the run's details; null for a run without the step. */
export function candidatesWords(c: { created: number; canceled: number; skipped: number } | null): string | null {
  if (!c || typeof c !== "object") return null;
  const closed = Number(c.canceled ?? 0) + Number(c.skipped ?? 0);
  return `${Number(c.created ?? 0).toLocaleString("en-US")} new, ${closed.toLocaleString("en-US")} closed`;
}
