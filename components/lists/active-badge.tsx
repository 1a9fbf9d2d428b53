import { Badge } from "@/components/ui/badge";

/** The Active column of every list whose rows can be switched off. */
export function ActiveBadge({ active }: { active: boolean }) {
  return active ? <Badge variant="success">Active</Badge> : <Badge variant="muted">Inactive</Badge>;
}
