import "server-only";
import { getDb } from "@/lib/db";
import { profileSubscriptionsSpec, subscriptionsSpec } from "@/lib/lists/subscriptions-spec";
import { listSubscriptionFilterOptions } from "@/lib/services/subscriptions/list-subscription-filter-options";
import { countSubscriptions, listSubscriptions, totalFailed } from "@/lib/services/subscriptions/list-subscriptions";
import type { PersonActor } from "@/lib/auth/actor";
import { parseListParams } from "@/lib/table/list-spec";
import { EmptyState } from "@/components/layout/empty-state";
import { SubscriptionsTable } from "./subscriptions-table";

type Search = Record<string, string | string[] | undefined>;

/**
 * **All user subscriptions** and a profile's **Software Subscriptions**: one list, scoped to the
 * profile when there is one (its spec then has no profile filter, and the export carries it).
 */
export async function SubscriptionsList({ actor, search, profile }: { actor: PersonActor; search: Search; profile?: { id: string; status: string } }) {
  const spec = profile ? profileSubscriptionsSpec : subscriptionsSpec;
  const params = profile ? parseListParams(profileSubscriptionsSpec, search) : parseListParams(subscriptionsSpec, search);
  const ctx = { db: await getDb(), actor };
  const input = { params, profileId: profile?.id };
  // The total is counted beside the page and streams in after it (see listSubscriptions).
  const totalLater = countSubscriptions(ctx, input).catch(totalFailed);
  const [page, filterOptions] = await Promise.all([listSubscriptions(ctx, input), listSubscriptionFilterOptions(ctx, { profileId: profile?.id })]);
  const body = !profile
    ? "Subscriptions appear here after the first download of a published direct integration profile (Direct integration profiles › a profile › Publish)."
    : profile.status === "published"
      ? "The profile's download has not completed yet: its runs are under Scheduled Job Results. Each member of the vendor organization becomes a Software Subscription here."
      : "After Publish, the daily job downloads every member of the vendor organization; each becomes a Software Subscription listed here.";
  return (
    <SubscriptionsTable
      spec={spec}
      params={params}
      rows={page.rows}
      total={page.total?.total ?? totalLater}
      estimated={page.total?.estimated}
      cursors={page.cursors}
      filterOptions={filterOptions}
      profileId={profile?.id}
      empty={<EmptyState title="No subscriptions downloaded yet">{body}</EmptyState>}
    />
  );
}
