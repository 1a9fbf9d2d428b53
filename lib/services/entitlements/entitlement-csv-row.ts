import type { z } from "zod";
import { ENTITLEMENT_STATE_LABELS, ENTITLEMENT_STATES, SUBSCRIPTION_PERIOD_LABELS, SUBSCRIPTION_PERIODS, type EntitlementState } from "../../db/schema/entitlements";
import { entitlementsSpec } from "../../lists/entitlements-spec";
import type { entitlementInputSchema } from "./entitlement-input";

/**
 * One line of an entitlements CSV file turned into the entitlement form's input: the file has the
 * columns the **Entitlements** export writes, under the same headers, so an exported file imports
 * again. The headers come from the list's spec, so a label changed there changes both.
 */

/** The export's column ids, as read back. */
export type EntitlementCsvColumn = "model" | "displayName" | "purchasedRights" | "unitCost" | "period" | "startDate" | "endDate" | "state" | "costCenter" | "vendor";

const labelOf = (id: EntitlementCsvColumn): string => entitlementsSpec.columns.find((c) => c.id === id)?.label ?? id;

export const ENTITLEMENT_CSV_COLUMNS: readonly EntitlementCsvColumn[] = entitlementsSpec.columns.map((c) => c.id as EntitlementCsvColumn);
/** What the form requires; the other columns may be left out (the export hides some by default). */
export const REQUIRED_ENTITLEMENT_CSV_COLUMNS: readonly EntitlementCsvColumn[] = ["model", "purchasedRights", "unitCost", "period", "state"];
export const entitlementCsvHeader = (id: EntitlementCsvColumn) => labelOf(id);

/** A header cell → its column, without regard to case or spaces around it. */
export function columnOfHeader(header: string): EntitlementCsvColumn | undefined {
  const wanted = header.trim().toLowerCase();
  return ENTITLEMENT_CSV_COLUMNS.find((id) => labelOf(id).toLowerCase() === wanted);
}

/** The form's fields → the column a person sees them under, to name a field in words. */
const FIELD_COLUMN: Record<string, EntitlementCsvColumn> = {
  softwareModelId: "model",
  displayName: "displayName",
  purchasedRights: "purchasedRights",
  unitCost: "unitCost",
  currency: "unitCost",
  subscriptionPeriod: "period",
  startDate: "startDate",
  endDate: "endDate",
  state: "state",
  costCenter: "costCenter",
  vendor: "vendor",
};

// The export writes the effective state: Ended and Not started are In use entitlements outside their dates.
const STATE_BY_LABEL = new Map<string, EntitlementState>([
  ...ENTITLEMENT_STATES.flatMap((s) => [[s, s] as const, [ENTITLEMENT_STATE_LABELS[s].toLowerCase(), s] as const]),
  ["ended", "in_use"],
  ["not started", "in_use"],
]);
const PERIOD_BY_LABEL = new Map<string, string>(SUBSCRIPTION_PERIODS.flatMap((p) => [[p, p] as const, [SUBSCRIPTION_PERIOD_LABELS[p].toLowerCase(), p] as const]));

const STATE_CHOICES = `${ENTITLEMENT_STATES.map((s) => ENTITLEMENT_STATE_LABELS[s]).join(", ")} (or Ended, Not started)`;
const PERIOD_CHOICES = SUBSCRIPTION_PERIODS.map((p) => SUBSCRIPTION_PERIOD_LABELS[p]).join(", ");

/**
 * The cells of one line as the form's raw input. `modelId` is the software model the Software model
 * cell names (looked up by the caller), or a reason it names none. Labels become codes; a value that
 * is no label passes through for the form's schema to refuse.
 */
export function formInputOfCells(cells: Partial<Record<EntitlementCsvColumn, string>>, modelId: string | undefined): z.input<typeof entitlementInputSchema> {
  const period = cells.period?.trim() ?? "";
  const state = cells.state?.trim() ?? "";
  // "12.00 EUR" as the export writes it; a bare amount leaves the currency empty, which the form refuses.
  const [amount = "", currency = "", ...rest] = (cells.unitCost ?? "").trim().split(/\s+/);
  return {
    softwareModelId: modelId ?? "",
    displayName: cells.displayName,
    // Blank is no number (coercing "" would make it 0 rights).
    purchasedRights: cells.purchasedRights?.trim() || undefined,
    unitCost: rest.length ? cells.unitCost : amount,
    currency,
    subscriptionPeriod: (PERIOD_BY_LABEL.get(period.toLowerCase()) ?? period) as never,
    startDate: cells.startDate,
    endDate: cells.endDate,
    state: (STATE_BY_LABEL.get(state.toLowerCase()) ?? state) as never,
    costCenter: cells.costCenter,
    vendor: cells.vendor,
  };
}

/** A zod issue of the form, in words under the column's header: "Purchased rights: A whole number of rights." */
export function reasonOfIssue(issue: z.core.$ZodIssue, cells: Partial<Record<EntitlementCsvColumn, string>>): string | null {
  const field = String(issue.path[0] ?? "");
  const column = FIELD_COLUMN[field];
  const header = column ? labelOf(column) : "Row";
  const given = column ? (cells[column] ?? "").trim() : "";
  // A blank unit cost is said once, not again as a missing currency.
  if (field === "currency" && given === "") return null;
  let message = issue.message;
  if (field === "subscriptionPeriod") message = `"${given}" is not a period; use ${PERIOD_CHOICES}.`;
  else if (field === "state") message = `"${given}" is not a state; use ${STATE_CHOICES}.`;
  else if (field === "currency") message = `Write the currency after the amount, e.g. 12.00 EUR (${issue.message})`;
  else if (field === "unitCost" && given === "") message = "Give the unit cost and its currency, e.g. 12.00 EUR.";
  else if (field === "purchasedRights" && given === "") message = "Give the number of purchased rights.";
  return `${header}: ${message}`;
}
