import Link from "next/link";
import { formatMoney } from "../format/money";
import { REMOVAL_CANDIDATE_STATE_LABELS } from "../db/schema/removal-candidate-labels";
import type { RemovalCandidateRow } from "../services/reclamation/list-candidates";
import { defineColumns } from "../table/columns";
import { LocalTime } from "@/components/layout/local-time";
import { CandidateStateBadge } from "@/components/reclamation/candidate-state-badge";

export const money = formatMoney;

/** **Removal candidates**: one row per candidate, its state and why it was made. */
export const removalCandidateColumns = defineColumns<RemovalCandidateRow>()([
  {
    id: "number",
    label: "Number",
    hideable: false,
    text: (r) => r.number,
    cell: (r) => (
      <Link className="font-mono text-primary hover:underline" href={`/removal-candidates/${r.id}`}>
        {r.number}
      </Link>
    ),
  },
  { id: "state", label: "State", text: (r) => REMOVAL_CANDIDATE_STATE_LABELS[r.state], cell: (r) => <CandidateStateBadge state={r.state} /> },
  { id: "user", label: "User", text: (r) => r.userPrincipalName },
  { id: "model", label: "Software model", text: (r) => r.modelName },
  {
    id: "profile",
    label: "Profile",
    text: (r) => r.profileName,
    cell: (r) =>
      r.profileId ? (
        <Link className="text-primary hover:underline" href={`/integration-profiles/${r.profileId}/removal-candidates`}>
          {r.profileName}
        </Link>
      ) : (
        <span className="text-muted-foreground">—</span>
      ),
  },
  { id: "inactiveDays", label: "Inactive days", text: (r) => r.inactiveDays },
  { id: "potentialSavings", label: "Potential savings", text: (r) => money(r.potentialSavings, r.currency) },
  { id: "reason", label: "Reason", text: (r) => r.vendorError ?? r.closeReason ?? r.reason, cell: (r) => <span className="block min-w-80 max-w-xl text-xs">{r.vendorError ?? r.closeReason ?? r.reason}</span> },
  { id: "createdAt", label: "Opened", text: (r) => r.createdAt, cell: (r) => <LocalTime iso={r.createdAt} /> },
  { id: "closedAt", label: "Closed", defaultHidden: true, text: (r) => r.closedAt, cell: (r) => (r.closedAt ? <LocalTime iso={r.closedAt} /> : <span className="text-muted-foreground">—</span>) },
  { id: "actualSavings", label: "Actual savings", defaultHidden: true, text: (r) => money(r.actualSavings, r.currency) },
]);
