import { requirePageActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { aliasesSpec } from "@/lib/lists/aliases-spec";
import { listAliases } from "@/lib/services/connections/list-aliases";
import { oauthErrorSentence } from "@/lib/services/connections/oauth-errors";
import { parseListParams } from "@/lib/table/list-spec";
import { PageHeader } from "@/components/layout/page-header";
import { AliasesTable } from "@/components/connections/aliases-table";
import { Notice } from "@/components/connections/notice";
import { OAuthOutcomeBanner } from "@/components/connections/oauth-outcome-banner";

export const metadata = { title: "Connections & credentials" };

type Search = Record<string, string | string[] | undefined>;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function ConnectionsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const actor = await requirePageActor();
  const search = await searchParams;
  const params = parseListParams(aliasesSpec, search);
  const { rows, total } = await listAliases({ db: await getDb(), actor }, { params });
  // A fixed sentence per code: nothing from the URL is shown as text.
  const oauthError = oauthErrorSentence(search.oauth_error);
  return (
    <>
      <PageHeader
        title="Connections & credentials"
        description="Connection & credential aliases (for Miro: miro_spoke.Miro_Enterprise for OAuth and miro_spoke.Miro_Enterprise_SCIM for SCIM), their child aliases and connections. Secrets are stored encrypted and never shown."
      />
      {oauthError && (
        <Notice kind="error" testId="oauth-error">
          {oauthError}
        </Notice>
      )}
      <OAuthOutcomeBanner actor={actor} connectionId={first(search.oauth)} />
      <AliasesTable spec={aliasesSpec} params={params} rows={rows} total={total} />
    </>
  );
}
