"use client";
import { useActionState } from "react";
import { saveEntitlementAction } from "@/app/(workspace)/entitlements/actions";
import type { ActionResult } from "@/lib/actions/action";
import { ENTITLEMENT_STATE_LABELS, ENTITLEMENT_STATES, SUBSCRIPTION_PERIOD_LABELS, SUBSCRIPTION_PERIODS } from "@/lib/db/schema/entitlement-labels";
import { Field, FormError } from "@/components/forms/field";
import { keepValues } from "@/components/forms/keep-values";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { Input } from "@/components/ui/input";

export type EntitlementValues = {
  id?: string;
  softwareModelId: string;
  displayName: string | null;
  purchasedRights: number;
  unitCost: string;
  currency: string;
  subscriptionPeriod: string;
  startDate: string | null;
  endDate: string | null;
  noticePeriodDays: number | null;
  costCenter: string | null;
  vendor: string | null;
  purchaseOrder: string | null;
  notes: string | null;
  state: string;
};

const select = "flex h-9 w-full rounded-md border border-border bg-card px-3 text-sm disabled:opacity-60";

/** A software entitlement's form (sam_admin edits; others read it). */
export function EntitlementForm({ values, models, canEdit }: { values: EntitlementValues; models: { id: string; name: string }[]; canEdit: boolean }) {
  const [state, action, pending] = useActionState<ActionResult<unknown> | null, FormData>(saveEntitlementAction, null);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  const d = !canEdit;
  const text = (id: keyof EntitlementValues, label: string, hint?: string, type = "text") => (
    <Field id={id} label={label} errors={errors?.[id]} hint={hint}>
      <Input id={id} name={id} type={type} defaultValue={(values[id] as string | number | null) ?? ""} disabled={d} aria-invalid={!!errors?.[id]} />
    </Field>
  );
  return (
    <form onSubmit={keepValues(action)} className="flex flex-col gap-4" noValidate>
      {values.id && <input type="hidden" name="id" value={values.id} />}
      <Card>
        <CardContent className="grid gap-4 pt-5 md:grid-cols-3">
          <Field id="softwareModelId" label="Software model" errors={errors?.softwareModelId}>
            <select id="softwareModelId" name="softwareModelId" defaultValue={values.softwareModelId} disabled={d} className={select}>
              <option value="">Choose…</option>
              {models.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
            </select>
          </Field>
          <Field id="licenseMetric" label="License metric">
            <Input id="licenseMetric" value="User Subscription" readOnly />
          </Field>
          <Field id="state" label="State" errors={errors?.state} hint="Only In use counts, and only between its start and end dates.">
            <select id="state" name="state" defaultValue={values.state} disabled={d} className={select}>
              {ENTITLEMENT_STATES.map((s) => (
                <option key={s} value={s}>
                  {ENTITLEMENT_STATE_LABELS[s]}
                </option>
              ))}
            </select>
          </Field>
          {text("purchasedRights", "Purchased rights", undefined, "number")}
          {text("unitCost", "Unit cost", "The price of one right for one period, e.g. 12.00.")}
          {text("currency", "Currency", "Three letters, e.g. EUR.")}
          <Field id="subscriptionPeriod" label="Subscription period" errors={errors?.subscriptionPeriod}>
            <select id="subscriptionPeriod" name="subscriptionPeriod" defaultValue={values.subscriptionPeriod} disabled={d} className={select}>
              {SUBSCRIPTION_PERIODS.map((p) => (
                <option key={p} value={p}>
                  {SUBSCRIPTION_PERIOD_LABELS[p]}
                </option>
              ))}
            </select>
          </Field>
          {text("startDate", "Start date", undefined, "date")}
          {text("endDate", "End date", undefined, "date")}
          {text("noticePeriodDays", "Notice period (days)", "How long before the end the vendor must be told.", "number")}
          {text("costCenter", "Cost center")}
          {text("vendor", "Vendor")}
          {text("purchaseOrder", "Purchase order")}
          {text("displayName", "Name", "Optional, e.g. the contract's name.")}
          <Field id="notes" label="Notes" errors={errors?.notes}>
            <textarea id="notes" name="notes" defaultValue={values.notes ?? ""} disabled={d} className="min-h-20 rounded-md border border-border bg-card px-3 py-2 text-sm" />
          </Field>
        </CardContent>
      </Card>
      <FormError message={state && !state.ok ? state.error : undefined} />
      {canEdit && (
        <div>
          <Button type="submit" disabled={pending}>
            {pending ? "Saving…" : "Save"}
          </Button>
        </div>
      )}
    </form>
  );
}
