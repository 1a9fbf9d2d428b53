import { REMOVAL_CANDIDATE_STATE_LABELS, type RemovalCandidateState } from "@/lib/db/schema/removal-candidate-labels";
import { Badge } from "@/components/ui/badge";

const VARIANTS = {
  attention_required: "destructive",
  ready: "default",
  awaiting_user: "warning",
  awaiting_approval: "warning",
  awaiting_revocation: "default",
  closed_complete: "success",
  closed_skipped: "muted",
  closed_canceled: "muted",
} as const;

/** The eight states of a removal candidate, with their exact labels. */
export function CandidateStateBadge({ state }: { state: RemovalCandidateState }) {
  return (
    <Badge variant={VARIANTS[state]} className="whitespace-nowrap">
      {REMOVAL_CANDIDATE_STATE_LABELS[state]}
    </Badge>
  );
}
