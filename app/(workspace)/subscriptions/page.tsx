import { requirePageActor } from "@/lib/auth/session";
import { PageHeader } from "@/components/layout/page-header";
import { SubscriptionsList } from "@/components/lists/subscriptions-list";

export const metadata = { title: "All user subscriptions" };

export default async function AllSubscriptionsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageActor();
  return (
    <>
      <PageHeader
        title="All user subscriptions"
        description="Every user subscription downloaded from every published profile: who holds which license and when they were last active. Excluded subscriptions are kept and shown with the rule that excluded them."
      />
      <SubscriptionsList actor={actor} search={await searchParams} />
    </>
  );
}
