"use client";
import { useActionState, useRef, useState, useTransition } from "react";
import { previewNoticeAction, previewRuleAction, updateRuleAction } from "@/app/(workspace)/reclamation-rules/actions";
import type { ActionResult } from "@/lib/actions/action";
import { money } from "@/lib/lists/removal-candidates-columns";
import type { RulePreview } from "@/lib/services/reclamation/rules";
import { Field, FormError } from "@/components/forms/field";
import { keepValues } from "@/components/forms/keep-values";
import { Button } from "@/components/ui/button";
import { SubmitButton } from "@/components/forms/submit-button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import type { RuleSettings } from "@/lib/services/reclamation/rule-settings";
import { DEFAULT_NOTICE_BODY, DEFAULT_NOTICE_SUBJECT, NOTICE_PLACEHOLDERS } from "@/lib/services/reclamation/notice-template";

const PREVIEWED = new Set<string>(["lastActivityThresholdDays", "gracePeriodDays"]);

export type RuleFormValues = { id: string } & RuleSettings;

function Check({ name, label, defaultChecked, disabled, hint }: { name: string; label: string; defaultChecked: boolean; disabled: boolean; hint: string }) {
  return (
    <div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name={name} value="true" defaultChecked={defaultChecked} disabled={disabled} className="h-4 w-4 accent-primary" />
        {label}
      </label>
      <p className="ml-6 text-xs text-muted-foreground">{hint}</p>
    </div>
  );
}

/** A reclamation rule's form (sam_admin edits; others read it) and its **Preview**, which creates nothing. */
export function RuleForm({ rule, canEdit }: { rule: RuleFormValues; canEdit: boolean }) {
  const [state, action, pending] = useActionState<ActionResult<unknown> | null, FormData>(updateRuleAction, null);
  const [preview, setPreview] = useState<ActionResult<RulePreview> | null>(null);
  const [previewing, startPreview] = useTransition();
  const form = useRef<HTMLFormElement>(null);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  const disabled = !canEdit;
  const runPreview = () => {
    const data = new FormData(form.current ?? undefined);
    startPreview(async () => {
      setPreview(
        await previewRuleAction(null, { id: rule.id, lastActivityThresholdDays: data.get("lastActivityThresholdDays"), gracePeriodDays: data.get("gracePeriodDays") }),
      );
    });
  };
  const number = (id: keyof RuleFormValues, label: string, value: number | null, hint: string) => (
    <Field id={id} label={label} errors={errors?.[id] ?? (preview && !preview.ok ? preview.fieldErrors?.[id] : undefined)} hint={hint}>
      {/* Anyone may try a threshold and grace period in Preview; only a sam_admin saves them. */}
      <Input id={id} name={id} type="number" min={0} defaultValue={value ?? ""} disabled={disabled && !PREVIEWED.has(id)} aria-invalid={!!errors?.[id]} />
    </Field>
  );
  return (
    <div className="flex flex-col gap-4">
      <form ref={form} onSubmit={keepValues(action)} className="flex flex-col gap-4" noValidate>
        <input type="hidden" name="id" value={rule.id} />
        <Card>
          <CardContent className="grid gap-4 pt-5 md:grid-cols-2">
            <Field id="name" label="Name" errors={errors?.name}>
              <Input id="name" name="name" defaultValue={rule.name} disabled={disabled} aria-invalid={!!errors?.name} />
            </Field>
            <Field id="assignmentGroup" label="Assignment group" errors={errors?.assignmentGroup} hint="Who works the candidates of this rule (optional).">
              <Input id="assignmentGroup" name="assignmentGroup" defaultValue={rule.assignmentGroup ?? ""} disabled={disabled} />
            </Field>
            {number("lastActivityThresholdDays", "Last activity threshold", rule.lastActivityThresholdDays, "Days without activity (or, for someone never active, since the license was assigned) before a candidate is made.")}
            {number("gracePeriodDays", "Grace period", rule.gracePeriodDays, "Days after a license is assigned during which it is never a candidate.")}
            {number("daysBeforeAutoReclamation", "Days before auto-reclamation", rule.daysBeforeAutoReclamation, "With Notify user: how long the person has to answer before the license is reclaimed.")}
            <div className="flex flex-col gap-3">
              <Check name="active" label="Active" defaultChecked={rule.active} disabled={disabled} hint="An inactive rule makes no candidates." />
              <Check name="createCandidates" label="Create reclamation candidate" defaultChecked={rule.createCandidates} disabled={disabled} hint="When cleared, the rule is only evaluated by Preview." />
              <Check name="notifyUser" label="Notify user" defaultChecked={rule.notifyUser} disabled={disabled} hint="Ask the person (Keep / Release) before reclaiming." />
            </div>
          </CardContent>
        </Card>
        <NoticeTemplate rule={rule} disabled={disabled} errors={errors} formRef={form} />
        <FormError message={state && !state.ok ? state.error : undefined} />
        {state?.ok && (
          <p role="status" className="text-sm text-success">
            {state.message}
          </p>
        )}
        <div className="flex gap-2">
          {canEdit && <SubmitButton pending={pending} />}
          <Button type="button" variant="outline" onClick={runPreview} disabled={previewing}>
            {previewing ? "Previewing…" : "Preview"}
          </Button>
        </div>
      </form>
      {preview && <PreviewResult preview={preview} />}
    </div>
  );
}

