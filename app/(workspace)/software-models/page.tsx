import { requirePageActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { softwareModelsSpec } from "@/lib/lists/software-models-spec";
import { listSoftwareModels } from "@/lib/services/identifiers/list-software-models";
import { listProfileOptions } from "@/lib/services/subscriptions/list-subscription-filter-options";
import { parseListParams } from "@/lib/table/list-spec";
import { PageHeader } from "@/components/layout/page-header";
import { SoftwareModelsTable } from "@/components/lists/software-models-table";
import { EmptyState } from "@/components/layout/empty-state";

export const metadata = { title: "Software models" };

export default async function SoftwareModelsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageActor();
  const params = parseListParams(softwareModelsSpec, await searchParams);
  const db = await getDb();
  const [{ rows, total }, profiles] = await Promise.all([listSoftwareModels({ db, actor }, { params }), listProfileOptions({ db, actor })]);
  return (
    <>
      <PageHeader
        title="Software models"
        description="The products and editions that subscriptions map to, such as “Miro Enterprise — Full”: Auto models come from Publish, Custom ones from mapping an unrecognized identifier. Entitlements and reconciliation count by model."
      />
      <SoftwareModelsTable
        spec={softwareModelsSpec}
        params={params}
        rows={rows}
        total={total}
        filterOptions={{ profile: profiles }}
        exportHref="/api/lists/software-models/export"
        empty={
          <EmptyState title="No software models yet" action={{ label: "Go to Direct integration profiles", href: "/integration-profiles" }}>
            Publishing a direct integration profile creates the software models for the vendor&apos;s paid license identifiers; mapping an unrecognized identifier can add more.
          </EmptyState>
        }
      />
    </>
  );
}
