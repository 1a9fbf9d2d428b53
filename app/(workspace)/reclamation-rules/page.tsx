import { reclamationRulesSpec } from "@/lib/lists/reclamation-rules-spec";
import { listReclamationRules } from "@/lib/services/reclamation/list-rules";
import { readListPage, type SearchParams } from "@/lib/lists/list-page";
import { EmptyState } from "@/components/layout/empty-state";
import { PageHeader } from "@/components/layout/page-header";
import { ReclamationRulesTable } from "@/components/reclamation/reclamation-rules-table";

export const metadata = { title: "Reclamation rules" };

export default async function ReclamationRulesPage({ searchParams }: { searchParams: SearchParams }) {
  const { table } = await readListPage(reclamationRulesSpec, listReclamationRules, searchParams);
  return (
    <>
      <PageHeader
        title="Reclamation rules"
        description="One rule per software model decides after how many inactive days a paid license becomes a removal candidate. The rules run after every completed download and when a rule is saved; Preview shows who a change would flag before saving it."
      />
      <ReclamationRulesTable
        {...table}
        empty={
          <EmptyState title="No reclamation rules yet" action={{ label: "Go to Direct integration profiles", href: "/integration-profiles" }}>
            Publishing a direct integration profile creates one rule per software model with a 60-day last activity threshold; a sam_admin can then edit it.
          </EmptyState>
        }
      />
    </>
  );
}
