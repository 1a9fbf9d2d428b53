/** The two kinds of exclusion rule and their names on screen. */
export const EXCLUSION_KINDS = ["identifier", "user"] as const;
export type ExclusionKind = (typeof EXCLUSION_KINDS)[number];
export const EXCLUSION_KIND_LABELS: Record<ExclusionKind, string> = {
  identifier: "Subscription Identifier Exclusion Rule",
  user: "Subscription User Exclusion Rule",
};
