import { JOB_STATE_LABELS, type JobState } from "@/lib/db/schema/job-labels";
import { Badge } from "@/components/ui/badge";

const VARIANTS = { queued: "muted", running: "default", completed: "success", completed_with_warnings: "warning", failed: "destructive" } as const;

/** Queued / Running / Completed / Completed with warnings / Failed. */
export function JobStateBadge({ state }: { state: JobState }) {
  return (
    <Badge variant={VARIANTS[state]} className="whitespace-nowrap">
      {JOB_STATE_LABELS[state]}
    </Badge>
  );
}
