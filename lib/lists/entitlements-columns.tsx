import Link from "next/link";
import { ENTITLEMENT_STATE_LABELS, SUBSCRIPTION_PERIOD_LABELS, type EntitlementState, type SubscriptionPeriod } from "../db/schema/entitlement-labels";
import type { EntitlementRow } from "../services/entitlements/entitlements";
import { defineColumns } from "../table/columns";
import { Badge } from "@/components/ui/badge";

export const EFFECTIVE_STATE_LABELS: Record<string, string> = { ...ENTITLEMENT_STATE_LABELS, ended: "Ended", not_started: "Not started" };

/** **Entitlements**: rights bought per model; only In use today counts in reconciliation. */
export const entitlementColumns = defineColumns<EntitlementRow>()([
  {
    id: "model",
    label: "Software model",
    hideable: false,
    text: (r) => r.modelName,
    cell: (r) => (
      <Link className="text-primary hover:underline" href={`/entitlements/${r.id}`}>
        {r.modelName}
      </Link>
    ),
  },
  { id: "displayName", label: "Name", defaultHidden: true, text: (r) => r.displayName },
  { id: "purchasedRights", label: "Purchased rights", text: (r) => r.purchasedRights },
  { id: "unitCost", label: "Unit cost", text: (r) => `${r.unitCost} ${r.currency}` },
  { id: "period", label: "Period", text: (r) => SUBSCRIPTION_PERIOD_LABELS[r.subscriptionPeriod as SubscriptionPeriod] ?? r.subscriptionPeriod },
  { id: "startDate", label: "Start", text: (r) => r.startDate },
  { id: "endDate", label: "End", text: (r) => r.endDate },
  {
    id: "state",
    label: "State",
    text: (r) => EFFECTIVE_STATE_LABELS[r.effectiveState] ?? r.effectiveState,
    cell: (r) => <Badge variant={r.effectiveState === "in_use" ? "success" : "muted"}>{EFFECTIVE_STATE_LABELS[r.effectiveState] ?? ENTITLEMENT_STATE_LABELS[r.state as EntitlementState]}</Badge>,
  },
  { id: "costCenter", label: "Cost center", defaultHidden: true, text: (r) => r.costCenter },
  { id: "vendor", label: "Vendor", defaultHidden: true, text: (r) => r.vendor },
]);
