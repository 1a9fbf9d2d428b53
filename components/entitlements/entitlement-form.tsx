"use client";
import { useActionState } from "react";
import { saveEntitlementAction } from "@/app/(workspace)/entitlements/actions";
import type { ActionResult } from "@/lib/actions/action";
import type { Entitlement } from "@/lib/db/schema/entitlements";
import { ENTITLEMENT_STATE_LABELS, ENTITLEMENT_STATES, SUBSCRIPTION_PERIOD_LABELS, SUBSCRIPTION_PERIODS } from "@/lib/db/schema/entitlement-labels";
import { Field, FormError } from "@/components/forms/field";
import { keepValues } from "@/components/forms/keep-values";
import { SubmitButton } from "@/components/forms/submit-button";
import { Card, CardContent } from "@/components/ui/card";
import { Input, NativeSelect } from "@/components/ui/input";

/** An entitlement as its form shows it: no id yet for a new one. */
export type EntitlementValues = { id?: string } & Omit<Entitlement, "id" | "licenseMetric" | "createdBy" | "createdAt" | "updatedAt">;


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
            <NativeSelect
              id="softwareModelId"
              name="softwareModelId"
              defaultValue={values.softwareModelId}
              disabled={d}
              placeholder="Choose…"
              options={models.map((m) => ({ value: m.id, label: m.name }))}
            />
          </Field>
          <Field id="licenseMetric" label="License metric">
            <Input id="licenseMetric" value="User Subscription" readOnly />
          </Field>
          <Field id="state" label="State" errors={errors?.state} hint="Only In use counts, and only between its start and end dates.">
            <NativeSelect id="state" name="state" defaultValue={values.state} disabled={d} options={ENTITLEMENT_STATES.map((s) => ({ value: s, label: ENTITLEMENT_STATE_LABELS[s] }))} />
          </Field>
          {text("purchasedRights", "Purchased rights", undefined, "number")}
          {text("unitCost", "Unit cost", "The price of one right for one period, e.g. 12.00.")}
          {text("currency", "Currency", "Three letters, e.g. EUR.")}
          <Field id="subscriptionPeriod" label="Subscription period" errors={errors?.subscriptionPeriod}>
            <NativeSelect
              id="subscriptionPeriod"
              name="subscriptionPeriod"
              defaultValue={values.subscriptionPeriod}
              disabled={d}
              options={SUBSCRIPTION_PERIODS.map((p) => ({ value: p, label: SUBSCRIPTION_PERIOD_LABELS[p] }))}
            />
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
          <SubmitButton pending={pending} />
        </div>
      )}
    </form>
  );
}
