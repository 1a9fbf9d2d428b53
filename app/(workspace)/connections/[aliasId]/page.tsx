import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { z } from "zod";
import { requirePageActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db";
import { ServiceError } from "@/lib/errors";
import { ALIAS_KIND_LABELS } from "@/lib/lists/aliases-spec";
import { getAliasRecord, type AliasRecord, type ConnectionView } from "@/lib/services/connections/alias-record";
import { oauthRedirectUrl } from "@/lib/services/connections/start-oauth-connection";
import { PageHeader } from "@/components/layout/page-header";
import { LocalTime } from "@/components/layout/local-time";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { CreateChildAliasForm } from "@/components/connections/create-child-alias-form";
import { CreateConnectionDialog } from "@/components/connections/create-connection-dialog";
import { OAuthOutcomeBanner } from "@/components/connections/oauth-outcome-banner";
import { SimulatorHint } from "@/components/connections/simulator-hint";

export const metadata = { title: "Connection & Credential Aliases" };

const ALIAS_ID = /^[A-Za-z0-9_]+\.[A-Za-z0-9_]+$/;
const MASK = "••••••••";

type Search = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[12rem_1fr] gap-3 py-1.5 text-sm">
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </div>
  );
}

const none = <span className="text-muted-foreground">—</span>;

function aliasHref(id: string, profile?: string) {
  const path = `/connections/${encodeURIComponent(id)}`;
  return profile ? `${path}?profile=${profile}` : path;
}

function nameAndId(name?: string, id?: string): ReactNode {
  if (!name && !id) return none;
  if (name && id) {
    return (
      <>
        {name} <span className="font-mono text-xs text-muted-foreground">({id})</span>
      </>
    );
  }
  return name ?? <span className="font-mono text-xs">{id}</span>;
}

function StatusBadge({ status }: { status: ConnectionView["status"] }) {
  if (status === "active") return <Badge variant="success">Active</Badge>;
  if (status === "pending") return <Badge variant="warning">Pending</Badge>;
  return <Badge variant="muted">Inactive</Badge>;
}

const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;

function LastError({ c }: { c: ConnectionView }) {
  if (!c.lastError) return <>None</>;
  return (
    <span className="text-destructive">
      {c.lastError}
      {c.lastErrorAt && (
        <span className="text-muted-foreground">
          {" "}
          (<LocalTime iso={iso(c.lastErrorAt)} />)
        </span>
      )}
    </span>
  );
}

/** A newer attempt than the active connection that did not finish (or failed): say so next to it. */
function LatestAttempt({ record }: { record: AliasRecord }) {
  const latest = record.history[0];
  if (latest?.status !== "pending") return null;
  if (record.active && latest.createdAt <= record.active.createdAt) return null;
  return (
    <p className="mb-3 rounded-md bg-warning/10 px-3 py-2 text-sm" data-testid="latest-attempt">
      Latest attempt, {latest.name} (<LocalTime iso={iso(latest.createdAt)} />):{" "}
      {latest.lastError ? <span className="text-destructive">{latest.lastError}</span> : "waiting for the authorization on the vendor's page."}
      {record.active ? " The active connection below is still used." : ""}
    </p>
  );
}

function ActiveConnection({ record }: { record: AliasRecord }) {
  const c = record.active;
  if (!c) {
    return (
      <>
        <LatestAttempt record={record} />
        <p className="text-sm text-muted-foreground" data-testid="no-active-connection">
          No active connection. A sam_integrator creates one with Create New Connection &amp; Credential.
        </p>
      </>
    );
  }
  const ctx = c.tokenContext ?? {};
  return (
    <>
      <LatestAttempt record={record} />
      <dl className="divide-y divide-border" data-testid="active-connection">
      <Detail label="Connection Name">{c.name}</Detail>
      <Detail label="Status">
        <StatusBadge status={c.status} />
      </Detail>
      {record.alias.kind === "oauth" ? (
        <>
          <Detail label="OAuth Client ID">{c.clientId ? <span className="font-mono text-xs">{c.clientId}</span> : none}</Detail>
          <Detail label="OAuth Client Secret">{c.hasClientSecret ? <span role="img" aria-label="Stored, hidden">{MASK}</span> : "Not stored"}</Detail>
          <Detail label="OAuth Redirect URL">{c.redirectUrl ? <span className="font-mono text-xs">{c.redirectUrl}</span> : none}</Detail>
          <Detail label="Token">
            {c.hasAccessToken ? <Badge variant="success">Available</Badge> : <Badge variant="muted">No token</Badge>}
          </Detail>
          <Detail label="Access token expires">
            {c.hasAccessToken ? c.accessTokenExpiresAt ? <LocalTime iso={iso(c.accessTokenExpiresAt)} /> : "Does not expire" : none}
          </Detail>
          <Detail label="Refresh token">
            {c.hasRefreshToken ? (
              c.refreshTokenExpiresAt ? (
                <>
                  Present — expires <LocalTime iso={iso(c.refreshTokenExpiresAt)} />
                </>
              ) : (
                "Present"
              )
            ) : (
              "None"
            )}
          </Detail>
          <Detail label="Token obtained">
            <LocalTime iso={iso(c.tokenObtainedAt)} />
          </Detail>
          <Detail label="Last refreshed">
            <LocalTime iso={iso(c.lastRefreshedAt)} />
          </Detail>
          <Detail label="Organization">{nameAndId(ctx.organizationName, ctx.organizationId)}</Detail>
          <Detail label="Team">{nameAndId(ctx.teamName, ctx.teamId)}</Detail>
          <Detail label="User">{nameAndId(ctx.userName, ctx.userId)}</Detail>
          <Detail label="Scopes">
            {c.scopes.length > 0 ? (
              <span className="flex flex-wrap gap-1">
                {c.scopes.map((s) => (
                  <Badge key={s} variant="muted">
                    {s}
                  </Badge>
                ))}
              </span>
            ) : (
              none
            )}
          </Detail>
        </>
      ) : (
        <>
          <Detail label="API Token">{c.hasApiToken ? <span role="img" aria-label="Stored, hidden">{MASK}</span> : "Not stored"}</Detail>
          <Detail label="Stored">
            <LocalTime iso={iso(c.tokenObtainedAt ?? c.createdAt)} />
          </Detail>
        </>
      )}
      <Detail label="Created by">{c.createdByLabel ?? none}</Detail>
      <Detail label="Last error">
        <LastError c={c} />
      </Detail>
      </dl>
    </>
  );
}

