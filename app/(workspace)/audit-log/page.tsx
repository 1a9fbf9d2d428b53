import { auditSpec } from "@/lib/lists/audit-spec";
import { listAudit } from "@/lib/services/audit/list-audit";
import { readListPage, type SearchParams } from "@/lib/lists/list-page";
import { PageHeader } from "@/components/layout/page-header";
import { AuditTable } from "@/components/lists/audit-table";
import { EmptyState } from "@/components/layout/empty-state";

export const metadata = { title: "Audit log" };

export default async function AuditLogPage({ searchParams }: { searchParams: SearchParams }) {
  const { table } = await readListPage(auditSpec, listAudit, searchParams, "audit:view");
  return (
    <>
      <PageHeader title="Audit log" description="Every change a person or a job made in this workspace: who, what and when, with the values before and after." />
      <AuditTable
        {...table}
        empty={
          <EmptyState title="Nothing has changed yet">
            Every change a person or a job makes (people created, profiles published, licenses reclaimed) is recorded here.
          </EmptyState>
        }
      />
    </>
  );
}
