import { notFound } from "next/navigation";
import { requirePageActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db";
import { userExclusionsSpec } from "@/lib/lists/exclusions-spec";
import { listUserExclusions } from "@/lib/services/exclusions/list-user-exclusions";
import { loadProfilePage } from "@/lib/services/profiles/profile-page-data";
import { parseListParams } from "@/lib/table/list-spec";
import { UserExclusionsTable } from "@/components/lists/user-exclusions-table";

export default async function ProfileUserExclusionsPage({ params, searchParams }: { params: Promise<{ profileId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageActor();
  const ctx = { db: await getDb(), actor };
  const data = await loadProfilePage(ctx, { profileId: (await params).profileId });
  if (!data) notFound();
  const listParams = parseListParams(userExclusionsSpec, await searchParams);
  const { rows, total } = await listUserExclusions(ctx, { params: listParams, profileId: data.profile.id });
  return (
    <UserExclusionsTable
      spec={userExclusionsSpec}
      params={listParams}
      rows={rows}
      total={total}
      exportHref={`/api/lists/profile-user-exclusions/export?profile=${data.profile.id}`}
      canManage={can(actor.roles, "exclusions:manage")}
    />
  );
}
