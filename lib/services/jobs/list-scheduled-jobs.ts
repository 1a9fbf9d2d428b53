import "server-only";
import { and, count, eq, ilike, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { runKindFor } from "../../jobs/registry";
import { listReads, type ListInput } from "../../lists/read-list";
import type { DbOrTx } from "../../db";
import { downloadResults, integrationProfiles, jobResults, scheduledJobs as j, type JobState } from "../../db/schema";
import type { ScheduledJobsFilterKey, ScheduledJobsSortKey } from "../../lists/jobs-spec";
import type { ListParams } from "../../table/list-spec";
import { containsPattern, inWindow, orderBy, type PageWindow } from "../../table/sql";

export type LatestRun = {
  id: string;
  state: JobState;
  /** A download's members read; null for a run of another kind. */
  membersRead: number | null;
  totalExpected: number | null;
  startedAt: string | null;
  endedAt: string | null;
  errorText: string | null;
};

export type ScheduledJobRow = {
  id: string;
  name: string;
  kind: string;
  /** The kind as its definition names it (the registry); the stored kind when no definition knows it. */
  kindLabel: string;
  /** Whether a definition runs this kind here (Execute Now is offered only then). */
  runnable: boolean;
  profileId: string | null;
  profileName: string | null;
  cron: string;
  timeZone: string;
  active: boolean;
  lastRunAt: string | null;
  nextRunAt: string | null;
  createdAt: string;
  /** The newest job result of the job (its state; live progress while it runs). */
  latest: LatestRun | null;
};

type Params = ListParams<ScheduledJobsSortKey, ScheduledJobsFilterKey> | ListParams<ScheduledJobsSortKey, never>;
const uuid = z.uuid();

const iso = (v: unknown): string | null => (v === null || v === undefined ? null : new Date(String(v)).toISOString());

function query(db: DbOrTx, { params, profileId }: ListInput<Params>) {
  const f = params.filters as Partial<Record<ScheduledJobsFilterKey, string>>;
  const parts: (SQL | undefined)[] = [];
  if (profileId) parts.push(eq(j.profileId, profileId));
  if (f.q) parts.push(ilike(j.name, containsPattern(f.q)));
  if (f.profile) parts.push(uuid.safeParse(f.profile).success ? eq(j.profileId, f.profile) : sql`false`);
  const where = and(...parts);
  // The newest result through job_results_job_created_idx: one index probe per job.
  const latest = sql<Record<string, unknown> | null>`(select json_build_object(
      'id', r.id, 'state', r.state, 'membersRead', d.members_read, 'totalExpected', d.total_expected,
      'startedAt', r.started_at, 'endedAt', r.ended_at, 'errorText', r.error_text)
    from ${jobResults} r left join ${downloadResults} d on d.job_result_id = r.id where r.job_id = ${j.id} order by r.created_at desc limit 1)`;
  const sortColumns = { name: j.name, lastRunAt: j.lastRunAt, nextRunAt: j.nextRunAt, createdAt: j.createdAt };
  const rowsOf = async (window: PageWindow): Promise<ScheduledJobRow[]> => {
    const rows = await inWindow(
      db
        .select({
          id: j.id,
          name: j.name,
          kind: j.kind,
          profileId: j.profileId,
          profileName: integrationProfiles.displayName,
          cron: j.cron,
          timeZone: j.timeZone,
          active: j.active,
          lastRunAt: j.lastRunAt,
          nextRunAt: j.nextRunAt,
          createdAt: j.createdAt,
          latest,
        })
        .from(j)
        .leftJoin(integrationProfiles, eq(integrationProfiles.id, j.profileId))
        .where(where)
        .$dynamic(),
      orderBy(sortColumns, params.sort, j.id),
      window,
    );
    return rows.map((r) => {
      const l = (typeof r.latest === "string" ? JSON.parse(r.latest) : r.latest) as Record<string, unknown> | null;
      const kind = runKindFor(r.kind);
      return {
        ...r,
        kindLabel: kind?.label ?? r.kind,
        runnable: kind !== undefined,
        lastRunAt: r.lastRunAt?.toISOString() ?? null,
        nextRunAt: r.nextRunAt?.toISOString() ?? null,
        createdAt: r.createdAt.toISOString(),
        latest: l
          ? {
              id: String(l.id),
              state: l.state as JobState,
              membersRead: l.membersRead === null || l.membersRead === undefined ? null : Number(l.membersRead),
              totalExpected: l.totalExpected === null || l.totalExpected === undefined ? null : Number(l.totalExpected),
              startedAt: iso(l.startedAt),
              endedAt: iso(l.endedAt),
              errorText: (l.errorText as string | null) ?? null,
            }
          : null,
      };
    });
  };
  const totalOf = async () => (await db.select({ n: count() }).from(j).where(where))[0]?.n ?? 0;
  return { rowsOf, totalOf };
}

/** **Scheduled jobs**, across profiles or (`profileId`) one profile's. */
/** **Scheduled jobs**, across profiles or (`profileId`) one profile's; refused without `workspace:view`. */
export const { list: listScheduledJobs, iterate: iterateScheduledJobs } = listReads(query);
