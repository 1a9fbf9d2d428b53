import "server-only";
import type { Permission } from "../auth/permissions";
import type { Db } from "../db";
import type { ServiceContext } from "../services/context";
import { csvColumns } from "../table/columns";
import { subscriptionColumns } from "./subscriptions-columns";
import { profileColumns } from "./profiles-columns";
import { parseListParams, type ListSpec } from "../table/list-spec";
import { iterateAudit } from "../services/audit/list-audit";
import { iterateUsers } from "../services/users/list-users";
import { iterateAliases } from "../services/connections/list-aliases";
import { aliasesSpec, ALIAS_KIND_LABELS, tokenStateText, type TokenStateFields } from "./aliases-spec";
import { iterateProfiles } from "../services/profiles/list-profiles";
import { profilesSpec } from "./profiles-spec";
import { identifierExclusionsSpec, profileModelsSpec } from "./profile-models-spec";
import { iterateIdentifierExclusions } from "../services/profiles/list-identifier-exclusions";
import { iterateProfileModels } from "../services/profiles/list-profile-models";
import { getProfile } from "../services/profiles/get-profile";
import { z } from "zod";

/** Lists scoped to one profile carry it as `?profile=<id>`. */
async function* profileScoped<R>(db: Db, search: URLSearchParams, rows: (profile: { id: string; profileType: string }) => AsyncIterable<R>) {
  const profile = await getProfile(db, z.uuid().parse(search.get("profile")));
  yield* rows(profile);
}
import { auditSpec } from "./audit-spec";
import { usersSpec } from "./users-spec";
import { profileSubscriptionsSpec, subscriptionsSpec } from "./subscriptions-spec";
import { iterateSubscriptions } from "../services/subscriptions/list-subscriptions";
import { profileUnrecognizedIdentifiersSpec, unrecognizedIdentifiersSpec, unrecognizedStateText } from "./unrecognized-identifiers-spec";
import { iterateUnrecognizedIdentifiers, type UnrecognizedRow } from "../services/identifiers/list-unrecognized-identifiers";
import { EXCLUSION_KIND_LABELS, exclusionRulesSpec, userExclusionsSpec } from "./exclusions-spec";
import { iterateExclusionRules, type ExclusionRuleRow } from "../services/exclusions/list-exclusion-rules";
import { iterateUserExclusions } from "../services/exclusions/list-user-exclusions";
import { describeCron, formatDuration, JOB_TRIGGER_LABELS, jobResultsSpec, profileJobResultsSpec, profileJobsSpec, scheduledJobsSpec } from "./jobs-spec";
import { iterateScheduledJobs, type ScheduledJobRow } from "../services/jobs/list-scheduled-jobs";
import { iterateJobResults, type JobResultRow } from "../services/jobs/list-job-results";
import { JOB_STATE_LABELS } from "../db/schema/jobs";
import { SOFTWARE_MODEL_SOURCE_LABELS, softwareModelsSpec } from "./software-models-spec";
import { iterateSoftwareModels, type SoftwareModelRow } from "../services/identifiers/list-software-models";
import { SOFTWARE_MODEL_STATUS_LABELS } from "../db/schema/software-models";
import { directorySpec } from "./directory-spec";
import { iterateDirectoryUsers } from "../services/directory/list-directory-users";

type Row = Record<string, unknown>;
const yesNo = (v: unknown) => (v ? "Yes" : "No");


const unrecognizedColumns: ExportableList["columns"] = [
  { id: "identifier", header: "Subscription identifier", value: (r) => r.identifier },
  { id: "profileType", header: "Profile Type", value: (r) => r.profileTypeLabel },
  { id: "subscriptions", header: "Subscriptions", value: (r) => r.subscriptions },
  { id: "profiles", header: "Profiles", value: (r) => (r as unknown as UnrecognizedRow).profiles.map((p) => p.name).join("; ") },
  { id: "firstSeenAt", header: "First seen", value: (r) => r.firstSeenAt },
  { id: "lastSeenAt", header: "Last seen", value: (r) => r.lastSeenAt },
  { id: "state", header: "State", value: (r) => unrecognizedStateText(r as unknown as UnrecognizedRow) },
];

const jobColumns: ExportableList["columns"] = [
  { id: "name", header: "Name", value: (r) => r.name },
  { id: "profile", header: "Profile", value: (r) => r.profileName },
  { id: "cron", header: "Schedule", value: (r) => describeCron(String(r.cron), String(r.timeZone)) },
  { id: "active", header: "Active", value: (r) => yesNo(r.active) },
  { id: "lastRunAt", header: "Last run", value: (r) => r.lastRunAt },
  { id: "latest", header: "Latest result", value: (r) => { const l = (r as unknown as ScheduledJobRow).latest; return l ? JOB_STATE_LABELS[l.state] : ""; } },
  { id: "nextRunAt", header: "Next run", value: (r) => r.nextRunAt },
  { id: "createdAt", header: "Created", value: (r) => r.createdAt },
];

