import { JOB_STATE_LABELS, type JobState } from "@/lib/db/schema/jobs";
import { Badge } from "@/components/ui/badge";

const VARIANTS = { queued: "muted", running: "default", completed: "success", failed: "destructive" } as const;

/** Queued / Running / Completed / Failed. */
export function JobStateBadge({ state }: { state: JobState }) {
  return <Badge variant={VARIANTS[state]}>{JOB_STATE_LABELS[state]}</Badge>;
}
