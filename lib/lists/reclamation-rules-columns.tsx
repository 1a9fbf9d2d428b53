import Link from "next/link";
import type { ReclamationRuleRow } from "../services/reclamation/list-rules";
import { activeText, defineColumns, yesNo } from "../table/columns";
import { LocalTime } from "@/components/layout/local-time";
import { ActiveBadge } from "@/components/lists/active-badge";

const days = (n: number | null) => (n === null ? null : `${n} days`);

/** **Reclamation rules**: one per software model, with what decides a candidate. */
export const reclamationRuleColumns = defineColumns<ReclamationRuleRow>()([
  {
    id: "name",
    label: "Name",
    hideable: false,
    text: (r) => r.name,
    cell: (r) => (
      <Link className="text-primary hover:underline" href={`/reclamation-rules/${r.id}`}>
        {r.name}
      </Link>
    ),
  },
  { id: "model", label: "Software model", text: (r) => r.modelName },
  { id: "active", label: "Active", text: (r) => activeText(r.active), cell: (r) => <ActiveBadge active={r.active} /> },
  { id: "threshold", label: "Last activity threshold", text: (r) => days(r.lastActivityThresholdDays) },
  { id: "grace", label: "Grace period", text: (r) => days(r.gracePeriodDays) },
  { id: "notifyUser", label: "Notify user", text: (r) => yesNo(r.notifyUser) },
  { id: "autoDays", label: "Days before auto-reclamation", text: (r) => days(r.daysBeforeAutoReclamation) },
  { id: "createCandidates", label: "Create reclamation candidate", text: (r) => yesNo(r.createCandidates) },
  { id: "openCandidates", label: "Open candidates", text: (r) => r.openCandidates },
  { id: "updatedAt", label: "Updated", text: (r) => r.updatedAt, cell: (r) => <LocalTime iso={r.updatedAt} /> },
]);
