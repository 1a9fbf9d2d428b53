import { notFound } from "next/navigation";
import { requirePageActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db";
import { identifierExclusionsSpec } from "@/lib/lists/profile-models-spec";
import { listIdentifierExclusions } from "@/lib/services/profiles/list-identifier-exclusions";
import { loadProfilePage } from "@/lib/services/profiles/profile-page-data";
import { parseListParams } from "@/lib/table/list-spec";
import { IdentifierExclusionsTable } from "@/components/lists/identifier-exclusions-table";

export default async function IdentifierExclusionsPage({ params, searchParams }: { params: Promise<{ profileId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageActor();
  const ctx = { db: await getDb(), actor };
  const data = await loadProfilePage(ctx, { profileId: (await params).profileId });
  if (!data) notFound();
  const listParams = parseListParams(identifierExclusionsSpec, await searchParams);
  const { rows, total } = await listIdentifierExclusions(ctx, { params: listParams, profileType: data.profile.profileType });
  return (
    <IdentifierExclusionsTable
      spec={identifierExclusionsSpec}
      params={listParams}
      rows={rows}
      total={total}
      exportHref={`/api/lists/profile-identifier-exclusions/export?profile=${data.profile.id}`}
      profileType={data.vendor.profileType}
      canManage={can(actor.roles, "exclusions:manage")}
    />
  );
}
