"use client";
import { useActionState, useState } from "react";
import { keepValues } from "@/components/forms/keep-values";
import { createDirectoryUserAction } from "@/app/(workspace)/admin/user-directory/actions";
import type { ActionResult } from "@/lib/actions/action";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogSubmit, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Field, FormError } from "@/components/forms/field";

const FIELDS = [
  { name: "name", label: "Name" },
  { name: "email", label: "Email", type: "email" },
  { name: "userName", label: "User name", hint: "The person's account name, if it differs from the email." },
  { name: "managerEmail", label: "Manager email", type: "email", hint: "The manager must be in the directory already." },
  { name: "department", label: "Department" },
  { name: "costCenter", label: "Cost center" },
] as const;

/** **New person** in the user directory (the company's people, not sign-in accounts). */
export function CreateDirectoryUserDialog({ onDone }: { onDone: (message: string) => void }) {
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(true);
  const [state, action, pending] = useActionState<ActionResult<{ id: string }> | null, FormData>(async (prev, form) => {
    const result = await createDirectoryUserAction(prev, form);
    if (result.ok) {
      setOpen(false);
      setActive(true);
      onDone(result.message ?? "Added.");
    }
    return result;
  }, null);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button>New person</Button>
      </DialogTrigger>
      <DialogContent className="max-h-[90vh] overflow-y-auto">
        <DialogHeader>
          <DialogTitle>New person</DialogTitle>
          <DialogDescription>Adds a person to the user directory; subscriptions whose user principal name is this email resolve to them. This is not a sign-in account.</DialogDescription>
        </DialogHeader>
        <form onSubmit={keepValues(action)} className="flex flex-col gap-3" noValidate>
          {FIELDS.map((f) => (
            <Field key={f.name} id={`dir-${f.name}`} label={f.label} errors={errors?.[f.name]} hint={"hint" in f ? f.hint : undefined}>
              <Input id={`dir-${f.name}`} name={f.name} type={"type" in f ? f.type : "text"} aria-invalid={!!errors?.[f.name]} />
            </Field>
          ))}
          <input type="hidden" name="active" value={active ? "true" : "false"} />
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} className="h-4 w-4 accent-primary" />
            Active
          </label>
          <FormError message={state && !state.ok && !errors ? state.error : state && !state.ok && errors?._form ? errors._form[0] : undefined} />
          <DialogSubmit pending={pending} label="Create" pendingLabel="Creating…" />
        </form>
      </DialogContent>
    </Dialog>
  );
}
