import { notFound } from "next/navigation";
import { requirePageActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { profileModelsSpec } from "@/lib/lists/profile-models-spec";
import { listProfileModels } from "@/lib/services/profiles/list-profile-models";
import { loadProfilePage } from "@/lib/services/profiles/profile-page-data";
import { parseListParams } from "@/lib/table/list-spec";
import { ProfileModelsTable } from "@/components/lists/profile-models-table";
import { EmptyState } from "@/components/layout/empty-state";

export default async function ProfileModelsPage({ params, searchParams }: { params: Promise<{ profileId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageActor();
  const ctx = { db: await getDb(), actor };
  const data = await loadProfilePage(ctx, { profileId: (await params).profileId });
  if (!data) notFound();
  const listParams = parseListParams(profileModelsSpec, await searchParams);
  const { rows, total } = await listProfileModels(ctx, { params: listParams, profile: data.profile });
  return (
    <ProfileModelsTable
      spec={profileModelsSpec}
      params={listParams}
      rows={rows}
      total={total}
      exportHref={`/api/lists/profile-software-models/export?profile=${data.profile.id}`}
      empty={<EmptyState title="No software models yet">Publishing the profile creates the software models of the vendor&apos;s paid license identifiers.</EmptyState>}
    />
  );
}
