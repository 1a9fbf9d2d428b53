import { can } from "@/lib/auth/permissions";
import { scheduledJobsSpec } from "@/lib/lists/jobs-spec";
import { listScheduledJobs } from "@/lib/services/jobs/list-scheduled-jobs";
import { listProfileOptions } from "@/lib/services/subscriptions/list-subscription-filter-options";
import { readListPage, type SearchParams } from "@/lib/lists/list-page";
import { PageHeader } from "@/components/layout/page-header";
import { JobsTabs } from "@/components/jobs/jobs-tabs";
import { ScheduledJobsTable } from "@/components/lists/scheduled-jobs-table";

export const metadata = { title: "Scheduled jobs" };

export default async function ScheduledJobsPage({ searchParams }: { searchParams: SearchParams }) {
  const { actor, ctx, table } = await readListPage(scheduledJobsSpec, listScheduledJobs, searchParams);
  const profiles = await listProfileOptions(ctx);
  return (
    <>
      <PageHeader
        title="Scheduled jobs"
        description="Daily subscription downloads (one per published profile) and the workspace's weekly jobs, with the state of each job's latest run. A sam_integrator can run a download at once with Execute Now."
      />
      <JobsTabs />
      <ScheduledJobsTable
        {...table}
        filterOptions={{ profile: profiles }}
        canRun={can(actor.roles, "jobs:run")}
      />
    </>
  );
}
