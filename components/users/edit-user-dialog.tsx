"use client";
import { useActionState, useEffect, useState } from "react";
import { updateUserAction } from "@/app/(workspace)/admin/users/actions";
import type { ActionResult } from "@/lib/actions/action";
import type { UserRow } from "@/lib/services/users/list-users";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogSubmit, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { FormError } from "@/components/forms/field";
import { RoleCheckboxes } from "./role-checkboxes";

export function EditUserDialog({ user }: { user: UserRow }) {
  const [open, setOpen] = useState(false);
  const [state, action, pending] = useActionState<ActionResult<null> | null, FormData>(updateUserAction, null);
  useEffect(() => {
    if (state?.ok) setOpen(false);
  }, [state]);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="outline" size="sm" aria-label={`Edit ${user.email}`}>
          Edit
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Edit {user.name}</DialogTitle>
          <DialogDescription>{user.email}</DialogDescription>
        </DialogHeader>
        <form action={action} className="flex flex-col gap-4">
          <input type="hidden" name="id" value={user.id} />
          <RoleCheckboxes idPrefix={`edit-${user.id}`} defaultRoles={user.roles} />
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="active" value="true" defaultChecked={user.active} className="h-4 w-4 accent-primary" />
            Active (can sign in)
          </label>
          <FormError message={state && !state.ok ? (state.fieldErrors?.roles?.[0] ?? state.error) : undefined} />
          <DialogSubmit pending={pending} label="Save" pendingLabel="Saving…" />
        </form>
      </DialogContent>
    </Dialog>
  );
}
