/** An exact amount ("1234.5") as the workspace shows it: "1,234.50 EUR"; null for no amount. */
export function formatMoney(amount: string | null, currency: string | null): string | null {
  if (amount === null) return null;
  return `${Number(amount).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${currency ?? ""}`.trim();
}
