"use client";
import { useActionState, useEffect, useState } from "react";
import { createChildAliasAction } from "@/app/(workspace)/connections/actions";
import type { ActionResult } from "@/lib/actions/action";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Field, FormError } from "@/components/forms/field";

/**
 * **Create child alias**: another alias under this vendor alias, with a connection of its own, so a
 * second profile (a second Miro organization) can point its Connection & credential at it. The new
 * alias appears in the Child aliases list of this page.
 */
export function CreateChildAliasForm({ parentAliasId }: { parentAliasId: string }) {
  const [state, action, pending] = useActionState<ActionResult<{ id: string }> | null, FormData>(createChildAliasAction, null);
  const [name, setName] = useState("");
  useEffect(() => {
    if (state?.ok) setName("");
  }, [state]);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  const other = errors ? Object.entries(errors).find(([k]) => k !== "name")?.[1][0] : undefined;
  const suffix = name.trim().replace(/[\s-]+/g, "_");
  return (
    <form action={action} className="flex w-full flex-col gap-2 border-t border-border pt-3" noValidate>
      <input type="hidden" name="parentAliasId" value={parentAliasId} />
      <Field
        id="child-alias-name"
        label="Child alias name"
        errors={errors?.name}
        hint={
          <>
            Creates <code className="break-all">{parentAliasId}_{suffix || "<name>"}</code> for another organization.
          </>
        }
      >
        <Input id="child-alias-name" name="name" value={name} onChange={(e) => setName(e.target.value)} aria-invalid={!!errors?.name} />
      </Field>
      <FormError message={state && !state.ok && !errors?.name ? (other ?? state.error) : undefined} />
      <Button type="submit" variant="outline" size="sm" disabled={pending} className="w-fit">
        {pending ? "Creating…" : "Create child alias"}
      </Button>
      {state?.ok && state.message && (
        <p role="status" className="text-xs text-success" data-testid="child-alias-created">
          {state.message}
        </p>
      )}
    </form>
  );
}
