import { readProfileListPage, type ProfileListRoute } from "@/lib/lists/list-page";
import { profileModelsSpec } from "@/lib/lists/profile-models-spec";
import { listProfileModels } from "@/lib/services/profiles/list-profile-models";
import { ProfileModelsTable } from "@/components/lists/profile-models-table";
import { EmptyState } from "@/components/layout/empty-state";

export default async function ProfileModelsPage(route: ProfileListRoute) {
  const { table } = await readProfileListPage(profileModelsSpec, (ctx, params, profile) => listProfileModels(ctx, { params, profile }), route);
  return (
    <ProfileModelsTable
      {...table}
      empty={<EmptyState title="No software models yet">Publishing the profile creates the software models of the vendor&apos;s paid license identifiers.</EmptyState>}
    />
  );
}
