import Link from "next/link";
import { SOFTWARE_MODEL_SOURCE_LABELS, SOFTWARE_MODEL_STATUS_LABELS } from "../db/schema/software-model-labels";
import type { SoftwareModelRow } from "../services/identifiers/list-software-models";
import type { ProfileModelRow } from "../services/profiles/list-profile-models";
import { defineColumns } from "../table/columns";
import { LocalTime } from "@/components/layout/local-time";
import { Badge } from "@/components/ui/badge";

const identifiersCell = (ids: string[]) => (ids.length ? <code className="text-xs">{ids.join(", ")}</code> : <span className="text-muted-foreground">—</span>);

/** **Software models**: every model with its identifiers and current subscriptions. */
export const softwareModelColumns = defineColumns<SoftwareModelRow>()([
  { id: "displayName", label: "Software model", hideable: false, text: (r) => r.displayName },
  { id: "publisher", label: "Publisher", text: (r) => r.publisher },
  { id: "product", label: "Product", defaultHidden: true, text: (r) => r.product },
  { id: "identifiers", label: "Subscription identifiers", text: (r) => r.identifiers.join(", "), cell: (r) => identifiersCell(r.identifiers) },
  {
    id: "subscriptions",
    label: "Subscriptions",
    text: (r) => r.subscriptions,
    cell: (r) => (
      <Link className="text-primary hover:underline" href={`/subscriptions?model=${r.id}`}>
        {r.subscriptions.toLocaleString()}
      </Link>
    ),
  },
  {
    id: "source",
    label: "Source",
    text: (r) => SOFTWARE_MODEL_SOURCE_LABELS[r.source],
    cell: (r) => <Badge variant={r.source === "custom" ? "default" : "muted"}>{SOFTWARE_MODEL_SOURCE_LABELS[r.source]}</Badge>,
  },
  { id: "status", label: "Status", text: (r) => SOFTWARE_MODEL_STATUS_LABELS[r.status] },
  {
    id: "profile",
    label: "Profile",
    text: (r) => r.profileName,
    cell: (r) =>
      r.profileId ? (
        <Link className="text-primary hover:underline" href={`/integration-profiles/${r.profileId}/software-models`}>
          {r.profileName}
        </Link>
      ) : (
        <span className="text-muted-foreground">—</span>
      ),
  },
  { id: "createdAt", label: "Created", text: (r) => r.createdAt, cell: (r) => <LocalTime iso={r.createdAt} /> },
]);

/** A profile's **Software models**. */
export const profileModelColumns = defineColumns<ProfileModelRow>()([
  { id: "displayName", label: "Software model", hideable: false, text: (r) => r.displayName },
  { id: "identifiers", label: "Subscription identifiers", text: (r) => r.identifiers.join(", "), cell: (r) => <code className="text-xs">{r.identifiers.join(", ")}</code> },
  { id: "publisher", label: "Publisher", text: (r) => r.publisher },
  { id: "subscriptions", label: "Subscriptions", text: (r) => r.subscriptions },
  { id: "createdAt", label: "Created", text: (r) => r.createdAt, cell: (r) => <LocalTime iso={r.createdAt} /> },
]);
