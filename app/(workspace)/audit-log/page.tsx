import { requirePageActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { auditSpec } from "@/lib/lists/audit-spec";
import { listAudit } from "@/lib/services/audit/list-audit";
import { parseListParams } from "@/lib/table/list-spec";
import { PageHeader } from "@/components/layout/page-header";
import { AuditTable } from "@/components/lists/audit-table";
import { EmptyState } from "@/components/layout/empty-state";

export const metadata = { title: "Audit log" };

export default async function AuditLogPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageActor("audit:view");
  const params = parseListParams(auditSpec, await searchParams);
  const { rows, total } = await listAudit({ db: await getDb(), actor }, { params });
  return (
    <>
      <PageHeader title="Audit log" description="Every change a person or a job made in this workspace: who, what and when, with the values before and after." />
      <AuditTable
        spec={auditSpec}
        params={params}
        rows={rows}
        total={total}
        exportHref="/api/lists/audit-log/export"
        empty={
          <EmptyState title="Nothing has changed yet">
            Every change a person or a job makes (people created, profiles published, licenses reclaimed) is recorded here.
          </EmptyState>
        }
      />
    </>
  );
}
