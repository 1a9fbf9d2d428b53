import Link from "next/link";
import type { SubscriptionRow } from "../services/subscriptions/list-subscriptions";
import { defineColumns, yesNo } from "../table/columns";
import { LocalTime } from "@/components/layout/local-time";
import { Badge } from "@/components/ui/badge";

const muted = (text: string) => <span className="text-muted-foreground">{text}</span>;

/** "Identifier rule: free", "User rule: svc@acme.com": why a subscription is excluded. */
export function exclusionText(r: { excluded: boolean; identifierRule: string | null; userRule: string | null }): string {
  if (!r.excluded) return "No";
  const parts = [r.identifierRule !== null && `Identifier rule: ${r.identifierRule}`, r.userRule !== null && `User rule: ${r.userRule}`].filter(Boolean);
  return parts.length ? parts.join("; ") : "Excluded";
}

/** **Software Subscriptions** and **All user subscriptions**. */
export const subscriptionColumns = defineColumns<SubscriptionRow>()([
  {
    id: "userPrincipalName",
    label: "User principal name",
    hideable: false,
    text: (r) => r.userPrincipalName,
    cell: (r) => (
      <span className="flex flex-col">
        <span>{r.userPrincipalName}</span>
        {r.displayName && <span className="text-xs text-muted-foreground">{r.displayName}</span>}
      </span>
    ),
  },
  { id: "user", label: "User", text: (r) => r.userName },
  {
    id: "softwareModel",
    label: "Software model",
    text: (r) => r.softwareModel,
    cell: (r) => (r.softwareModel ? <span className="block min-w-40">{r.softwareModel}</span> : muted("—")),
  },
  { id: "subscriptionIdentifier", label: "Subscription identifier", text: (r) => r.subscriptionIdentifier, cell: (r) => <code className="text-xs">{r.subscriptionIdentifier}</code> },
  { id: "lastActivityAt", label: "Last activity", text: (r) => r.lastActivityAt ?? "Never", cell: (r) => (r.lastActivityAt ? <LocalTime iso={r.lastActivityAt} dateOnly /> : muted("Never")) },
  { id: "inactiveDays", label: "Inactive days", text: (r) => r.inactiveDays ?? "Never", cell: (r) => (r.inactiveDays === null ? muted("Never") : r.inactiveDays.toLocaleString()) },
  { id: "subscriptionAssignedAt", label: "Subscription assigned", text: (r) => r.subscriptionAssignedAt, cell: (r) => <LocalTime iso={r.subscriptionAssignedAt} dateOnly /> },
  { id: "active", label: "Active", text: (r) => yesNo(r.active), cell: (r) => (r.active ? "Yes" : <Badge variant="muted">No</Badge>) },
  {
    id: "excluded",
    label: "Excluded",
    text: exclusionText,
    cell: (r) => (r.excluded ? <Badge variant="warning">{exclusionText(r)}</Badge> : muted("No")),
  },
  {
    id: "profile",
    label: "Profile",
    text: (r) => r.profileName,
    cell: (r) => (
      <Link className="block min-w-40 text-primary hover:underline" href={`/integration-profiles/${r.profileId}`}>
        {r.profileName}
      </Link>
    ),
  },
]);
