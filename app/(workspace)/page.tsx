import Link from "next/link";
import { requirePageActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { formatMoney } from "@/lib/format/money";
import { JOB_STATE_LABELS, type JobState } from "@/lib/db/schema/jobs";
import { overviewFigures, type Money } from "@/lib/services/overview/overview-figures";
import { EmptyState } from "@/components/layout/empty-state";
import { LocalTime } from "@/components/layout/local-time";
import { PageHeader } from "@/components/layout/page-header";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

export const metadata = { title: "Overview" };

const amount = (m: Money) => (m ? formatMoney(m.amount, m.currency) : null) ?? "—";

export default async function OverviewPage() {
  const actor = await requirePageActor();
  const f = await overviewFigures({ db: await getDb(), actor });
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
        <Card>
          <CardHeader>
            <CardTitle>Integration health</CardTitle>
          </CardHeader>
          <CardContent>
            <table className="w-full text-sm" aria-label="Integration health">
              <thead>
                <tr className="border-b border-border text-left text-xs text-muted-foreground">
                  <th className="py-1.5">Profile</th>
                  <th className="py-1.5">Last run</th>
                  <th className="py-1.5">Last successful download</th>
                  <th className="py-1.5">Token expires</th>
                </tr>
              </thead>
              <tbody>
                {f.health.map((h) => (
                  <tr key={h.profileId} className="border-b border-border">
                    <td className="py-1.5">
                      <Link className="text-primary hover:underline" href={`/integration-profiles/${h.profileId}/job-results`}>
                        {h.name}
                      </Link>
                    </td>
                    <td className="py-1.5">{h.lastState ? (JOB_STATE_LABELS[h.lastState as JobState] ?? h.lastState) : "—"}</td>
                    <td className="py-1.5">
                      <LocalTime iso={h.lastEndedAt} /> {h.stale && <Badge variant="warning">Stale: reclaim waits for a download</Badge>}
                    </td>
                    <td className="py-1.5">{h.tokenExpiresAt ? <LocalTime iso={h.tokenExpiresAt} /> : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </CardContent>
        </Card>
      )}
    </>
  );
}
