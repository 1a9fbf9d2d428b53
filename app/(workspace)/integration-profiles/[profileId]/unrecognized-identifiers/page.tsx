import { notFound } from "next/navigation";
import { requirePageActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db";
import { profileUnrecognizedIdentifiersSpec } from "@/lib/lists/unrecognized-identifiers-spec";
import { listModelChoices } from "@/lib/services/identifiers/list-software-models";
import { listUnrecognizedIdentifiers } from "@/lib/services/identifiers/list-unrecognized-identifiers";
import { loadProfilePage } from "@/lib/services/profiles/profile-page-data";
import { parseListParams } from "@/lib/table/list-spec";
import { UnrecognizedIdentifiersTable } from "@/components/lists/unrecognized-identifiers-table";

export default async function ProfileUnrecognizedIdentifiersPage({ params, searchParams }: { params: Promise<{ profileId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageActor();
  const data = await loadProfilePage((await params).profileId);
  if (!data) notFound();
  const listParams = parseListParams(profileUnrecognizedIdentifiersSpec, await searchParams);
  const db = await getDb();
  const canMap = can(actor.roles, "identifiers:map");
  const [{ rows, total }, models] = await Promise.all([
    listUnrecognizedIdentifiers(db, listParams, { profileId: data.profile.id }),
    canMap ? listModelChoices(db) : [],
  ]);
  return (
    <UnrecognizedIdentifiersTable
      spec={profileUnrecognizedIdentifiersSpec}
      params={listParams}
      rows={rows}
      total={total}
      exportHref={`/api/lists/profile-unrecognized-identifiers/export?profile=${data.profile.id}`}
      canMap={canMap}
      models={models}
      profileId={data.profile.id}
    />
  );
}
