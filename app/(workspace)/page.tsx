import Link from "next/link";
import { requirePageActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { formatMoney } from "@/lib/format/money";
import { overviewFigures, type Money } from "@/lib/services/overview/overview-figures";
import { upcomingRenewals } from "@/lib/services/overview/renewals";
import { EmptyState } from "@/components/layout/empty-state";
import { PageHeader } from "@/components/layout/page-header";
import { IntegrationHealth } from "@/components/overview/integration-health";
import { RenewalsPanel } from "@/components/overview/renewals-panel";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

export const metadata = { title: "Overview" };

const amount = (m: Money) => (m ? formatMoney(m.amount, m.currency) : null) ?? "—";

export default async function OverviewPage() {
  const actor = await requirePageActor();
  const ctx = { db: await getDb(), actor };
  const [f, renewals] = await Promise.all([overviewFigures(ctx), upcomingRenewals(ctx)]);
  const cards = [
    { label: "Current Subscription Spend", value: amount(f.spend), hint: f.spend ? "a year, entitlements in use" : "add an entitlement", href: "/entitlements" },
    { label: "% Unused Subscriptions", value: f.unusedPercent === null ? "—" : `${f.unusedPercent}%`, hint: `${f.openCandidates.toLocaleString("en-US")} open removal candidates`, href: "/removal-candidates?state=open" },
    { label: "Potential Savings", value: amount(f.potentialSavings), hint: "a year, open candidates", href: "/removal-candidates?state=open" },
    { label: "Actual Savings YTD", value: amount(f.actualSavingsYtd), hint: "Closed Complete this year", href: "/removal-candidates?state=closed_complete" },
    { label: "True-up Cost", value: amount(f.trueUpCost), hint: f.trueUpCost ? "last reconciliation" : "run reconciliation", href: "/license-usage" },
    { label: "Assigned Subscriptions", value: f.assigned.toLocaleString("en-US"), hint: "active, paid, not excluded", href: "/subscriptions?excluded=false" },
  ];
  return (
    <>
      <PageHeader title="Overview" description={`Welcome, ${actor.name}. Your SaaS spend, unused licenses and savings at a glance.`} />
      <section aria-label="Key figures" className="mb-6 grid grid-cols-2 gap-4 lg:grid-cols-3">
        {cards.map((c) => (
          <Link key={c.label} href={c.href} className="rounded-lg focus:outline-none focus-visible:ring-2 focus-visible:ring-ring">
            <Card className="h-full transition-colors hover:bg-muted/40">
              <CardHeader>
                <CardDescription>{c.label}</CardDescription>
                <CardTitle className="text-2xl" data-testid={`kpi-${c.label}`}>
                  {c.value}
                </CardTitle>
                <p className="text-xs text-muted-foreground">{c.hint}</p>
              </CardHeader>
            </Card>
          </Link>
        ))}
      </section>
      {f.health.length === 0 ? (
        <EmptyState title="Connect your first SaaS vendor" action={{ label: "Go to Direct integration profiles", href: "/integration-profiles" }}>
          The figures above fill in once a direct integration profile (first: Miro Enterprise) is published and its subscriptions are downloaded.
        </EmptyState>
      ) : (
        <div className="grid gap-6">
          <IntegrationHealth health={f.health} />
          <RenewalsPanel renewals={renewals} />
        </div>
      )}
    </>
  );
}
