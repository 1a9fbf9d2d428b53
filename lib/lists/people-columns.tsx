import type { AuditRow } from "../services/audit/list-audit";
import type { DirectoryUserRow } from "../services/directory/list-directory-users";
import type { UserRow } from "../services/users/list-users";
import { activeText, defineColumns } from "../table/columns";
import { LocalTime } from "@/components/layout/local-time";
import { ActiveBadge } from "@/components/lists/active-badge";
import { Badge } from "@/components/ui/badge";

/** Administration › **Users**: the people who sign in. */
export const userColumns = defineColumns<UserRow>()([
  { id: "name", label: "Name", hideable: false, text: (r) => r.name },
  { id: "email", label: "Email", text: (r) => r.email },
  {
    id: "roles",
    label: "Roles",
    text: (r) => r.roles.join(" "),
    cell: (r) => (
      <span className="flex flex-wrap gap-1">
        {r.roles.map((role) => (
          <Badge key={role} variant="muted">
            {role}
          </Badge>
        ))}
      </span>
    ),
  },
  { id: "active", label: "Active", text: (r) => activeText(r.active), cell: (r) => <ActiveBadge active={r.active} /> },
  { id: "lastSignInAt", label: "Last sign-in", text: (r) => r.lastSignInAt, cell: (r) => <LocalTime iso={r.lastSignInAt} /> },
  { id: "createdAt", label: "Created", text: (r) => r.createdAt, cell: (r) => <LocalTime iso={r.createdAt} /> },
]);

/** Administration › **User directory**: the people subscriptions resolve to. */
export const directoryColumns = defineColumns<DirectoryUserRow>()([
  { id: "name", label: "Name", hideable: false, text: (r) => r.name },
  { id: "email", label: "Email", text: (r) => r.email },
  { id: "userName", label: "User name", text: (r) => r.userName },
  {
    id: "manager",
    label: "Manager",
    text: (r) => r.manager,
    cell: (r) => (r.manager ? <span title={r.managerEmail ?? undefined}>{r.manager}</span> : <span className="text-muted-foreground">—</span>),
  },
  { id: "department", label: "Department", text: (r) => r.department },
  { id: "costCenter", label: "Cost center", text: (r) => r.costCenter },
  { id: "active", label: "Active", text: (r) => activeText(r.active), cell: (r) => <ActiveBadge active={r.active} /> },
  { id: "subscriptions", label: "Subscriptions", text: (r) => r.subscriptions },
]);

/** **Audit log**. */
export const auditColumns = defineColumns<AuditRow>()([
  { id: "at", label: "When", hideable: false, text: (r) => r.at, cell: (r) => <LocalTime iso={r.at} /> },
  { id: "actorLabel", label: "Who", text: (r) => r.actorLabel },
  { id: "action", label: "Action", text: (r) => r.action, cell: (r) => <code className="text-xs">{r.action}</code> },
  { id: "entityType", label: "Record type", text: (r) => r.entityType },
  { id: "summary", label: "What changed", text: (r) => r.summary },
  { id: "entityId", label: "Record id", defaultHidden: true, text: (r) => r.entityId, cell: (r) => <code className="text-xs">{r.entityId}</code> },
]);
