import { softwareModelsSpec } from "@/lib/lists/software-models-spec";
import { listSoftwareModels } from "@/lib/services/identifiers/list-software-models";
import { listProfileOptions } from "@/lib/services/subscriptions/list-subscription-filter-options";
import { readListPage, type SearchParams } from "@/lib/lists/list-page";
import { PageHeader } from "@/components/layout/page-header";
import { SoftwareModelsTable } from "@/components/lists/software-models-table";
import { EmptyState } from "@/components/layout/empty-state";

export const metadata = { title: "Software models" };

export default async function SoftwareModelsPage({ searchParams }: { searchParams: SearchParams }) {
  const { ctx, table } = await readListPage(softwareModelsSpec, listSoftwareModels, searchParams);
  const profiles = await listProfileOptions(ctx);
  return (
    <>
      <PageHeader
        title="Software models"
        description="The products and editions that subscriptions map to, such as “Miro Enterprise — Full”: Auto models come from Publish, Custom ones from mapping an unrecognized identifier. Entitlements and reconciliation count by model."
      />
      <SoftwareModelsTable
        {...table}
        filterOptions={{ profile: profiles }}
        empty={
          <EmptyState title="No software models yet" action={{ label: "Go to Direct integration profiles", href: "/integration-profiles" }}>
            Publishing a direct integration profile creates the software models for the vendor&apos;s paid license identifiers; mapping an unrecognized identifier can add more.
          </EmptyState>
        }
      />
    </>
  );
}
