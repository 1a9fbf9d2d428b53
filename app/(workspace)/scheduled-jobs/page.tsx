import { requirePageActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db";
import { scheduledJobsSpec } from "@/lib/lists/jobs-spec";
import { listScheduledJobs } from "@/lib/services/jobs/list-scheduled-jobs";
import { listProfileOptions } from "@/lib/services/subscriptions/list-subscription-filter-options";
import { parseListParams } from "@/lib/table/list-spec";
import { PageHeader } from "@/components/layout/page-header";
import { JobsTabs } from "@/components/jobs/jobs-tabs";
import { ScheduledJobsTable } from "@/components/lists/scheduled-jobs-table";

export const metadata = { title: "Scheduled jobs" };

export default async function ScheduledJobsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageActor();
  const params = parseListParams(scheduledJobsSpec, await searchParams);
  const db = await getDb();
  const [{ rows, total }, profiles] = await Promise.all([listScheduledJobs({ db, actor }, { params }), listProfileOptions({ db, actor })]);
  return (
    <>
      <PageHeader
        title="Scheduled jobs"
        description="Daily subscription downloads (one per published profile) and the workspace's weekly jobs, with the state of each job's latest run. A sam_integrator can run a download at once with Execute Now."
      />
      <JobsTabs />
      <ScheduledJobsTable
        spec={scheduledJobsSpec}
        params={params}
        rows={rows}
        total={total}
        exportHref="/api/lists/scheduled-jobs/export"
        filterOptions={{ profile: profiles }}
        canRun={can(actor.roles, "jobs:run")}
      />
    </>
  );
}
