import { requirePageActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { subscriptionsSpec } from "@/lib/lists/subscriptions-spec";
import { listSubscriptionFilterOptions } from "@/lib/services/subscriptions/list-subscription-filter-options";
import { countSubscriptions, listSubscriptions, totalFailed } from "@/lib/services/subscriptions/list-subscriptions";
import { parseListParams } from "@/lib/table/list-spec";
import { PageHeader } from "@/components/layout/page-header";
import { SubscriptionsTable } from "@/components/lists/subscriptions-table";

export const metadata = { title: "All user subscriptions" };

export default async function AllSubscriptionsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageActor();
  const params = parseListParams(subscriptionsSpec, await searchParams);
  const db = await getDb();
  // The total is counted beside the page and streams in after it (see listSubscriptions).
  const totalLater = countSubscriptions(db, params).catch(totalFailed);
  const [page, filterOptions] = await Promise.all([listSubscriptions(db, params), listSubscriptionFilterOptions(db)]);
  return (
    <>
      <PageHeader
        title="All user subscriptions"
        description="Every user subscription downloaded from every published profile: who holds which license and when they were last active. Excluded subscriptions are kept and shown with the rule that excluded them."
      />
      <SubscriptionsTable
        spec={subscriptionsSpec}
        params={params}
        page={page}
        totalLater={totalLater}
        filterOptions={filterOptions}
        exportHref="/api/lists/subscriptions/export"
        empty={{
          title: "No subscriptions downloaded yet",
          body: "Subscriptions appear here after the first download of a published direct integration profile (Direct integration profiles › a profile › Publish).",
        }}
      />
    </>
  );
}
