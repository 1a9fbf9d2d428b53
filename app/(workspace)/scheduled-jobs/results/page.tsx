import { can } from "@/lib/auth/permissions";
import { jobResultsSpec } from "@/lib/lists/jobs-spec";
import { listJobResults } from "@/lib/services/jobs/list-job-results";
import { listProfileOptions } from "@/lib/services/subscriptions/list-subscription-filter-options";
import { readListPage, type SearchParams } from "@/lib/lists/list-page";
import { PageHeader } from "@/components/layout/page-header";
import { JobsTabs } from "@/components/jobs/jobs-tabs";
import { JobResultsTable } from "@/components/lists/job-results-table";

export const metadata = { title: "Scheduled job results" };

export default async function JobResultsPage({ searchParams }: { searchParams: SearchParams }) {
  const { actor, ctx, table } = await readListPage(jobResultsSpec, listJobResults, searchParams);
  const profiles = await listProfileOptions(ctx);
  return (
    <>
      <PageHeader
        title="Scheduled jobs"
        description="One Scheduled job result per run: its state, duration, what it read and changed, HTTP retries, and the error in words when it failed. A running download shows its progress live."
      />
      <JobsTabs />
      <JobResultsTable {...table} filterOptions={{ profile: profiles }} canConfirm={can(actor.roles, "jobs:run")} />
    </>
  );
}