function PreviewResult({ preview }: { preview: ActionResult<RulePreview> }) {
  if (!preview.ok) return <FormError message={preview.error} />;
  const p = preview.data;
  const savings = p.savings.length ? p.savings.map((s) => money(s.amount, s.currency)).join(" + ") : "— (no entitlement in use for this model)";
  return (
    <Card data-testid="rule-preview">
      <CardHeader>
        <CardTitle>
          Preview: {p.count.toLocaleString("en-US")} subscription{p.count === 1 ? "" : "s"} would become removal candidates · projected savings {savings} a year
        </CardTitle>
        <p className="text-sm text-muted-foreground">A dry run with the values above: nothing was created or saved. Subscriptions that already have an open candidate are not counted again.</p>
      </CardHeader>
      {p.rows.length > 0 && (
        <CardContent>
          <table className="w-full text-sm" aria-label="Preview">
            <thead>
              <tr className="border-b border-border text-left text-xs text-muted-foreground">
                <th className="py-1">User</th>
                <th className="py-1">Inactive days</th>
                <th className="py-1">Reason</th>
                <th className="py-1 text-right">Potential savings</th>
              </tr>
            </thead>
            <tbody>
              {p.rows.map((r) => (
                <tr key={r.userPrincipalName} className="border-b border-border">
                  <td className="py-1 pr-3">{r.userPrincipalName}</td>
                  <td className="py-1 pr-3">{r.inactiveDays}</td>
                  <td className="py-1 pr-3 text-xs">{r.reason}</td>
                  <td className="py-1 text-right whitespace-nowrap">{money(r.potentialSavings, r.currency) ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {p.count > p.rows.length && <p className="mt-2 text-xs text-muted-foreground">The {p.rows.length} longest inactive of {p.count.toLocaleString("en-US")}.</p>}
        </CardContent>
      )}
    </Card>
  );
}

/** The notice's subject and body with placeholders, and a preview as one of the rule's candidates would read it. */
function NoticeTemplate({ rule, disabled, errors, formRef }: { rule: RuleFormValues; disabled: boolean; errors?: Record<string, string[]>; formRef: React.RefObject<HTMLFormElement | null> }) {
  const [preview, setPreview] = useState<ActionResult<{ to: string; subject: string; text: string }> | null>(null);
  const [pending, start] = useTransition();
  const run = () => {
    const data = new FormData(formRef.current ?? undefined);
    start(async () => setPreview(await previewNoticeAction(null, { id: rule.id, noticeSubject: data.get("noticeSubject"), noticeBody: data.get("noticeBody") })));
  };
  const fieldErrors = preview && !preview.ok ? preview.fieldErrors : undefined;
  return (
    <Card>
      <CardHeader>
        <CardTitle>Notice email</CardTitle>
        <p className="text-sm text-muted-foreground">
          Sent with Notify user. Leave empty for the built-in text. Placeholders: {NOTICE_PLACEHOLDERS.map((p) => `{{${p}}}`).join(", ")}.
        </p>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        <Field id="noticeSubject" label="Notice subject" errors={errors?.noticeSubject ?? fieldErrors?.noticeSubject}>
          <Input id="noticeSubject" name="noticeSubject" defaultValue={rule.noticeSubject ?? ""} placeholder={DEFAULT_NOTICE_SUBJECT} disabled={disabled} />
        </Field>
        <Field id="noticeBody" label="Notice body" errors={errors?.noticeBody ?? fieldErrors?.noticeBody}>
          <textarea
            id="noticeBody"
            name="noticeBody"
            defaultValue={rule.noticeBody ?? ""}
            placeholder={DEFAULT_NOTICE_BODY}
            disabled={disabled}
            className="min-h-48 rounded-md border border-border bg-card px-3 py-2 text-sm disabled:opacity-60"
          />
        </Field>
        <div>
          <Button type="button" variant="outline" onClick={run} disabled={pending}>
            {pending ? "Previewing…" : "Preview email"}
          </Button>
        </div>
        {preview?.ok && (
          <div data-testid="notice-preview" className="rounded-md border border-border bg-muted/40 p-3 text-sm">
            <p className="text-xs text-muted-foreground">To {preview.data.to}</p>
            <p className="font-medium">{preview.data.subject}</p>
            <pre className="mt-2 whitespace-pre-wrap font-sans">{preview.data.text}</pre>
          </div>
        )}
        {preview && !preview.ok && !preview.fieldErrors && <FormError message={preview.error} />}
      </CardContent>
    </Card>
  );
}
