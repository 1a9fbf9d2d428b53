import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { requirePageActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db";
import { ServiceError } from "@/lib/errors";
import { ALIAS_KIND_LABELS } from "@/lib/lists/aliases-spec";
import { getAliasRecord, type AliasRecord } from "@/lib/services/connections/alias-record";
import { oauthRedirectUrl } from "@/lib/services/connections/start-oauth-connection";
import { PageHeader } from "@/components/layout/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { CreateChildAliasForm } from "@/components/connections/create-child-alias-form";
import { CreateConnectionDialog } from "@/components/connections/create-connection-dialog";
import { OAuthOutcomeBanner } from "@/components/connections/oauth-outcome-banner";
import { SimulatorHint } from "@/components/connections/simulator-hint";
import { ActiveConnection, aliasHref, Detail, History } from "@/components/connections/alias-details";

export const metadata = { title: "Connection & Credential Aliases" };

const ALIAS_ID = /^[A-Za-z0-9_]+\.[A-Za-z0-9_]+$/;
type Search = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

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
