import { z } from "zod";
import { ENTITLEMENT_STATES, SUBSCRIPTION_PERIODS } from "../../db/schema/entitlements";
import { textField } from "../text-input";

const blank = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const text = (max: number) => z.preprocess(blank, textField(max).optional());
const date = z.preprocess(blank, z.iso.date("Use a date such as 2026-12-31.").optional());

/** An entitlement's form (product.md §6), as a sam_admin saves it. */
export const entitlementInputSchema = z
  .object({
    id: z.preprocess(blank, z.uuid().optional()),
    softwareModelId: z.uuid("Choose the software model."),
    displayName: text(200),
    purchasedRights: z.coerce.number({ error: "Purchased rights must be a number." }).int("A whole number of rights.").min(0).max(10_000_000),
    unitCost: z.preprocess(blank, z.string({ error: "Give the unit cost, e.g. 12.00." }).trim().regex(/^\d{1,12}(\.\d{1,2})?$/, "A price such as 12.00 (two decimals at most).")),
    currency: z.string().trim().toUpperCase().regex(/^[A-Z]{3}$/, "A three-letter currency code, e.g. EUR."),
    subscriptionPeriod: z.enum(SUBSCRIPTION_PERIODS),
    startDate: date,
    endDate: date,
    noticePeriodDays: z.preprocess(blank, z.coerce.number().int().min(0).max(3650).optional()),
    costCenter: text(200),
    vendor: text(200),
    purchaseOrder: text(200),
    notes: text(4000),
    state: z.enum(ENTITLEMENT_STATES),
  })
  .superRefine((v, ctx) => {
    if (v.startDate && v.endDate && v.endDate < v.startDate) ctx.addIssue({ code: "custom", path: ["endDate"], message: "The end date is before the start date." });
  });
export type EntitlementInput = z.output<typeof entitlementInputSchema>;
