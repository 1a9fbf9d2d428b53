import { can } from "@/lib/auth/permissions";
import { readProfileListPage, type ProfileListRoute } from "@/lib/lists/list-page";
import { identifierExclusionsSpec } from "@/lib/lists/profile-models-spec";
import { listIdentifierExclusions } from "@/lib/services/profiles/list-identifier-exclusions";
import { IdentifierExclusionsTable } from "@/components/lists/identifier-exclusions-table";

export default async function IdentifierExclusionsPage(route: ProfileListRoute) {
  const { actor, data, table } = await readProfileListPage(
    identifierExclusionsSpec,
    (ctx, params, profile) => listIdentifierExclusions(ctx, { params, profileType: profile.profileType }),
    route,
  );
  return <IdentifierExclusionsTable {...table} profileType={data.vendor.profileType} canManage={can(actor.roles, "exclusions:manage")} />;
}
