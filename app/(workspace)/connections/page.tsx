import { aliasesSpec } from "@/lib/lists/aliases-spec";
import { listAliases } from "@/lib/services/connections/list-aliases";
import { oauthErrorSentence } from "@/lib/services/connections/oauth-errors";
import { readListPage, type SearchParams } from "@/lib/lists/list-page";
import { PageHeader } from "@/components/layout/page-header";
import { AliasesTable } from "@/components/connections/aliases-table";
import { Notice } from "@/components/connections/notice";
import { OAuthOutcomeBanner } from "@/components/connections/oauth-outcome-banner";

export const metadata = { title: "Connections & credentials" };

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function ConnectionsPage({ searchParams }: { searchParams: SearchParams }) {
  const { actor, search, table } = await readListPage(aliasesSpec, listAliases, searchParams);
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
      <AliasesTable {...table} />
    </>
  );
}
