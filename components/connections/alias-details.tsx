import type { ReactNode } from "react";
import type { AliasRecord, ConnectionView } from "@/lib/services/connections/alias-record";
import { LocalTime } from "@/components/layout/local-time";
import { Badge } from "@/components/ui/badge";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";

/* The parts of a Connection & Credential Alias page: its active connection, latest attempt and history. */

const MASK = "••••••••";

export function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[12rem_1fr] gap-3 py-1.5 text-sm">
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </div>
  );
}

const none = <span className="text-muted-foreground">—</span>;

export function aliasHref(id: string, profile?: string) {
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

export function ActiveConnection({ record }: { record: AliasRecord }) {
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

export function History({ history }: { history: ConnectionView[] }) {
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

