import "server-only";
/**
 * Whether a complete download may mark removed the subscriptions it did not see (product.md §7). A
 * listing the vendor cut short (an empty page that still carried a cursor, a page missing its cursor)
 * ends like any other, and would remove everyone it did not reach: above the profile's share of the
 * organization the run holds the removals back and says why, for an integrator to confirm. Pure.
 */
export type RemovalGuardInput = {
  wouldRemove: number;
  /** The profile's current subscriptions before the sweep. */
  current: number;
  membersRead: number;
  previousMembersRead: number | null;
  /** The profile's guard, 1–100 % of the organization. */
  percent: number;
  subject: string;
};

export type RemovalGuardDecision = { hold: false } | { hold: true; sentence: string };

const count = (n: number, noun: string) => `${n.toLocaleString("en-US")} ${noun}${n === 1 ? "" : "s"}`;

export function guardRemovals(input: RemovalGuardInput): RemovalGuardDecision {
  const { wouldRemove, current, percent } = input;
  if (wouldRemove === 0 || current === 0) return { hold: false };
  if (wouldRemove * 100 <= current * percent) return { hold: false };
  const share = Math.round((wouldRemove * 1000) / current) / 10;
  const before = input.previousMembersRead === null ? "" : ` (the last completed run read ${count(input.previousMembersRead, "member")})`;
  return {
    hold: true,
    sentence:
      `This run read ${input.membersRead.toLocaleString("en-US")} of ${input.subject}${before}. ` +
      `Marking the ${count(wouldRemove, "subscription")} it did not see as removed would remove ${share} % of the organization, more than the profile's ${percent} % guard, ` +
      "so nothing was removed: a listing cut short looks the same as people leaving. " +
      "If they really left, select Confirm removals on this run; otherwise the next run will read them again.",
  };
}
