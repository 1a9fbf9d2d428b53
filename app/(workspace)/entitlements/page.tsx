import { can } from "@/lib/auth/permissions";
import { entitlementsSpec } from "@/lib/lists/entitlements-spec";
import { listEntitlements } from "@/lib/services/entitlements/entitlements";
import { readListPage, type SearchParams } from "@/lib/lists/list-page";
import { EntitlementsActions } from "@/components/entitlements/entitlements-actions";
import { EntitlementsTable } from "@/components/entitlements/entitlements-table";
import { EmptyState } from "@/components/layout/empty-state";
import { PageHeader } from "@/components/layout/page-header";

export const metadata = { title: "Entitlements" };

export default async function EntitlementsPage({ searchParams }: { searchParams: SearchParams }) {
  const { actor, search, table } = await readListPage(entitlementsSpec, listEntitlements, searchParams);
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
        {...table}
        empty={
          <EmptyState title="No entitlements yet" action={canEdit ? { label: "New entitlement", href: "/entitlements/new" } : undefined}>
            Record what you bought (rights, unit cost, dates) so that reconciliation can compare it with what is used, and removal candidates can show their savings.
          </EmptyState>
        }
      />
    </>
  );
}
