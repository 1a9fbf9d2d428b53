import "server-only";
/*
 * The reconciliation's arithmetic (product.md §6), as pure functions over exact amounts: money is a
 * decimal string ("12.00") turned into integer cents, never a binary float.
 */

export type ModelCounts = {
  /** Purchased rights of the model's entitlements in use today. */
  rightsOwned: number;
  /** Active, non-excluded, current subscriptions. */
  rightsUsed: number;
  /** The price of one right for one period, or null without an entitlement in use. */
  unitCost: string | null;
};

export type ModelReconciliation = {
  rightsAvailable: number;
  unlicensedSubscriptions: number;
  compliant: boolean;
  /** Unused rights × unit cost; null without a unit cost. */
  overLicensedAmount: string | null;
  /** Missing rights × unit cost; null without a unit cost. */
  trueUpCost: string | null;
};

export function toCents(amount: string): number {
  const m = /^(-)?(\d+)(?:\.(\d{1,2}))?$/.exec(amount.trim());
  if (!m) throw new Error(`Not an amount: ${amount}`);
  const cents = Number(m[2]) * 100 + Number((m[3] ?? "").padEnd(2, "0"));
  return m[1] ? -cents : cents;
}

export function fromCents(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

export function times(amount: string, n: number): string {
  return fromCents(toCents(amount) * n);
}

export function sum(amounts: readonly (string | null)[]): string {
  return fromCents(amounts.reduce((a, x) => a + (x === null ? 0 : toCents(x)), 0));
}

/** One model's position: compliant when no subscription lacks a right. */
export function reconcileModel(c: ModelCounts): ModelReconciliation {
  const available = Math.max(c.rightsOwned - c.rightsUsed, 0);
  const missing = Math.max(c.rightsUsed - c.rightsOwned, 0);
  return {
    rightsAvailable: available,
    unlicensedSubscriptions: missing,
    compliant: missing === 0,
    overLicensedAmount: c.unitCost === null ? null : times(c.unitCost, available),
    trueUpCost: c.unitCost === null ? null : times(c.unitCost, missing),
  };
}
