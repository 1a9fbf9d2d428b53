"use client";
import { useActionState, useCallback, useEffect, useState, type ReactNode } from "react";
import { createApiTokenAction, startOAuthAction } from "@/app/(workspace)/connections/actions";
import type { ActionResult } from "@/lib/actions/action";
import type { ConnectionAliasKind } from "@/lib/db/schema/connections";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogSubmit, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Field, FormError } from "@/components/forms/field";

type Props = {
  aliasId: string;
  kind: ConnectionAliasKind;
  /** **Connection Name** is filled in with this; the person may change it. */
  defaultConnectionName: string;
  /** **OAuth Redirect URL**: this workspace's callback URL for the vendor (read-only). */
  redirectUrl: string;
  /** Where to go afterwards: the integration profile the person came from. */
  returnTo?: string;
  /** Demo mode: the local simulator's credentials (rendered on the server). */
  hint?: ReactNode;
};

type Errors = Record<string, string[]> | undefined;

/** A message for errors that have no field of their own in the dialog. */
function formMessage(state: ActionResult<unknown> | null, fields: string[]): string | undefined {
  if (!state || state.ok) return undefined;
  if (!state.fieldErrors) return state.error;
  const other = Object.entries(state.fieldErrors).filter(([k]) => !fields.includes(k));
  return other.length > 0 ? (other[0]?.[1][0] ?? state.error) : undefined;
}

function Hidden({ aliasId, returnTo }: { aliasId: string; returnTo?: string }) {
  return (
    <>
      <input type="hidden" name="aliasId" value={aliasId} />
      {returnTo && <input type="hidden" name="returnTo" value={returnTo} />}
    </>
  );
}

function Section({ legend, children }: { legend: string; children: ReactNode }) {
  return (
    <fieldset className="flex flex-col gap-3">
      <legend className="mb-1 text-xs font-semibold uppercase tracking-wide text-muted-foreground">{legend}</legend>
      {children}
    </fieldset>
  );
}

/**
 * OAuth alias: **Connection Name**, **OAuth Client ID**, **OAuth Client Secret**, **OAuth Redirect
 * URL** and **Create and Get OAuth Token**, which sends the browser to the vendor's consent page.
 * The secret is never prefilled: replacing it means typing the new value.
 */
/** The dialog's Connection Information section, the same for both kinds of alias. */
function ConnectionInformation({ name, setName, errors }: { name: string; setName: (v: string) => void; errors?: string[] }) {
  return (
    <Section legend="Connection Information">
      <Field id="conn-name" label="Connection Name" errors={errors}>
        <Input id="conn-name" name="name" value={name} onChange={(e) => setName(e.target.value)} aria-invalid={!!errors} />
      </Field>
    </Section>
  );
}

function OAuthForm({ aliasId, defaultConnectionName, redirectUrl, returnTo }: Props) {
  const [state, action, pending] = useActionState<ActionResult<null> | null, FormData>(startOAuthAction, null);
  // Controlled, so a field error does not wipe what was typed; the secret is left to be typed again.
  const [name, setName] = useState(defaultConnectionName);
  const [clientId, setClientId] = useState("");
  const errors: Errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form action={action} className="flex flex-col gap-5" noValidate>
      <Hidden aliasId={aliasId} returnTo={returnTo} />
      <ConnectionInformation name={name} setName={setName} errors={errors?.name} />
      <Section legend="Credential Information">
        <Field id="conn-client-id" label="OAuth Client ID" errors={errors?.clientId}>
          <Input
            id="conn-client-id"
            name="clientId"
            value={clientId}
            onChange={(e) => setClientId(e.target.value)}
            autoComplete="off"
            aria-invalid={!!errors?.clientId}
          />
        </Field>
        <Field id="conn-client-secret" label="OAuth Client Secret" errors={errors?.clientSecret}>
          <Input id="conn-client-secret" name="clientSecret" type="password" autoComplete="new-password" aria-invalid={!!errors?.clientSecret} />
        </Field>
        <Field id="conn-redirect-url" label="OAuth Redirect URL" hint="Register exactly this URL as the app's redirect URI at the vendor.">
          <Input id="conn-redirect-url" value={redirectUrl} readOnly />
        </Field>
      </Section>
      <FormError message={formMessage(state, ["name", "clientId", "clientSecret"])} />
      <DialogSubmit pending={pending} label="Create and Get OAuth Token" pendingLabel="Opening the consent page…" />
    </form>
  );
}

/** API-token alias (Miro's SCIM token): **Connection Name**, **API Token** and **Create**. */
function ApiTokenForm({ aliasId, defaultConnectionName, returnTo, onDone }: Props & { onDone: (message?: string) => void }) {
  const [state, action, pending] = useActionState<ActionResult<{ connectionId: string }> | null, FormData>(createApiTokenAction, null);
  const [name, setName] = useState(defaultConnectionName);
  useEffect(() => {
    if (state?.ok) onDone(state.message);
  }, [state, onDone]);
  const errors: Errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form action={action} className="flex flex-col gap-5" noValidate>
      <Hidden aliasId={aliasId} returnTo={returnTo} />
      <ConnectionInformation name={name} setName={setName} errors={errors?.name} />
      <Section legend="Credential Information">
        <Field id="conn-api-token" label="API Token" errors={errors?.apiToken}>
          <Input id="conn-api-token" name="apiToken" type="password" autoComplete="new-password" aria-invalid={!!errors?.apiToken} />
        </Field>
      </Section>
      <FormError message={formMessage(state, ["name", "apiToken"])} />
      <DialogSubmit pending={pending} label="Create" pendingLabel="Creating…" />
    </form>
  );
}

/** The **Create New Connection & Credential** related link and its dialog, matching the alias kind. */
export function CreateConnectionDialog(props: Props) {
  const [open, setOpen] = useState(false);
  const [message, setMessage] = useState<string | undefined>();
  const [formKey, setFormKey] = useState(0);
  // After a successful Create: close, show the message, and start the next dialog from a fresh form.
  const done = useCallback((msg?: string) => {
    setMessage(msg);
    setOpen(false);
    setFormKey((k) => k + 1);
  }, []);
  return (
    <div className="flex flex-col gap-2">
      <Dialog
        open={open}
        onOpenChange={(o) => {
          setOpen(o);
          if (o) setMessage(undefined);
        }}
      >
        <DialogTrigger asChild>
          <Button variant="link" className="h-auto justify-start p-0">
            Create New Connection &amp; Credential
          </Button>
        </DialogTrigger>
        <DialogContent className="max-h-[90vh] overflow-y-auto">
          <DialogHeader>
            <DialogTitle>Create Connection and Credential</DialogTitle>
            <DialogDescription>
              {props.kind === "oauth"
                ? "A new connection for this alias. Create and Get OAuth Token opens the vendor's consent page: pick the team and select Install."
                : "A new connection for this alias: paste the API token from the vendor. It is stored encrypted and never shown again."}
            </DialogDescription>
          </DialogHeader>
          {props.hint}
          {props.kind === "oauth" ? <OAuthForm key={formKey} {...props} /> : <ApiTokenForm key={formKey} {...props} onDone={done} />}
        </DialogContent>
      </Dialog>
      {message && (
        <p role="status" data-testid="connection-created" className="text-sm text-success">
          {message}
        </p>
      )}
    </div>
  );
}
