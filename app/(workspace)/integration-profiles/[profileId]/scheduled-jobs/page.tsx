import { can } from "@/lib/auth/permissions";
import { readProfileListPage, type ProfileListRoute } from "@/lib/lists/list-page";
import { profileJobsSpec } from "@/lib/lists/jobs-spec";
import { listScheduledJobs } from "@/lib/services/jobs/list-scheduled-jobs";
import { ScheduledJobsTable } from "@/components/lists/scheduled-jobs-table";

export default async function ProfileJobsPage(route: ProfileListRoute) {
  const { actor, table } = await readProfileListPage(profileJobsSpec, (ctx, params, profile) => listScheduledJobs(ctx, { params, profileId: profile.id }), route);
  return <ScheduledJobsTable {...table} canRun={can(actor.roles, "jobs:run")} />;
}