function History({ history }: { history: ConnectionView[] }) {
  if (history.length === 0) return <p className="text-sm text-muted-foreground">No earlier connections.</p>;
  return (
    <Table data-testid="connection-history">
      <THead>
        <TR>
          <TH>Connection Name</TH>
          <TH>Status</TH>
          <TH>Created</TH>
          <TH>Created by</TH>
          <TH>Last error</TH>
        </TR>
      </THead>
      <TBody>
        {history.map((c) => (
          <TR key={c.id}>
            <TD>{c.name}</TD>
            <TD>
              <StatusBadge status={c.status} />
            </TD>
            <TD>
              <LocalTime iso={iso(c.createdAt)} />
            </TD>
            <TD>{c.createdByLabel ?? none}</TD>
            <TD className="max-w-md text-xs">{c.lastError ? <span className="text-destructive">{c.lastError}</span> : none}</TD>
          </TR>
        ))}
      </TBody>
    </Table>
  );
}

export default async function AliasPage({ params, searchParams }: { params: Promise<{ aliasId: string }>; searchParams: Promise<Search> }) {
  const actor = await requirePageActor();
  const aliasId = decodeURIComponent((await params).aliasId);
  if (!ALIAS_ID.test(aliasId)) notFound();
  const search = await searchParams;
  const profileRaw = first(search.profile);
  const profile = profileRaw && z.uuid().safeParse(profileRaw).success ? profileRaw.toLowerCase() : undefined;

  let record: AliasRecord;
  try {
    record = await getAliasRecord(await getDb(), aliasId);
  } catch (error) {
    if (error instanceof ServiceError && error.code === "not_found") notFound();
    throw error;
  }
  const { alias } = record;
  const manage = can(actor.roles, "connections:manage");
  const returnTo = profile ? `/integration-profiles/${profile}` : undefined;

  return (
    <>
      <p className="mb-1 text-xs font-semibold uppercase tracking-wide text-muted-foreground">Connection &amp; Credential Aliases</p>
      <PageHeader
        title={alias.id}
        description={alias.name}
        actions={
          returnTo ? (
            <Link href={returnTo} className="text-sm text-primary hover:underline">
              ← Back to the profile
            </Link>
          ) : (
            <Link href="/connections" className="text-sm text-primary hover:underline">
              All connections &amp; credentials
            </Link>
          )
        }
      />
      <OAuthOutcomeBanner actor={actor} connectionId={first(search.oauth)} />
      <div className="grid gap-4 lg:grid-cols-[1fr_20rem]">
        <Card>
          <CardHeader>
            <CardTitle>Alias</CardTitle>
          </CardHeader>
          <CardContent>
            <dl className="divide-y divide-border" data-testid="alias-details">
              <Detail label="Alias">
                <span className="font-mono text-xs">{alias.id}</span>
              </Detail>
              <Detail label="Name">{alias.name}</Detail>
              <Detail label="Vendor">{record.vendorName}</Detail>
              <Detail label="Kind">{ALIAS_KIND_LABELS[alias.kind]}</Detail>
              {record.parent ? (
                <Detail label="Parent alias">
                  <Link href={aliasHref(record.parent.id, profile)} className="font-mono text-xs text-primary hover:underline">
                    {record.parent.id}
                  </Link>
                </Detail>
              ) : (
                <Detail label="Child aliases">
                  {record.children.length > 0 ? (
                    <ul className="flex flex-col gap-1" data-testid="child-aliases">
                      {record.children.map((c) => (
                        <li key={c.id}>
                          <Link href={aliasHref(c.id, profile)} className="font-mono text-xs text-primary hover:underline">
                            {c.id}
                          </Link>
                        </li>
                      ))}
                    </ul>
                  ) : (
                    "None"
                  )}
                </Detail>
              )}
            </dl>
          </CardContent>
        </Card>
        {manage && (
          <Card>
            <CardHeader>
              <CardTitle>Related links</CardTitle>
            </CardHeader>
            <CardContent className="flex flex-col items-start gap-3">
              <CreateConnectionDialog
                aliasId={alias.id}
                kind={alias.kind}
                defaultConnectionName={record.defaultConnectionName}
                redirectUrl={oauthRedirectUrl(alias.vendorId)}
                returnTo={returnTo}
                hint={<SimulatorHint />}
              />
              {record.canHaveChildren && <CreateChildAliasForm parentAliasId={alias.id} />}
            </CardContent>
          </Card>
        )}
      </div>
      <Card className="mt-4">
        <CardHeader>
          <CardTitle>Active connection</CardTitle>
          <CardDescription>Secrets are stored encrypted and never shown; replacing one means creating a new connection.</CardDescription>
        </CardHeader>
        <CardContent>
          <ActiveConnection record={record} />
        </CardContent>
      </Card>
      <Card className="mt-4">
        <CardHeader>
          <CardTitle>Earlier connections</CardTitle>
        </CardHeader>
        <CardContent>
          <History history={record.history} />
        </CardContent>
      </Card>
    </>
  );
}