const resultColumns: ExportableList["columns"] = [
  { id: "state", header: "State", value: (r) => JOB_STATE_LABELS[(r as unknown as JobResultRow).state] },
  { id: "job", header: "Scheduled job", value: (r) => r.jobName },
  { id: "profile", header: "Profile", value: (r) => r.profileName },
  { id: "trigger", header: "Started by", value: (r) => JOB_TRIGGER_LABELS[(r as unknown as JobResultRow).trigger] },
  { id: "startedAt", header: "Start", value: (r) => r.startedAt },
  { id: "endedAt", header: "End", value: (r) => r.endedAt },
  { id: "duration", header: "Duration", value: (r) => formatDuration(r.durationMs as number | null) },
  { id: "pages", header: "Pages", value: (r) => r.pages },
  { id: "membersRead", header: "Members read", value: (r) => r.membersRead },
  { id: "created", header: "Created", value: (r) => r.created },
  { id: "updated", header: "Updated", value: (r) => r.updated },
  { id: "unchanged", header: "Unchanged", value: (r) => r.unchanged },
  { id: "removed", header: "Removed", value: (r) => r.removed },
  { id: "excluded", header: "Excluded", value: (r) => r.excluded },
  { id: "unrecognized", header: "Unrecognized identifiers", value: (r) => r.unrecognized },
  { id: "httpRetries", header: "HTTP retries", value: (r) => r.httpRetries },
  { id: "rateLimited", header: "429s", value: (r) => r.rateLimited },
  { id: "errorText", header: "Error", value: (r) => r.errorText },
];

const userExclusionColumns: ExportableList["columns"] = [
  { id: "userPrincipalName", header: "User principal name", value: (r) => r.userPrincipalName },
  { id: "active", header: "Active", value: (r) => yesNo(r.active) },
  { id: "reason", header: "Reason", value: (r) => r.reason },
  { id: "excludedSubscriptions", header: "Excluded subscriptions", value: (r) => r.excludedSubscriptions },
  { id: "createdBy", header: "Created by", value: (r) => r.createdBy },
  { id: "createdAt", header: "Created", value: (r) => r.createdAt },
];

/**
 * Every list that can be exported as CSV: its spec, who may see it, and its rows for the current
 * URL state (same filter and sort as the screen, all pages). The export route is generic.
 */

