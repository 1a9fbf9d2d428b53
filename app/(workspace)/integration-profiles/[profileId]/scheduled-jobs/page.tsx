import { notFound } from "next/navigation";
import { requirePageActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db";
import { profileJobsSpec } from "@/lib/lists/jobs-spec";
import { listScheduledJobs } from "@/lib/services/jobs/list-scheduled-jobs";
import { loadProfilePage } from "@/lib/services/profiles/profile-page-data";
import { parseListParams } from "@/lib/table/list-spec";
import { ProfileJobsTable } from "@/components/lists/profile-jobs-table";

export default async function ProfileJobsPage({ params, searchParams }: { params: Promise<{ profileId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageActor();
  const ctx = { db: await getDb(), actor };
  const data = await loadProfilePage(ctx, { profileId: (await params).profileId });
  if (!data) notFound();
  const listParams = parseListParams(profileJobsSpec, await searchParams);
  const { rows, total } = await listScheduledJobs(ctx, { params: listParams, profileId: data.profile.id });
  return <ProfileJobsTable spec={profileJobsSpec} params={listParams} rows={rows} total={total} profileId={data.profile.id} canRun={can(actor.roles, "jobs:run")} />;
}
