import { notFound } from "next/navigation";
import { can } from "@/lib/auth/permissions";
import { requirePageActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { profileJobResultsSpec } from "@/lib/lists/jobs-spec";
import { listJobResults } from "@/lib/services/jobs/list-job-results";
import { loadProfilePage } from "@/lib/services/profiles/profile-page-data";
import { parseListParams } from "@/lib/table/list-spec";
import { JobResultsTable } from "@/components/lists/job-results-table";

export default async function ProfileJobResultsPage({ params, searchParams }: { params: Promise<{ profileId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageActor();
  const ctx = { db: await getDb(), actor };
  const data = await loadProfilePage(ctx, { profileId: (await params).profileId });
  if (!data) notFound();
  const listParams = parseListParams(profileJobResultsSpec, await searchParams);
  const { rows, total } = await listJobResults(ctx, { params: listParams, profileId: data.profile.id });
  return (
    <JobResultsTable
      spec={profileJobResultsSpec}
      params={listParams}
      rows={rows}
      total={total}
      exportHref={`/api/lists/profile-job-results/export?profile=${data.profile.id}`}
      canConfirm={can(actor.roles, "jobs:run")}
    />
  );
}
