import "server-only";
/**
 * The renewals panel's arithmetic (beyond the reference), pure so that it is unit tested: when
 * notice must be given, and how many seats of an entitlement could be dropped by then.
 */

export type RenewalCounts = {
  /** This entitlement's rights. */
  rights: number;
  /** Rights of every entitlement of the model in use today (several add up). */
  modelRights: number;
  /** Active, non-excluded subscriptions of the model. */
  inUse: number;
  /** Open removal candidates of the model: seats likely to free up before the date. */
  openCandidates: number;
};

/** The last day to give notice: the end date minus the notice period (the end date when none is set). */
export function noticeDeadline(endDate: string, noticePeriodDays: number | null): string {
  const d = new Date(`${endDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - (noticePeriodDays ?? 0));
  return d.toISOString().slice(0, 10);
}

/** Whole days from `today` to `date` (negative once it has passed). */
export function daysUntil(date: string, today: string): number {
  return Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

/**
 * Seats of this entitlement that could be dropped at renewal: the model's unused rights plus the
 * seats its open candidates would free, never more than this entitlement holds nor below zero.
 */
export function droppableSeats(c: RenewalCounts): number {
  const unused = Math.max(0, c.modelRights - c.inUse);
  const freed = Math.min(c.openCandidates, c.inUse);
  return Math.max(0, Math.min(c.rights, unused + freed));
}
