import Link from "next/link";
import type { ReactNode } from "react";
import { can } from "@/lib/auth/permissions";
import { formatMoney } from "@/lib/format/money";
import { requirePageActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { ACTIVITY_BUCKETS, loadLicenseUsage } from "@/lib/services/reconciliation/license-usage";
import { EmptyState } from "@/components/layout/empty-state";
import { LocalTime } from "@/components/layout/local-time";
import { PageHeader } from "@/components/layout/page-header";
import { RunReconciliationButton } from "@/components/reconciliation/run-reconciliation-button";
import { UsageBars, UsageTrend } from "@/components/reconciliation/usage-chart";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";

export const metadata = { title: "License usage" };

/** "—" for no amount, and for a zero without a currency (the model has no entitlement and no candidates). */
const money = (amount: string | null, currency: string | null) => (currency === null && Number(amount) === 0 ? null : formatMoney(amount, currency)) ?? "—";
const link = (href: string, n: number | string) => (
  <Link className="text-primary hover:underline" href={href}>
    {typeof n === "number" ? n.toLocaleString("en-US") : n}
  </Link>
);
const th = "px-2 py-1.5 text-left text-xs font-medium text-muted-foreground";
const td = "px-2 py-1.5";

function Table({ label, head, children }: { label: string; head: string[]; children: ReactNode }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm" aria-label={label}>
        <thead>
          <tr className="border-b border-border">
            {head.map((h) => (
              <th key={h} className={th}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

export default async function LicenseUsagePage() {
  const actor = await requirePageActor();
  const usage = await loadLicenseUsage({ db: await getDb(), actor });
  const inactiveOf = (modelId: string) => {
    const a = usage.activity.find((x) => x.modelId === modelId);
    return a ? a.d90 + a.d120 + a.over : 0;
  };
  const models = [...new Set(usage.history.map((h) => h.modelName))];
  const trend = [...new Set(usage.history.map((h) => h.runId))].map((runId) => {
    const rows = usage.history.filter((h) => h.runId === runId);
    return { run: rows[0]!.endedAt.slice(0, 16).replace("T", " "), ...Object.fromEntries(rows.map((r) => [r.modelName, r.rightsUsed])) };
  });
  return (
    <>
      <PageHeader
        title="License usage"
        description={
          usage.run ? (
            <>
              What is owned against what is used, per software model, as of the last reconciliation (
              <span data-testid="reconciliation-run" data-run={usage.run.id}>
                <LocalTime iso={usage.run.endedAt} />
              </span>
              ). Every number links to the subscriptions or candidates behind it.
            </>
          ) : (
            "What is owned against what is used, per software model, once a reconciliation has run."
          )
        }
        actions={can(actor.roles, "reconciliation:run") ? <RunReconciliationButton /> : undefined}
      />
      {!usage.run ? (
        <EmptyState title="No reconciliation yet" action={{ label: "Go to Entitlements", href: "/entitlements" }}>
          Record what you bought under Entitlements, then a sam_admin selects Run reconciliation (it also runs every Monday).
        </EmptyState>
      ) : (
        <div className="flex flex-col gap-4">
          <Card>
            <CardHeader>
              <CardTitle>Owned, used and inactive</CardTitle>
            </CardHeader>
            <CardContent>
              <UsageBars data={usage.rows.map((r) => ({ model: r.modelName, owned: r.rightsOwned, used: r.rightsUsed, inactive: inactiveOf(r.modelId) }))} />
              <Table label="Reconciliation by software model" head={["Software model", "Rights owned", "Rights used", "Inactive over 60 days", "Available", "Unlicensed", "Compliance", "Over-licensed amount", "True-up cost", "Potential savings", "Actual savings"]}>
                {usage.rows.map((r) => (
                  <tr key={r.modelId} className="border-b border-border">
                    <td className={td}>{r.modelName}</td>
                    <td className={td}>{link(`/entitlements?q=${encodeURIComponent(r.modelName)}`, r.rightsOwned)}</td>
                    <td className={td}>{link(`/subscriptions?model=${r.modelId}&excluded=false`, r.rightsUsed)}</td>
                    <td className={td}>{link(`/subscriptions?model=${r.modelId}&excluded=false&inactive=61..`, inactiveOf(r.modelId))}</td>
                    <td className={td}>{r.rightsAvailable.toLocaleString("en-US")}</td>
                    <td className={td}>{r.unlicensed.toLocaleString("en-US")}</td>
                    <td className={td}>{r.compliant ? <Badge variant="success">Compliant</Badge> : <Badge variant="destructive">Not compliant</Badge>}</td>
                    <td className={td}>{money(r.overLicensedAmount, r.currency)}</td>
                    <td className={td}>{money(r.trueUpCost, r.currency)}</td>
                    <td className={td}>{link("/removal-candidates?state=open", money(r.potentialSavings, r.currency))}</td>
                    <td className={td}>{link("/removal-candidates?state=closed_complete", money(r.actualSavings, r.currency))}</td>
                  </tr>
                ))}
              </Table>
              <p className="mt-2 text-xs text-muted-foreground">Amounts use the unit cost of the model&apos;s entitlement in use, per its period; “—”: no entitlement in use.</p>
            </CardContent>
          </Card>
          {trend.length > 1 && (
            <Card>
              <CardHeader>
                <CardTitle>Rights used across runs</CardTitle>
              </CardHeader>
              <CardContent>
                <UsageTrend data={trend} models={models} />
                <Table label="Rights used across runs" head={["Run", ...models]}>
                  {trend.map((row) => (
                    <tr key={String(row.run) + JSON.stringify(row)} className="border-b border-border">
                      {["run", ...models].map((k) => (
                        <td key={k} className={td}>
                          {String(row[k as keyof typeof row] ?? "—")}
                        </td>
                      ))}
                    </tr>
                  ))}
                </Table>
              </CardContent>
            </Card>
          )}
          <Card>
            <CardHeader>
              <CardTitle>Last meaningful activity</CardTitle>
            </CardHeader>
            <CardContent>
              <Table label="Last meaningful activity" head={["Software model", ...ACTIVITY_BUCKETS.map((b) => b.label)]}>
                {usage.activity.map((a) => (
                  <tr key={a.modelId} className="border-b border-border">
                    <td className={td}>{a.modelName}</td>
                    {ACTIVITY_BUCKETS.map((b) => (
                      <td key={b.key} className={td}>
                        {link(`/subscriptions?model=${a.modelId}&excluded=false&${b.range ? `inactive=${b.range}` : "never=true"}`, a[b.key])}
                      </td>
                    ))}
                  </tr>
                ))}
              </Table>
            </CardContent>
          </Card>
        </div>
      )}
    </>
  );
}
