import { can } from "@/lib/auth/permissions";
import { readProfileListPage, type ProfileListRoute } from "@/lib/lists/list-page";
import { userExclusionsSpec } from "@/lib/lists/exclusions-spec";
import { listUserExclusions } from "@/lib/services/exclusions/list-user-exclusions";
import { UserExclusionsTable } from "@/components/lists/user-exclusions-table";

export default async function ProfileUserExclusionsPage(route: ProfileListRoute) {
  const { actor, table } = await readProfileListPage(userExclusionsSpec, (ctx, params, profile) => listUserExclusions(ctx, { params, profileId: profile.id }), route);
  return <UserExclusionsTable {...table} canManage={can(actor.roles, "exclusions:manage")} />;
}
