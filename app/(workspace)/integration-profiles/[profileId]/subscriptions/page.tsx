import { notFound } from "next/navigation";
import { requirePageActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { profileSubscriptionsSpec } from "@/lib/lists/subscriptions-spec";
import { loadProfilePage } from "@/lib/services/profiles/profile-page-data";
import { listSubscriptionFilterOptions } from "@/lib/services/subscriptions/list-subscription-filter-options";
import { countSubscriptions, listSubscriptions, totalFailed } from "@/lib/services/subscriptions/list-subscriptions";
import { parseListParams } from "@/lib/table/list-spec";
import { SubscriptionsTable } from "@/components/lists/subscriptions-table";

export default async function ProfileSubscriptionsPage({ params, searchParams }: { params: Promise<{ profileId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageActor();
  const data = await loadProfilePage((await params).profileId);
  if (!data) notFound();
  const listParams = parseListParams(profileSubscriptionsSpec, await searchParams);
  const db = await getDb();
  const scope = { profileId: data.profile.id };
  // The total is counted beside the page and streams in after it (see listSubscriptions).
  const totalLater = countSubscriptions(db, listParams, scope).catch(totalFailed);
  const [page, filterOptions] = await Promise.all([listSubscriptions(db, listParams, scope), listSubscriptionFilterOptions(db, scope)]);
  return (
    <SubscriptionsTable
      spec={profileSubscriptionsSpec}
      params={listParams}
      page={page}
      totalLater={totalLater}
      filterOptions={filterOptions}
      exportHref={`/api/lists/profile-subscriptions/export?profile=${data.profile.id}`}
      empty={{
        title: "No subscriptions downloaded yet",
        body:
          data.profile.status === "published"
            ? "The profile's download has not completed yet: its runs are under Scheduled Job Results. Each member of the vendor organization becomes a Software Subscription here."
            : "After Publish, the daily job downloads every member of the vendor organization; each becomes a Software Subscription listed here.",
      }}
    />
  );
}
