"use client";
import type { ListParams, ListSpec } from "@/lib/table/list-spec";
import type { ScheduledJobRow } from "@/lib/services/jobs/list-scheduled-jobs";
import { ScheduledJobsTable } from "./scheduled-jobs-table";

/** The profile's **Scheduled Jobs** related list. */
export function ProfileJobsTable(props: { spec: ListSpec; params: ListParams; rows: ScheduledJobRow[]; total: number; profileId: string; canRun: boolean }) {
  const { profileId, ...rest } = props;
  return <ScheduledJobsTable {...rest} exportHref={`/api/lists/profile-scheduled-jobs/export?profile=${profileId}`} />;
}
