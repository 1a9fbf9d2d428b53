import { requirePageActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { reclamationRulesSpec } from "@/lib/lists/reclamation-rules-spec";
import { listReclamationRules } from "@/lib/services/reclamation/list-rules";
import { parseListParams } from "@/lib/table/list-spec";
import { EmptyState } from "@/components/layout/empty-state";
import { PageHeader } from "@/components/layout/page-header";
import { ReclamationRulesTable } from "@/components/reclamation/reclamation-rules-table";

export const metadata = { title: "Reclamation rules" };

export default async function ReclamationRulesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageActor();
  const params = parseListParams(reclamationRulesSpec, await searchParams);
  const { rows, total } = await listReclamationRules({ db: await getDb(), actor }, { params });
  return (
    <>
      <PageHeader
        title="Reclamation rules"
        description="One rule per software model decides after how many inactive days a paid license becomes a removal candidate. The rules run after every completed download and when a rule is saved; Preview shows who a change would flag before saving it."
      />
      <ReclamationRulesTable
        spec={reclamationRulesSpec}
        params={params}
        rows={rows}
        total={total}
        exportHref="/api/lists/reclamation-rules/export"
        empty={
          <EmptyState title="No reclamation rules yet" action={{ label: "Go to Direct integration profiles", href: "/integration-profiles" }}>
            Publishing a direct integration profile creates one rule per software model with a 60-day last activity threshold; a sam_admin can then edit it.
          </EmptyState>
        }
      />
    </>
  );
}
