import Link from "next/link";
import type { UnrecognizedRow } from "../services/identifiers/list-unrecognized-identifiers";
import { defineColumns } from "../table/columns";
import { LocalTime } from "@/components/layout/local-time";
import { Badge } from "@/components/ui/badge";

/** "Open", or "Mapped to Miro Enterprise Full". */
export function unrecognizedStateText(r: { open: boolean; mappedModel: string | null }): string {
  return r.open ? "Open" : `Mapped to ${r.mappedModel ?? "a software model"}`;
}

/** **Unrecognized Subscription Identifiers**, across profiles and in a profile. */
export const unrecognizedColumns = defineColumns<UnrecognizedRow>()([
  { id: "identifier", label: "Subscription identifier", hideable: false, text: (r) => r.identifier, cell: (r) => <code className="text-xs">{r.identifier}</code> },
  { id: "profileType", label: "Profile Type", defaultHidden: true, text: (r) => r.profileTypeLabel },
  { id: "subscriptions", label: "Subscriptions", text: (r) => r.subscriptions },
  {
    id: "profiles",
    label: "Profiles",
    text: (r) => r.profiles.map((p) => p.name).join("; "),
    cell: (r) => (
      <span className="flex flex-wrap gap-x-2">
        {r.profiles.map((p) => (
          <Link key={p.id} href={`/integration-profiles/${p.id}/unrecognized-identifiers`} className="text-primary hover:underline">
            {p.name}
          </Link>
        ))}
      </span>
    ),
  },
  { id: "firstSeenAt", label: "First seen", text: (r) => r.firstSeenAt, cell: (r) => <LocalTime iso={r.firstSeenAt} /> },
  { id: "lastSeenAt", label: "Last seen", text: (r) => r.lastSeenAt, cell: (r) => <LocalTime iso={r.lastSeenAt} /> },
  {
    id: "state",
    label: "State",
    text: unrecognizedStateText,
    cell: (r) => (r.open ? <Badge variant="warning">Open</Badge> : <Badge variant="success">{unrecognizedStateText(r)}</Badge>),
  },
]);
