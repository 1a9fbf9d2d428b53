import "server-only";
/*
 * Miro pages its members by id (the cursor is the id of the last member returned), so a complete
 * read lists every member once, in increasing id order. A run that saw strictly increasing ids can
 * count the members it saw by adding up its pages; the sweep then needs to look for unseen rows only
 * when that count falls short of the profile's current subscriptions. Any other order (a vendor that
 * pages differently, ids that repeat) simply means the sweep always looks.
 */

/** Orders ids as numbers when both are digit strings (Miro's 19-digit ids), else as text. */
const DIGITS = /^\d+$/;

export function compareVendorIds(a: string, b: string): number {
  // Ids of one length compare the same way as numbers and as text (the usual case: one check).
  if (a.length === b.length) return a < b ? -1 : a > b ? 1 : 0;
  if (DIGITS.test(a) && DIGITS.test(b)) {
    const x = a.replace(/^0+(?=\d)/, "");
    const y = b.replace(/^0+(?=\d)/, "");
    if (x.length !== y.length) return x.length - y.length;
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Tracks whether the ids seen so far, page after page, were strictly increasing. */
export class IncreasingIds {
  private last: string | undefined;
  increasing = true;

  see(ids: readonly string[]): void {
    for (const id of ids) this.next(id);
  }

  next(id: string): void {
    if (this.last !== undefined && compareVendorIds(this.last, id) >= 0) this.increasing = false;
    this.last = id;
  }
}
