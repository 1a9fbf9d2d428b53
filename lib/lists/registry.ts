import "server-only";
import type { Actor } from "../auth/session";
import type { Permission } from "../auth/permissions";
import type { Db } from "../db";
import { parseListParams, type ListSpec } from "../table/list-spec";
import { iterateAudit } from "../services/audit/list-audit";
import { iterateUsers } from "../services/users/list-users";
import { auditSpec } from "./audit-spec";
import { usersSpec } from "./users-spec";

/**
 * Every list that can be exported as CSV: its spec, who may see it, and its rows for the current
 * URL state (same filter and sort as the screen, all pages). The export route is generic.
 */

export type ExportableList = {
  spec: ListSpec;
  permission: Permission;
  columns: { id: string; header: string; value: (row: Record<string, unknown>) => unknown }[];
  rows: (db: Db, search: URLSearchParams, actor: Actor) => AsyncIterable<Record<string, unknown>>;
};

export const LISTS: Record<string, ExportableList> = {
  users: {
    spec: usersSpec,
    permission: "users:manage",
    columns: [
      { id: "name", header: "Name", value: (r) => r.name },
      { id: "email", header: "Email", value: (r) => r.email },
      { id: "roles", header: "Roles", value: (r) => (r.roles as string[]).join(" ") },
      { id: "active", header: "Active", value: (r) => (r.active ? "Yes" : "No") },
      { id: "lastSignInAt", header: "Last sign-in", value: (r) => r.lastSignInAt },
      { id: "createdAt", header: "Created", value: (r) => r.createdAt },
    ],
    rows: (db, search) => iterateUsers(db, parseListParams(usersSpec, search)) as AsyncIterable<Record<string, unknown>>,
  },
  "audit-log": {
    spec: auditSpec,
    permission: "audit:view",
    columns: [
      { id: "at", header: "When", value: (r) => r.at },
      { id: "actorLabel", header: "Who", value: (r) => r.actorLabel },
      { id: "action", header: "Action", value: (r) => r.action },
      { id: "entityType", header: "Record type", value: (r) => r.entityType },
      { id: "summary", header: "What changed", value: (r) => r.summary },
      { id: "entityId", header: "Record id", value: (r) => r.entityId },
    ],
    rows: (db, search) => iterateAudit(db, parseListParams(auditSpec, search)) as AsyncIterable<Record<string, unknown>>,
  },
};
