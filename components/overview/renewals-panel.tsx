import Link from "next/link";
import type { Renewal } from "@/lib/services/overview/renewals";
import { RENEWAL_WINDOW_DAYS } from "@/lib/services/overview/renewals";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

const n = (v: number) => v.toLocaleString("en-US");

function NoticeBadge({ days }: { days: number }) {
  if (days < 0) return <Badge variant="destructive">passed {n(-days)} days ago</Badge>;
  if (days <= 30) return <Badge variant="warning">in {n(days)} days</Badge>;
  return <Badge variant="muted">in {n(days)} days</Badge>;
}

/** Renewals (beyond the reference): what ends soon, when notice is due, and what could be dropped by then. */
export function RenewalsPanel({ renewals }: { renewals: Renewal[] }) {
  const th = "py-1.5 pr-3 font-medium";
  const td = "py-1.5 pr-3";
  return (
    <Card>
      <CardHeader>
        <CardTitle>Renewals</CardTitle>
        <CardDescription>Entitlements in use that end in the next {RENEWAL_WINDOW_DAYS} days, soonest first.</CardDescription>
      </CardHeader>
      <CardContent>
        {renewals.length === 0 ? (
          <p className="text-sm text-muted-foreground">
            No entitlement ends in the next {RENEWAL_WINDOW_DAYS} days. Give entitlements an end date and a notice period on{" "}
            <Link className="text-primary hover:underline" href="/entitlements">
              Entitlements
            </Link>{" "}
            to see them here before the deadline.
          </p>
        ) : (
          <table className="w-full text-sm" aria-label="Renewals">
            <thead>
              <tr className="border-b border-border text-left text-xs text-muted-foreground">
                <th className={th}>Entitlement</th>
                <th className={th}>Ends</th>
                <th className={th}>Notice deadline</th>
                <th className={`${th} text-right`}>Rights</th>
                <th className={`${th} text-right`}>In use</th>
                <th className={`${th} text-right`}>Open candidates</th>
                <th className={`${th} text-right`}>Could drop</th>
              </tr>
            </thead>
            <tbody>
              {renewals.map((r) => (
                <tr key={r.entitlementId} className="border-b border-border">
                  <td className={td}>
                    <Link className="text-primary hover:underline" href={`/entitlements/${r.entitlementId}`}>
                      {r.name}
                    </Link>
                    <div className="text-xs text-muted-foreground">{r.model}</div>
                  </td>
                  <td className={td}>{r.endDate}</td>
                  <td className={td}>
                    {r.noticeDeadline} <NoticeBadge days={r.noticeDaysLeft} />
                  </td>
                  <td className={`${td} text-right tabular-nums`}>{n(r.rights)}</td>
                  <td className={`${td} text-right tabular-nums`}>
                    <Link className="text-primary hover:underline" href={`/subscriptions?model=${r.modelId}&excluded=false`}>
                      {n(r.inUse)}
                    </Link>
                  </td>
                  <td className={`${td} text-right tabular-nums`}>
                    <Link className="text-primary hover:underline" href="/removal-candidates?state=open">
                      {n(r.openCandidates)}
                    </Link>
                  </td>
                  <td className={`${td} text-right font-medium tabular-nums`} data-testid={`droppable-${r.entitlementId}`}>
                    {n(r.droppable)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </CardContent>
    </Card>
  );
}
