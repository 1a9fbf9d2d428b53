import { can } from "@/lib/auth/permissions";
import { requirePageActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { jobResultsSpec } from "@/lib/lists/jobs-spec";
import { listJobResults } from "@/lib/services/jobs/list-job-results";
import { listProfileOptions } from "@/lib/services/subscriptions/list-subscription-filter-options";
import { parseListParams } from "@/lib/table/list-spec";
import { PageHeader } from "@/components/layout/page-header";
import { JobsTabs } from "@/components/jobs/jobs-tabs";
import { JobResultsTable } from "@/components/lists/job-results-table";

export const metadata = { title: "Scheduled job results" };

export default async function JobResultsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageActor();
  const params = parseListParams(jobResultsSpec, await searchParams);
  const db = await getDb();
  const [{ rows, total }, profiles] = await Promise.all([listJobResults({ db, actor }, { params }), listProfileOptions({ db, actor })]);
  return (
    <>
      <PageHeader
        title="Scheduled jobs"
        description="One Scheduled job result per run: its state, duration, what it read and changed, HTTP retries, and the error in words when it failed. A running download shows its progress live."
      />
      <JobsTabs />
      <JobResultsTable spec={jobResultsSpec} params={params} rows={rows} total={total} exportHref="/api/lists/job-results/export" filterOptions={{ profile: profiles }} canConfirm={can(actor.roles, "jobs:run")} />
    </>
  );
}
