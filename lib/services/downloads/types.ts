import "server-only";
/** What a running download reports as it goes (also written to its job result about once a second). */
export type DownloadProgress = {
  phase: "reading" | "finishing";
  pages: number;
  membersRead: number;
  /** What the vendor says the organization holds; null: Miro has no count of org members. */
  totalExpected: number | null;
  /** Members read by the last complete run of the profile: an estimate for a progress bar, or null. */
  previousMembersRead: number | null;
  created: number;
  updated: number;
  unchanged: number;
  httpRetries: number;
  rateLimited: number;
};

/** The outcome of a complete, successful run; the same counters are in its job result. */
export type DownloadSummary = {
  profileId: string;
  jobResultId: string;
  pages: number;
  membersRead: number;
  totalExpected: number | null;
  created: number;
  updated: number;
  unchanged: number;
  /** Subscriptions marked removed by the sweep (members no longer listed). */
  removed: number;
  /** Current subscriptions of the profile that an exclusion rule keeps out of cost and compliance. */
  excluded: number;
  /** Distinct identifiers without a software model met in this run. */
  unrecognizedIdentifiers: number;
  /** Subscriptions read in this run whose identifier has no software model. */
  unrecognizedSubscriptions: number;
  /** Subscriptions that got a user from the directory in this run. */
  usersResolved: number;
  httpRetries: number;
  rateLimited: number;
  durationMs: number;
  /** Set when the run held its removals back (removal-guard.ts): the sentence for its job result. */
  warning?: string;
};

export type DownloadCounters = Pick<
  DownloadSummary,
  "pages" | "membersRead" | "created" | "updated" | "unchanged" | "removed" | "excluded" | "unrecognizedIdentifiers" | "httpRetries" | "rateLimited"
>;

export const zeroCounters = (): DownloadCounters => ({
  pages: 0,
  membersRead: 0,
  created: 0,
  updated: 0,
  unchanged: 0,
  removed: 0,
  excluded: 0,
  unrecognizedIdentifiers: 0,
  httpRetries: 0,
  rateLimited: 0,
});
