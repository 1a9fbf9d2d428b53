import { requirePageActor } from "@/lib/auth/session";
import { PageHeader } from "@/components/layout/page-header";
import { EmptyState } from "@/components/layout/empty-state";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

export const metadata = { title: "Overview" };

const KPIS = [
  "Current Subscription Spend",
  "% Unused Subscriptions",
  "Potential Savings",
  "Actual Savings YTD",
  "True-up Cost",
  "Assigned Subscriptions",
];

export default async function OverviewPage() {
  const actor = await requirePageActor();
  return (
    <>
      <PageHeader title="Overview" description={`Welcome, ${actor.name}. Your SaaS spend, unused licenses and savings at a glance.`} />
      <section aria-label="Key figures" className="mb-6 grid grid-cols-2 gap-4 lg:grid-cols-3">
        {KPIS.map((k) => (
          <Card key={k}>
            <CardHeader>
              <CardDescription>{k}</CardDescription>
              <CardTitle className="text-2xl text-muted-foreground">—</CardTitle>
            </CardHeader>
          </Card>
        ))}
      </section>
      <EmptyState title="Connect your first SaaS vendor" action={{ label: "Go to Direct integration profiles", href: "/integration-profiles" }}>
        The figures above and the Last meaningful activity snapshot fill in once a direct integration profile (first: Miro
        Enterprise) is published and its subscriptions are downloaded.
      </EmptyState>
    </>
  );
}