export type ExportableList = {
  spec: ListSpec;
  permission: Permission;
  columns: { id: string; header: string; value: (row: Record<string, unknown>) => unknown }[];
  /** Every row of the URL's filter and sort; a read refuses an actor without the permission. */
  rows: (ctx: ServiceContext, search: URLSearchParams) => AsyncIterable<Record<string, unknown>>;
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
    rows: (ctx, search) => iterateUsers(ctx.db, parseListParams(usersSpec, search)) as AsyncIterable<Record<string, unknown>>,
  },
  "integration-profiles": {
    spec: profilesSpec,
    permission: "workspace:view",
    columns: csvColumns(profileColumns, profilesSpec),
    rows: (ctx, search) => iterateProfiles(ctx, { params: parseListParams(profilesSpec, search) }) as AsyncIterable<Record<string, unknown>>,
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
    rows: (ctx, search) =>
      profileScoped(ctx.db, search, (p) => iterateProfileModels(ctx.db, p, parseListParams(profileModelsSpec, search))) as AsyncIterable<Record<string, unknown>>,
  },
  "profile-scheduled-jobs": {
    spec: profileJobsSpec,
    permission: "workspace:view",
    columns: jobColumns.filter((c) => c.id !== "profile"),
    rows: (ctx, search) =>
      profileScoped(ctx.db, search, (p) => iterateScheduledJobs(ctx.db, parseListParams(profileJobsSpec, search), { profileId: p.id })) as AsyncIterable<Row>,
  },
  "scheduled-jobs": {
    spec: scheduledJobsSpec,
    permission: "workspace:view",
    columns: jobColumns,
    rows: (ctx, search) => iterateScheduledJobs(ctx.db, parseListParams(scheduledJobsSpec, search)) as AsyncIterable<Row>,
  },
  "job-results": {
    spec: jobResultsSpec,
    permission: "workspace:view",
    columns: resultColumns,
    rows: (ctx, search) => iterateJobResults(ctx.db, parseListParams(jobResultsSpec, search)) as AsyncIterable<Row>,
  },
  "profile-job-results": {
    spec: profileJobResultsSpec,
    permission: "workspace:view",
    columns: resultColumns.filter((c) => c.id !== "profile"),
    rows: (ctx, search) =>
      profileScoped(ctx.db, search, (p) => iterateJobResults(ctx.db, parseListParams(profileJobResultsSpec, search), { profileId: p.id })) as AsyncIterable<Row>,
  },
  subscriptions: {
    spec: subscriptionsSpec,
    permission: "workspace:view",
    columns: csvColumns(subscriptionColumns, subscriptionsSpec),
    rows: (ctx, search) => iterateSubscriptions(ctx, { params: parseListParams(subscriptionsSpec, search) }) as AsyncIterable<Row>,
  },
  "profile-subscriptions": {
    spec: profileSubscriptionsSpec,
    permission: "workspace:view",
    columns: csvColumns(subscriptionColumns, profileSubscriptionsSpec),
    rows: (ctx, search) =>
      profileScoped(ctx.db, search, (p) => iterateSubscriptions(ctx, { params: parseListParams(profileSubscriptionsSpec, search), profileId: p.id })) as AsyncIterable<Row>,
  },
  "unrecognized-identifiers": {
    spec: unrecognizedIdentifiersSpec,
    permission: "workspace:view",
    columns: unrecognizedColumns,
    rows: (ctx, search) => iterateUnrecognizedIdentifiers(ctx.db, parseListParams(unrecognizedIdentifiersSpec, search)) as AsyncIterable<Row>,
  },
  "profile-unrecognized-identifiers": {
    spec: profileUnrecognizedIdentifiersSpec,
    permission: "workspace:view",
    columns: unrecognizedColumns.filter((c) => c.id !== "profiles"),
    rows: (ctx, search) =>
      profileScoped(ctx.db, search, (p) =>
        iterateUnrecognizedIdentifiers(ctx.db, parseListParams(profileUnrecognizedIdentifiersSpec, search), { profileId: p.id }),
      ) as AsyncIterable<Row>,
  },
  "subscription-exclusions": {
    spec: exclusionRulesSpec,
    permission: "workspace:view",
    columns: [
      { id: "value", header: "Excludes", value: (r) => r.value },
      { id: "kind", header: "Rule", value: (r) => EXCLUSION_KIND_LABELS[(r as unknown as ExclusionRuleRow).kind] },
      { id: "profileType", header: "Profile Type", value: (r) => r.profileTypeLabel },
      { id: "active", header: "Active", value: (r) => yesNo(r.active) },
      { id: "reason", header: "Reason", value: (r) => r.reason },
      { id: "excludedSubscriptions", header: "Excluded subscriptions", value: (r) => r.excludedSubscriptions },
      { id: "createdBy", header: "Created by", value: (r) => r.createdBy },
      { id: "createdAt", header: "Created", value: (r) => r.createdAt },
    ],
    rows: (ctx, search) => iterateExclusionRules(ctx.db, parseListParams(exclusionRulesSpec, search)) as AsyncIterable<Row>,
  },
  "profile-user-exclusions": {
    spec: userExclusionsSpec,
    permission: "workspace:view",
    columns: userExclusionColumns,
    rows: (ctx, search) =>
      profileScoped(ctx.db, search, (p) => iterateUserExclusions(ctx.db, parseListParams(userExclusionsSpec, search), { profileId: p.id })) as AsyncIterable<Row>,
  },
  "software-models": {
    spec: softwareModelsSpec,
    permission: "workspace:view",
    columns: [
      { id: "displayName", header: "Software model", value: (r) => r.displayName },
      { id: "publisher", header: "Publisher", value: (r) => r.publisher },
      { id: "product", header: "Product", value: (r) => r.product },
      { id: "identifiers", header: "Subscription identifiers", value: (r) => (r.identifiers as string[]).join(" ") },
      { id: "subscriptions", header: "Subscriptions", value: (r) => r.subscriptions },
      { id: "source", header: "Source", value: (r) => SOFTWARE_MODEL_SOURCE_LABELS[(r as unknown as SoftwareModelRow).source] },
      { id: "status", header: "Status", value: (r) => SOFTWARE_MODEL_STATUS_LABELS[(r as unknown as SoftwareModelRow).status] },
      { id: "profile", header: "Profile", value: (r) => r.profileName },
      { id: "createdAt", header: "Created", value: (r) => r.createdAt },
    ],
    rows: (ctx, search) => iterateSoftwareModels(ctx.db, parseListParams(softwareModelsSpec, search)) as AsyncIterable<Row>,
  },
  "user-directory": {
    spec: directorySpec,
    permission: "workspace:view",
    columns: [
      { id: "name", header: "Name", value: (r) => r.name },
      { id: "email", header: "Email", value: (r) => r.email },
      { id: "userName", header: "User name", value: (r) => r.userName },
      { id: "manager", header: "Manager", value: (r) => r.managerEmail },
      { id: "department", header: "Department", value: (r) => r.department },
      { id: "costCenter", header: "Cost center", value: (r) => r.costCenter },
      { id: "active", header: "Active", value: (r) => yesNo(r.active) },
      { id: "subscriptions", header: "Subscriptions", value: (r) => r.subscriptions },
    ],
    rows: (ctx, search) => iterateDirectoryUsers(ctx.db, parseListParams(directorySpec, search)) as AsyncIterable<Row>,
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
    rows: (ctx, search) =>
      profileScoped(ctx.db, search, (p) => iterateIdentifierExclusions(ctx.db, p.profileType, parseListParams(identifierExclusionsSpec, search))) as AsyncIterable<Record<string, unknown>>,
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
    rows: (ctx, search) => iterateAudit(ctx.db, parseListParams(auditSpec, search)) as AsyncIterable<Record<string, unknown>>,
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
    rows: (ctx, search) => iterateAliases(ctx.db, parseListParams(aliasesSpec, search)) as AsyncIterable<Record<string, unknown>>,
  },
};
