import "server-only";
import type { Actor } from "../auth/session";
import type { Permission } from "../auth/permissions";
import type { Db } from "../db";
import { parseListParams, type ListSpec } from "../table/list-spec";
import { iterateAudit } from "../services/audit/list-audit";
import { iterateUsers } from "../services/users/list-users";
import { iterateAliases } from "../services/connections/list-aliases";
import { aliasesSpec, ALIAS_KIND_LABELS, tokenStateText, type TokenStateFields } from "./aliases-spec";
import { iterateProfiles } from "../services/profiles/list-profiles";
import { profilesSpec } from "./profiles-spec";
import { identifierExclusionsSpec, profileJobsSpec, profileModelsSpec } from "./profile-models-spec";
import { iterateIdentifierExclusions } from "../services/profiles/list-identifier-exclusions";
import { iterateProfileModels } from "../services/profiles/list-profile-models";
import { iterateProfileJobs } from "../services/profiles/list-profile-jobs";
import { getProfile } from "../services/profiles/get-profile";
import { z } from "zod";

/** Lists scoped to one profile carry it as `?profile=<id>`. */
async function* profileScoped<R>(db: Db, search: URLSearchParams, rows: (profile: { id: string; profileType: string }) => AsyncIterable<R>) {
  const profile = await getProfile(db, z.uuid().parse(search.get("profile")));
  yield* rows(profile);
}
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
  "integration-profiles": {
    spec: profilesSpec,
    permission: "workspace:view",
    columns: [
      { id: "displayName", header: "Display Name", value: (r) => r.displayName },
      { id: "profileType", header: "Profile Type", value: (r) => r.profileType },
      { id: "status", header: "Status", value: (r) => r.status },
      { id: "lastValidatedAt", header: "Last validation", value: (r) => r.lastValidatedAt },
      { id: "lastRunAt", header: "Last run", value: (r) => r.lastRunAt },
      { id: "updatedAt", header: "Updated", value: (r) => r.updatedAt },
    ],
    rows: (db, search) => iterateProfiles(db, parseListParams(profilesSpec, search)) as AsyncIterable<Record<string, unknown>>,
  },
  "profile-software-models": {
    spec: profileModelsSpec,
    permission: "workspace:view",
    columns: [
      { id: "displayName", header: "Software model", value: (r) => r.displayName },
      { id: "identifiers", header: "Subscription identifiers", value: (r) => (r.identifiers as string[]).join(" ") },
      { id: "publisher", header: "Publisher", value: (r) => r.publisher },
      { id: "subscriptions", header: "Subscriptions", value: (r) => r.subscriptions },
      { id: "createdAt", header: "Created", value: (r) => r.createdAt },
    ],
    rows: (db, search) =>
      profileScoped(db, search, (p) => iterateProfileModels(db, p, parseListParams(profileModelsSpec, search))) as AsyncIterable<Record<string, unknown>>,
  },
  "profile-scheduled-jobs": {
    spec: profileJobsSpec,
    permission: "workspace:view",
    columns: [
      { id: "name", header: "Name", value: (r) => r.name },
      { id: "cron", header: "Schedule", value: (r) => r.cron },
      { id: "active", header: "Active", value: (r) => (r.active ? "Yes" : "No") },
      { id: "lastRunAt", header: "Last run", value: (r) => r.lastRunAt },
      { id: "createdAt", header: "Created", value: (r) => r.createdAt },
    ],
    rows: (db, search) =>
      profileScoped(db, search, (p) => iterateProfileJobs(db, p.id, parseListParams(profileJobsSpec, search))) as AsyncIterable<Record<string, unknown>>,
  },
  "profile-identifier-exclusions": {
    spec: identifierExclusionsSpec,
    permission: "workspace:view",
    columns: [
      { id: "identifier", header: "Subscription identifier", value: (r) => r.identifier },
      { id: "active", header: "Active", value: (r) => (r.active ? "Yes" : "No") },
      { id: "reason", header: "Reason", value: (r) => r.reason },
      { id: "createdAt", header: "Created", value: (r) => r.createdAt },
    ],
    rows: (db, search) =>
      profileScoped(db, search, (p) => iterateIdentifierExclusions(db, p.profileType, parseListParams(identifierExclusionsSpec, search))) as AsyncIterable<Record<string, unknown>>,
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
  connections: {
    spec: aliasesSpec,
    permission: "workspace:view",
    columns: [
      { id: "id", header: "Alias", value: (r) => r.id },
      { id: "name", header: "Name", value: (r) => r.name },
      { id: "vendorName", header: "Vendor", value: (r) => r.vendorName },
      { id: "kind", header: "Kind", value: (r) => ALIAS_KIND_LABELS[r.kind as keyof typeof ALIAS_KIND_LABELS] ?? r.kind },
      { id: "parentAliasId", header: "Parent alias", value: (r) => r.parentAliasId },
      { id: "activeConnectionName", header: "Active connection", value: (r) => r.activeConnectionName },
      { id: "tokenState", header: "Token state", value: (r) => tokenStateText(r as unknown as TokenStateFields) },
      { id: "organization", header: "Organization", value: (r) => r.organization },
      { id: "updatedAt", header: "Updated", value: (r) => r.updatedAt },
    ],
    rows: (db, search) => iterateAliases(db, parseListParams(aliasesSpec, search)) as AsyncIterable<Record<string, unknown>>,
  },
};
