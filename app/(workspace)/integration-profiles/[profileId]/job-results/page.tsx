import { can } from "@/lib/auth/permissions";
import { readProfileListPage, type ProfileListRoute } from "@/lib/lists/list-page";
import { profileJobResultsSpec } from "@/lib/lists/jobs-spec";
import { listJobResults } from "@/lib/services/jobs/list-job-results";
import { JobResultsTable } from "@/components/lists/job-results-table";

export default async function ProfileJobResultsPage(route: ProfileListRoute) {
  const { actor, table } = await readProfileListPage(profileJobResultsSpec, (ctx, params, profile) => listJobResults(ctx, { params, profileId: profile.id }), route);
  return <JobResultsTable {...table} canConfirm={can(actor.roles, "jobs:run")} />;
}
