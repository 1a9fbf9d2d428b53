/**
 * Removal candidate states and their words on screen (product.md §5, exact); without drizzle, so that
 * client components and list column declarations can import them.
 */
export const removalCandidateStateEnum = [
  "attention_required",
  "ready",
  "awaiting_user",
  "awaiting_approval",
  "awaiting_revocation",
  "closed_complete",
  "closed_skipped",
  "closed_canceled",
] as const;
export type RemovalCandidateState = (typeof removalCandidateStateEnum)[number];

export const REMOVAL_CANDIDATE_STATE_LABELS: Record<RemovalCandidateState, string> = {
  attention_required: "Attention Required",
  ready: "Ready",
  awaiting_user: "Awaiting User",
  awaiting_approval: "Awaiting Approval",
  awaiting_revocation: "Awaiting Revocation",
  closed_complete: "Closed Complete",
  closed_skipped: "Closed Skipped",
  closed_canceled: "Closed Canceled",
};

export const OPEN_REMOVAL_CANDIDATE_STATES = [
  "attention_required",
  "ready",
  "awaiting_user",
  "awaiting_approval",
  "awaiting_revocation",
] as const satisfies readonly RemovalCandidateState[];

export const CLOSED_REMOVAL_CANDIDATE_STATES = ["closed_complete", "closed_skipped", "closed_canceled"] as const satisfies readonly RemovalCandidateState[];

export const REMOVAL_JUSTIFICATION_LABELS = { low_usage: "Low Usage" } as const;
