import Link from "next/link";
import { PROFILE_STATUS_LABELS } from "../db/schema/integration-profile-labels";
import type { ProfileRow } from "../services/profiles/list-profiles";
import { defineColumns } from "../table/columns";
import { LocalTime } from "@/components/layout/local-time";
import { ProfileStatusBadge } from "@/components/profiles/profile-status-badge";

const never = <span className="text-muted-foreground">Never</span>;

function validationText(r: ProfileRow): string {
  if (!r.lastValidatedAt) return "Never";
  return `${r.lastValidatedAt} ${r.lastValidationOk ? "· passed" : "· failed"}`;
}

/** **Direct integration profiles**. */
export const profileColumns = defineColumns<ProfileRow>()([
  {
    id: "displayName",
    label: "Display Name",
    hideable: false,
    text: (r) => r.displayName,
    cell: (r) => (
      <Link className="font-medium text-primary hover:underline" href={`/integration-profiles/${r.id}`}>
        {r.displayName}
      </Link>
    ),
  },
  { id: "profileType", label: "Profile Type", text: (r) => r.profileTypeLabel },
  {
    id: "status",
    label: "Status",
    text: (r) => PROFILE_STATUS_LABELS[r.status],
    cell: (r) => <ProfileStatusBadge status={r.status} />,
  },
  {
    id: "lastValidatedAt",
    label: "Last validation",
    text: validationText,
    cell: (r) =>
      r.lastValidatedAt ? (
        <span>
          <LocalTime iso={r.lastValidatedAt} /> {r.lastValidationOk ? "· passed" : "· failed"}
        </span>
      ) : (
        never
      ),
  },
  { id: "lastRunAt", label: "Last run", text: (r) => r.lastRunAt ?? "Never", cell: (r) => (r.lastRunAt ? <LocalTime iso={r.lastRunAt} /> : never) },
  { id: "updatedAt", label: "Updated", text: (r) => r.updatedAt, cell: (r) => <LocalTime iso={r.updatedAt} /> },
]);
