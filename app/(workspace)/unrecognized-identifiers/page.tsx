import { requirePageActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db";
import { unrecognizedIdentifiersSpec } from "@/lib/lists/unrecognized-identifiers-spec";
import { listModelChoices } from "@/lib/services/identifiers/list-software-models";
import { listUnrecognizedIdentifiers } from "@/lib/services/identifiers/list-unrecognized-identifiers";
import { listProfileOptions } from "@/lib/services/subscriptions/list-subscription-filter-options";
import { parseListParams } from "@/lib/table/list-spec";
import { PageHeader } from "@/components/layout/page-header";
import { UnrecognizedIdentifiersTable } from "@/components/lists/unrecognized-identifiers-table";

export const metadata = { title: "Unrecognized subscription identifiers" };

export default async function UnrecognizedIdentifiersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageActor();
  const params = parseListParams(unrecognizedIdentifiersSpec, await searchParams);
  const db = await getDb();
  const canMap = can(actor.roles, "identifiers:map");
  const [{ rows, total }, models, options] = await Promise.all([
    listUnrecognizedIdentifiers(db, params),
    canMap ? listModelChoices(db) : [],
    listProfileOptions(db),
  ]);
  return (
    <>
      <PageHeader
        title="Unrecognized subscription identifiers"
        description="License identifiers a vendor returned that no software model is mapped to, per profile type. Their subscriptions count toward no model until a sam_admin maps them: Map to model updates every subscription with the identifier at once."
      />
      <UnrecognizedIdentifiersTable
        spec={unrecognizedIdentifiersSpec}
        params={params}
        rows={rows}
        total={total}
        exportHref="/api/lists/unrecognized-identifiers/export"
        filterOptions={{ profile: options }}
        canMap={canMap}
        models={models}
      />
    </>
  );
}
