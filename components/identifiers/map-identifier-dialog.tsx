"use client";
import { useActionState, useState } from "react";
import { keepValues } from "@/components/forms/keep-values";
import { mapIdentifierAction } from "@/app/(workspace)/unrecognized-identifiers/actions";
import type { ActionResult } from "@/lib/actions/action";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogSubmit, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Input, NativeSelect } from "@/components/ui/input";
import { Field, FormError } from "@/components/forms/field";

type Props = {
  profileType: string;
  profileTypeLabel: string;
  identifier: string;
  subscriptions: number;
  /** The profile the dialog was opened from (recorded on a new model). */
  profileId?: string;
  models: { id: string; name: string }[];
  onMapped?: (message: string) => void;
};

/**
 * **Map to model**: an existing software model, or a new one by name (source custom). Every
 * subscription with the identifier moves to the model at once.
 */
export function MapIdentifierDialog({ profileType, profileTypeLabel, identifier, subscriptions, profileId, models, onMapped }: Props) {
  const [open, setOpen] = useState(false);
  const [choice, setChoice] = useState<"existing" | "new">(models.length ? "existing" : "new");
  // The outcome goes to the list at once: once mapped, the row has no Map to model button (and no
  // dialog) any more.
  const [state, action, pending] = useActionState<ActionResult<{ updated: number }> | null, FormData>(async (prev, form) => {
    const result = await mapIdentifierAction(prev, form);
    if (result.ok) {
      setOpen(false);
      if (result.message) onMapped?.(result.message);
    }
    return result;
  }, null);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  const idp = `map-${profileType}-${identifier}`.replace(/[^A-Za-z0-9_-]/g, "_");
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button size="sm" variant="outline" aria-label={`Map ${identifier} to model`}>
          Map to model
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Map to model</DialogTitle>
          <DialogDescription>
            Subscriptions with <code>{identifier}</code> ({profileTypeLabel}, {subscriptions.toLocaleString()} when last seen) will count as the model you choose, in every profile of
            this type, from now on and at once.
          </DialogDescription>
        </DialogHeader>
        <form onSubmit={keepValues(action)} className="flex flex-col gap-4" noValidate>
          <input type="hidden" name="profileType" value={profileType} />
          <input type="hidden" name="identifier" value={identifier} />
          {profileId && <input type="hidden" name="profileId" value={profileId} />}
          <fieldset className="flex flex-col gap-2 text-sm">
            <legend className="sr-only">Software model</legend>
            <label className="flex items-center gap-2">
              <input type="radio" name="choice" value="existing" checked={choice === "existing"} onChange={() => setChoice("existing")} disabled={!models.length} />
              An existing software model
            </label>
            <label className="flex items-center gap-2">
              <input type="radio" name="choice" value="new" checked={choice === "new"} onChange={() => setChoice("new")} />
              A new software model
            </label>
          </fieldset>
          {choice === "existing" ? (
            <Field id={`${idp}-model`} label="Software model" errors={errors?.modelId}>
              <NativeSelect
                id={`${idp}-model`}
                name="modelId"
                defaultValue=""
                aria-invalid={!!errors?.modelId}
                placeholder="Choose a software model"
                options={models.map((m) => ({ value: m.id, label: m.name }))}
              />
            </Field>
          ) : (
            <Field id={`${idp}-name`} label="New model name" errors={errors?.newModelName} hint="Created with source Custom.">
              <Input id={`${idp}-name`} name="newModelName" aria-invalid={!!errors?.newModelName} placeholder="e.g. Miro Enterprise — Enterprise Plus" />
            </Field>
          )}
          <FormError message={state && !state.ok && !errors?.modelId && !errors?.newModelName ? state.error : undefined} />
          <DialogSubmit pending={pending} label="Map" pendingLabel="Mapping…" />
        </form>
      </DialogContent>
    </Dialog>
  );
}
