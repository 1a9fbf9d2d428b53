import { PROFILE_STATUS_LABELS, type ProfileStatus } from "@/lib/db/schema/integration-profile-labels";
import { Badge } from "@/components/ui/badge";

export function ProfileStatusBadge({ status }: { status: ProfileStatus }) {
  return (
    <Badge variant={status === "published" ? "success" : "muted"} data-testid="profile-status">
      {PROFILE_STATUS_LABELS[status]}
    </Badge>
  );
}
