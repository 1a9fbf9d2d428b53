"use client";
import { useActionState, useState, type ReactNode } from "react";
import { keepValues } from "@/components/forms/keep-values";
import { createIdentifierExclusionAction, createUserExclusionAction } from "@/app/(workspace)/subscription-exclusions/actions";
import type { ActionResult } from "@/lib/actions/action";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogSubmit, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Input, NativeSelect } from "@/components/ui/input";
import { Field, FormError } from "@/components/forms/field";

type Result = ActionResult<{ id: string; changed: number }> | null;

function useCreateDialog(action: (prev: Result, form: FormData) => Promise<Result>, onDone: (message: string) => void) {
  const [open, setOpen] = useState(false);
  // The outcome is handed to the list right away, not from an effect: creating the first rule
  // replaces the empty state (and this dialog in it) with the table.
  const [state, formAction, pending] = useActionState<Result, FormData>(async (prev, form) => {
    const result = await action(prev, form);
    if (result?.ok) {
      setOpen(false);
      onDone(result.message ?? "Saved.");
    }
    return result;
  }, null);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  const formError = state && !state.ok ? state.error : undefined;
  return { open, setOpen, state, formAction, pending, errors, formError };
}

/** Both dialogs around their fields: the **New** button, the title and what the rule does, the form. */
function RuleDialog(props: { dialog: ReturnType<typeof useCreateDialog>; label: string; title: string; description: string; children: ReactNode }) {
  const d = props.dialog;
  return (
    <Dialog open={d.open} onOpenChange={d.setOpen}>
      <DialogTrigger asChild>
        <Button size="sm">{props.label}</Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>{props.title}</DialogTitle>
          <DialogDescription>{props.description}</DialogDescription>
        </DialogHeader>
        <form onSubmit={keepValues(d.formAction)} className="flex flex-col gap-4" noValidate>
          {props.children}
        </form>
      </DialogContent>
    </Dialog>
  );
}

/** **New** Subscription Identifier Exclusion Rule: an identifier of a profile type, and why. */
export function CreateIdentifierExclusionDialog({
  profileTypes,
  label = "New",
  onDone,
}: {
  profileTypes: { id: string; label: string }[];
  label?: string;
  onDone: (message: string) => void;
}) {
  const d = useCreateDialog(createIdentifierExclusionAction, onDone);
  const fieldErrors = d.errors && (d.errors.identifier || d.errors.reason || d.errors.profileType);
  return (
    <RuleDialog
      dialog={d}
      label={label}
      title="New Subscription Identifier Exclusion Rule"
      description="Subscriptions with this identifier, in every profile of the type, are kept and listed but left out of cost, compliance and reclamation. Existing subscriptions are re-marked at once."
    >
      {profileTypes.length === 1 ? (
        <input type="hidden" name="profileType" value={profileTypes[0]!.id} />
      ) : (
        <Field id="new-id-rule-type" label="Profile Type" errors={d.errors?.profileType}>
          <NativeSelect id="new-id-rule-type" name="profileType" options={profileTypes.map((t) => ({ value: t.id, label: t.label }))} />
        </Field>
      )}
      <Field id="new-id-rule-identifier" label="Subscription identifier" errors={d.errors?.identifier} hint="As the vendor sends it, e.g. free or full_trial.">
        <Input id="new-id-rule-identifier" name="identifier" aria-invalid={!!d.errors?.identifier} />
      </Field>
      <ReasonAndCreate id="new-id-rule-reason" reasonErrors={d.errors?.reason} formError={!fieldErrors ? d.formError : undefined} pending={d.pending} />
    </RuleDialog>
  );
}

/** The end of both dialogs: why the rule exists, the form's error and **Create**. */
function ReasonAndCreate(props: { id: string; reasonErrors?: string[]; formError?: string; pending: boolean }) {
  return (
    <>
      <Field id={props.id} label="Reason" errors={props.reasonErrors}>
        <Input id={props.id} name="reason" aria-invalid={!!props.reasonErrors} />
      </Field>
      <FormError message={props.formError} />
      <DialogSubmit pending={props.pending} label="Create" pendingLabel="Creating…" />
    </>
  );
}

/** **New** Subscription User Exclusion Rule: a user principal name (any profile), and why. */
export function CreateUserExclusionDialog({ label = "New", onDone }: { label?: string; onDone: (message: string) => void }) {
  const d = useCreateDialog(createUserExclusionAction, onDone);
  const fieldErrors = d.errors && (d.errors.userPrincipalName || d.errors.reason);
  return (
    <RuleDialog
      dialog={d}
      label={label}
      title="New Subscription User Exclusion Rule"
      description="This person's subscriptions, in every profile, are kept and listed but left out of cost, compliance and reclamation (service accounts, executives). Existing subscriptions are re-marked at once."
    >
      <Field id="new-user-rule-upn" label="User principal name" errors={d.errors?.userPrincipalName} hint="Usually the email; compared without regard to case.">
        <Input id="new-user-rule-upn" name="userPrincipalName" aria-invalid={!!d.errors?.userPrincipalName} />
      </Field>
      <ReasonAndCreate id="new-user-rule-reason" reasonErrors={d.errors?.reason} formError={!fieldErrors ? d.formError : undefined} pending={d.pending} />
    </RuleDialog>
  );
}
