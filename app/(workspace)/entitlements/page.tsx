import { can } from "@/lib/auth/permissions";
import { requirePageActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { entitlementsSpec } from "@/lib/lists/entitlements-spec";
import { listEntitlements } from "@/lib/services/entitlements/entitlements";
import { parseListParams } from "@/lib/table/list-spec";
import { EntitlementsActions } from "@/components/entitlements/entitlements-actions";
import { EntitlementsTable } from "@/components/entitlements/entitlements-table";
import { EmptyState } from "@/components/layout/empty-state";
import { PageHeader } from "@/components/layout/page-header";

export const metadata = { title: "Entitlements" };

export default async function EntitlementsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageActor();
  const search = await searchParams;
  const params = parseListParams(entitlementsSpec, search);
  const { rows, total } = await listEntitlements({ db: await getDb(), actor }, { params });
  const canEdit = can(actor.roles, "entitlements:manage");
  return (
    <>
      <PageHeader
        title="Entitlements"
        description="What the company bought: purchased rights of a software model at a unit cost, between two dates. Only In use entitlements count in reconciliation, and only between their dates; several of one model add up."
        actions={canEdit ? <EntitlementsActions /> : undefined}
      />
      {search.saved === "1" && (
        <p role="status" className="mb-4 text-sm text-success">
          Entitlement saved. Run reconciliation on License usage to see its effect.
        </p>
      )}
      <EntitlementsTable
        spec={entitlementsSpec}
        params={params}
        rows={rows}
        total={total}
        exportHref="/api/lists/entitlements/export"
        empty={
          <EmptyState title="No entitlements yet" action={canEdit ? { label: "New entitlement", href: "/entitlements/new" } : undefined}>
            Record what you bought (rights, unit cost, dates) so that reconciliation can compare it with what is used, and removal candidates can show their savings.
          </EmptyState>
        }
      />
    </>
  );
}
