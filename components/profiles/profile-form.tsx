"use client";
import Link from "next/link";
import { useActionState } from "react";
import { createProfileAction, updateProfileAction } from "@/app/(workspace)/integration-profiles/actions";
import type { ActionResult } from "@/lib/actions/action";
import type { VendorDescriptor } from "@/lib/services/profiles/vendor-descriptor";
import { Field, FormError } from "@/components/forms/field";
import { Button } from "@/components/ui/button";
import { SubmitButton } from "@/components/forms/submit-button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Input, NativeSelect } from "@/components/ui/input";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";

type AliasOption = { id: string; name: string };
type ProfileValues = {
  id: string;
  displayName: string;
  statusLabel: string;
  reclaimEnabled: boolean;
  removalGuardPercent: number;
  downloadConnectionAliasId: string;
  reclaimConnectionAliasId: string;
};

type Props =
  | { mode: "create"; vendor: VendorDescriptor }
  | {
      mode: "edit";
      vendor: VendorDescriptor;
      profile: ProfileValues;
      downloadAliases: AliasOption[];
      reclaimAliases: AliasOption[];
      canManage: boolean;
    };

function ReadOnly({ id, label, value }: { id: string; label: string; value: string }) {
  return (
    <Field id={id} label={label}>
      <Input id={id} value={value} readOnly />
    </Field>
  );
}

function AliasField(props: {
  id: string;
  name: string;
  value: string;
  options: AliasOption[] | null;
  profileId?: string;
  disabled: boolean;
  errors?: string[];
}) {
  return (
    <Field id={props.id} label="Connection & credential" errors={props.errors}>
      <div className="flex items-center gap-2">
        {props.options ? (
          <NativeSelect id={props.id} name={props.name} defaultValue={props.value} disabled={props.disabled} options={props.options.map((o) => ({ value: o.id, label: o.id }))} />
        ) : (
          <Input id={props.id} value={props.value} readOnly />
        )}
        {props.profileId && (
          <Button variant="outline" size="sm" asChild>
            <Link href={`/connections/${encodeURIComponent(props.value)}?profile=${props.profileId}`} aria-label={`Open record ${props.value}`}>
              Open record
            </Link>
          </Button>
        )}
      </div>
    </Field>
  );
}

/**
 * The direct integration profile form of product.md §3, in create mode (Save creates a Draft) and
 * edit mode. Status and Profile Type are set by the system; the Download subscriptions box is
 * always checked.
 */
export function ProfileForm(props: Props) {
  const edit = props.mode === "edit" ? props : null;
  const [state, action, pending] = useActionState<ActionResult<unknown> | null, FormData>(
    edit ? updateProfileAction : createProfileAction,
    null,
  );
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  const disabled = edit ? !edit.canManage : false;
  const { vendor } = props;
  return (
    <form action={action} className="flex flex-col gap-5" noValidate>
      {edit ? <input type="hidden" name="id" value={edit.profile.id} /> : <input type="hidden" name="vendorId" value={vendor.id} />}
      <Card>
        <CardContent className="grid gap-4 pt-5 md:grid-cols-3">
          <Field id="displayName" label="Display Name" errors={errors?.displayName}>
            <Input
              id="displayName"
              name="displayName"
              defaultValue={edit?.profile.displayName ?? ""}
              placeholder="Miro Enterprise Integration"
              aria-invalid={!!errors?.displayName}
              disabled={disabled}
              required
            />
          </Field>
          <ReadOnly id="status" label="Status" value={edit?.profile.statusLabel ?? "Draft"} />
          <ReadOnly id="profileType" label="Profile Type" value={vendor.profileType.label} />
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Vendor configuration</CardTitle>
        </CardHeader>
        <CardContent>
          <Table aria-label="Vendor configuration">
            <THead>
              <TR>
                <TH>Process</TH>
                <TH>Required user role in {vendor.displayName}</TH>
                <TH>Authentication scopes</TH>
              </TR>
            </THead>
            <TBody>
              {vendor.vendorConfiguration.map((row) => (
                <TR key={row.process}>
                  <TD>{row.process}</TD>
                  <TD>{row.role}</TD>
                  <TD>
                    <code className="text-xs">{row.scopes}</code>
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
        </CardContent>
      </Card>

      <div className="grid gap-5 lg:grid-cols-2">
        <Card role="group" aria-labelledby="download-subflow">
          <CardHeader>
            <CardTitle id="download-subflow">Download Subscription Subflow</CardTitle>
          </CardHeader>
          <CardContent className="flex flex-col gap-4">
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked disabled readOnly className="h-4 w-4 accent-primary" />
              Download subscriptions
            </label>
            <AliasField
              id="downloadConnectionAliasId"
              name="downloadConnectionAliasId"
              value={edit?.profile.downloadConnectionAliasId ?? vendor.aliases.download.id}
              options={edit ? edit.downloadAliases : null}
              profileId={edit?.profile.id}
              disabled={disabled}
              errors={errors?.downloadConnectionAliasId}
            />
            <ReadOnly id="downloadSubflow" label="Subflow" value={vendor.subflows.download} />
            {edit && (
              <Field
                id="removalGuardPercent"
                label="Removal guard (%)"
                errors={errors?.removalGuardPercent}
                hint="A run that would mark more than this share of the organization removed removes nothing and ends Completed with warnings, for an integrator to confirm."
              >
                <Input
                  id="removalGuardPercent"
                  name="removalGuardPercent"
                  type="number"
                  min={1}
                  max={100}
                  defaultValue={edit.profile.removalGuardPercent}
                  disabled={disabled}
                  className="w-28"
                />
              </Field>
            )}
          </CardContent>
        </Card>
        <Card role="group" aria-labelledby="reclaim-subflow">
          <CardHeader>
            <CardTitle id="reclaim-subflow">Reclaim Subscription Subflow</CardTitle>
          </CardHeader>
          <CardContent className="flex flex-col gap-4">
            <label className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                name="reclaimEnabled"
                value="true"
                defaultChecked={edit?.profile.reclaimEnabled ?? true}
                disabled={disabled}
                className="h-4 w-4 accent-primary"
              />
              Reclaim subscriptions
            </label>
            <p className="-mt-2 text-xs text-muted-foreground">When cleared, removal candidates are still created but never reclaimed.</p>
            <AliasField
              id="reclaimConnectionAliasId"
              name="reclaimConnectionAliasId"
              value={edit?.profile.reclaimConnectionAliasId ?? vendor.aliases.reclaim.id}
              options={edit ? edit.reclaimAliases : null}
              profileId={edit?.profile.id}
              disabled={disabled}
              errors={errors?.reclaimConnectionAliasId}
            />
            <ReadOnly id="reclaimSubflow" label="Subflow" value={vendor.subflows.reclaim} />
          </CardContent>
        </Card>
      </div>

      {state?.ok && state.message && (
        <p role="status" className="rounded-md bg-success/10 px-3 py-2 text-sm text-success">
          {state.message}
        </p>
      )}
      <FormError message={state && !state.ok && !state.fieldErrors ? state.error : undefined} />
      {!disabled && (
        <div>
          <SubmitButton pending={pending} />
        </div>
      )}
    </form>
  );
}
