"use client";
import { useActionState, useEffect, useState } from "react";
import { createUserAction } from "@/app/(workspace)/admin/users/actions";
import type { ActionResult } from "@/lib/actions/action";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogSubmit, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Field, FormError } from "@/components/forms/field";
import { RoleCheckboxes } from "./role-checkboxes";

export function CreateUserDialog() {
  const [open, setOpen] = useState(false);
  const [state, action, pending] = useActionState<ActionResult<{ id: string }> | null, FormData>(createUserAction, null);
  useEffect(() => {
    if (state?.ok) setOpen(false);
  }, [state]);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <>
      {state?.ok && state.message && (
        <p role="status" className="text-sm text-success">
          {state.message}
        </p>
      )}
      <Dialog open={open} onOpenChange={setOpen}>
        <DialogTrigger asChild>
          <Button>New person</Button>
        </DialogTrigger>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>New person</DialogTitle>
            <DialogDescription>They sign in with this email and password; give them a temporary password and the roles they need.</DialogDescription>
          </DialogHeader>
          <form action={action} className="flex flex-col gap-4" noValidate>
            <Field id="new-user-name" label="Name" errors={errors?.name}>
              <Input id="new-user-name" name="name" aria-invalid={!!errors?.name} />
            </Field>
            <Field id="new-user-email" label="Email" errors={errors?.email}>
              <Input id="new-user-email" name="email" type="email" aria-invalid={!!errors?.email} />
            </Field>
            <Field id="new-user-password" label="Password" errors={errors?.password} hint="At least 12 characters.">
              <Input id="new-user-password" name="password" type="password" autoComplete="new-password" aria-invalid={!!errors?.password} />
            </Field>
            <RoleCheckboxes idPrefix="new-user-role" />
            {errors?.roles?.map((e) => (
              <p key={e} className="text-xs text-destructive">
                {e}
              </p>
            ))}
            <FormError message={state && !state.ok && !state.fieldErrors ? state.error : undefined} />
            <DialogSubmit pending={pending} label="Create" pendingLabel="Creating…" />
          </form>
        </DialogContent>
      </Dialog>
    </>
  );
}
