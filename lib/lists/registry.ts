import "server-only";
import type { Permission } from "../auth/permissions";
import type { ServiceContext } from "../services/context";
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
import { csvColumns } from "../table/columns";
import { auditColumns, directoryColumns, userColumns } from "./people-columns";
import { exclusionRuleColumns, identifierExclusionColumns, userExclusionColumns } from "./exclusions-columns";
import { profileColumns } from "./profiles-columns";
import { profileModelColumns, softwareModelColumns } from "./software-models-columns";
import { subscriptionColumns } from "./subscriptions-columns";
import { unrecognizedColumns } from "./unrecognized-identifiers-columns";

/** Lists scoped to one profile carry it as `?profile=<id>`. */
async function* profileScoped<R>(ctx: ServiceContext, search: URLSearchParams, rows: (profile: { id: string; profileType: string }) => AsyncIterable<R>) {
  const profile = await getProfile(ctx, { id: search.get("profile") ?? "" });
  yield* rows(profile);
}
import { auditSpec } from "./audit-spec";
import { usersSpec } from "./users-spec";
import { profileSubscriptionsSpec, subscriptionsSpec } from "./subscriptions-spec";
import { iterateSubscriptions } from "../services/subscriptions/list-subscriptions";
import { profileUnrecognizedIdentifiersSpec, unrecognizedIdentifiersSpec } from "./unrecognized-identifiers-spec";
import { iterateUnrecognizedIdentifiers } from "../services/identifiers/list-unrecognized-identifiers";
import { exclusionRulesSpec, userExclusionsSpec } from "./exclusions-spec";
import { iterateExclusionRules } from "../services/exclusions/list-exclusion-rules";
import { iterateUserExclusions } from "../services/exclusions/list-user-exclusions";
import { jobResultsSpec, profileJobResultsSpec, profileJobsSpec, scheduledJobsSpec } from "./jobs-spec";
import { jobResultColumns, scheduledJobColumns } from "./jobs-columns";
import { iterateScheduledJobs } from "../services/jobs/list-scheduled-jobs";
import { entitlementColumns } from "./entitlements-columns";
import { entitlementsSpec } from "./entitlements-spec";
import { iterateEntitlements } from "../services/entitlements/entitlements";
import { reclamationRuleColumns } from "./reclamation-rules-columns";
import { reclamationRulesSpec } from "./reclamation-rules-spec";
import { iterateReclamationRules } from "../services/reclamation/list-rules";
import { removalCandidateColumns } from "./removal-candidates-columns";
import { profileRemovalCandidatesSpec, removalCandidatesSpec } from "./removal-candidates-spec";
import { iterateRemovalCandidates } from "../services/reclamation/list-candidates";
import { iterateJobResults } from "../services/jobs/list-job-results";
import { softwareModelsSpec } from "./software-models-spec";
import { iterateSoftwareModels } from "../services/identifiers/list-software-models";
import { directorySpec } from "./directory-spec";
import { iterateDirectoryUsers } from "../services/directory/list-directory-users";

type Row = Record<string, unknown>;


/**
 * Every list that can be exported as CSV: its spec, who may see it, and its rows for the current
 * URL state (same filter and sort as the screen, all pages). The export route is generic.
 */

export type ExportableList = {
  spec: ListSpec;
  permission: Permission;
  /** A list of one integration profile: its export needs `?profile=<id>` of a profile that exists. */
  scope?: "profile";
  columns: { id: string; header: string; value: (row: Record<string, unknown>) => unknown }[];
  rows: (ctx: ServiceContext, search: URLSearchParams) => AsyncIterable<Record<string, unknown>>;
};

export const LISTS: Record<string, ExportableList> = {
  entitlements: {
    spec: entitlementsSpec,
    permission: "workspace:view",
    columns: csvColumns(entitlementColumns, entitlementsSpec),
    rows: (ctx, search) => iterateEntitlements(ctx, { params: parseListParams(entitlementsSpec, search) }) as AsyncIterable<Row>,
  },
  "reclamation-rules": {
    spec: reclamationRulesSpec,
    permission: "workspace:view",
    columns: csvColumns(reclamationRuleColumns, reclamationRulesSpec),
    rows: (ctx, search) => iterateReclamationRules(ctx, { params: parseListParams(reclamationRulesSpec, search) }) as AsyncIterable<Row>,
  },
  "removal-candidates": {
    spec: removalCandidatesSpec,
    permission: "workspace:view",
    columns: csvColumns(removalCandidateColumns, removalCandidatesSpec),
    rows: (ctx, search) => iterateRemovalCandidates(ctx, { params: parseListParams(removalCandidatesSpec, search) }) as AsyncIterable<Row>,
  },
  "profile-removal-candidates": {
    scope: "profile",
    spec: profileRemovalCandidatesSpec,
    permission: "workspace:view",
    columns: csvColumns(removalCandidateColumns, profileRemovalCandidatesSpec),
    rows: (ctx, search) =>
      profileScoped(ctx, search, (p) =>
        iterateRemovalCandidates(ctx, { params: parseListParams(profileRemovalCandidatesSpec, search), profileId: p.id }),
      ) as AsyncIterable<Row>,
  },
  users: {
    spec: usersSpec,
    permission: "users:manage",
    columns: csvColumns(userColumns, usersSpec),
    rows: (ctx, search) => iterateUsers(ctx, { params: parseListParams(usersSpec, search) }) as AsyncIterable<Row>,
  },
  "integration-profiles": {
    spec: profilesSpec,
    permission: "workspace:view",
    columns: csvColumns(profileColumns, profilesSpec),
    rows: (ctx, search) => iterateProfiles(ctx, { params: parseListParams(profilesSpec, search) }) as AsyncIterable<Row>,
  },
  "profile-software-models": {
    scope: "profile",
    spec: profileModelsSpec,
    permission: "workspace:view",
    columns: csvColumns(profileModelColumns, profileModelsSpec),
    rows: (ctx, search) =>
      profileScoped(ctx, search, (profile) => iterateProfileModels(ctx, { params: parseListParams(profileModelsSpec, search), profile })) as AsyncIterable<Row>,
  },
  "profile-scheduled-jobs": {
    scope: "profile",
    spec: profileJobsSpec,
    permission: "workspace:view",
    columns: csvColumns(scheduledJobColumns, profileJobsSpec),
    rows: (ctx, search) =>
      profileScoped(ctx, search, (p) => iterateScheduledJobs(ctx, { params: parseListParams(profileJobsSpec, search), profileId: p.id })) as AsyncIterable<Row>,
  },
  "scheduled-jobs": {
    spec: scheduledJobsSpec,
    permission: "workspace:view",
    columns: csvColumns(scheduledJobColumns, scheduledJobsSpec),
    rows: (ctx, search) => iterateScheduledJobs(ctx, { params: parseListParams(scheduledJobsSpec, search) }) as AsyncIterable<Row>,
  },
  "job-results": {
    spec: jobResultsSpec,
    permission: "workspace:view",
    columns: csvColumns(jobResultColumns, jobResultsSpec),
    rows: (ctx, search) => iterateJobResults(ctx, { params: parseListParams(jobResultsSpec, search) }) as AsyncIterable<Row>,
  },
  "profile-job-results": {
    scope: "profile",
    spec: profileJobResultsSpec,
    permission: "workspace:view",
    columns: csvColumns(jobResultColumns, profileJobResultsSpec),
    rows: (ctx, search) =>
      profileScoped(ctx, search, (p) => iterateJobResults(ctx, { params: parseListParams(profileJobResultsSpec, search), profileId: p.id })) as AsyncIterable<Row>,
  },
  subscriptions: {
    spec: subscriptionsSpec,
    permission: "workspace:view",
    columns: csvColumns(subscriptionColumns, subscriptionsSpec),
    rows: (ctx, search) => iterateSubscriptions(ctx, { params: parseListParams(subscriptionsSpec, search) }) as AsyncIterable<Row>,
  },
  "profile-subscriptions": {
    scope: "profile",
    spec: profileSubscriptionsSpec,
    permission: "workspace:view",
    columns: csvColumns(subscriptionColumns, profileSubscriptionsSpec),
    rows: (ctx, search) =>
      profileScoped(ctx, search, (p) => iterateSubscriptions(ctx, { params: parseListParams(profileSubscriptionsSpec, search), profileId: p.id })) as AsyncIterable<Row>,
  },
  "unrecognized-identifiers": {
    spec: unrecognizedIdentifiersSpec,
    permission: "workspace:view",
    columns: csvColumns(unrecognizedColumns, unrecognizedIdentifiersSpec),
    rows: (ctx, search) => iterateUnrecognizedIdentifiers(ctx, { params: parseListParams(unrecognizedIdentifiersSpec, search) }) as AsyncIterable<Row>,
  },
  "profile-unrecognized-identifiers": {
    scope: "profile",
    spec: profileUnrecognizedIdentifiersSpec,
    permission: "workspace:view",
    columns: csvColumns(unrecognizedColumns, profileUnrecognizedIdentifiersSpec),
    rows: (ctx, search) =>
      profileScoped(ctx, search, (p) =>
        iterateUnrecognizedIdentifiers(ctx, { params: parseListParams(profileUnrecognizedIdentifiersSpec, search), profileId: p.id }),
      ) as AsyncIterable<Row>,
  },
  "subscription-exclusions": {
    spec: exclusionRulesSpec,
    permission: "workspace:view",
    columns: csvColumns(exclusionRuleColumns, exclusionRulesSpec),
    rows: (ctx, search) => iterateExclusionRules(ctx, { params: parseListParams(exclusionRulesSpec, search) }) as AsyncIterable<Row>,
  },
  "profile-user-exclusions": {
    scope: "profile",
    spec: userExclusionsSpec,
    permission: "workspace:view",
    columns: csvColumns(userExclusionColumns, userExclusionsSpec),
    rows: (ctx, search) =>
      profileScoped(ctx, search, (p) => iterateUserExclusions(ctx, { params: parseListParams(userExclusionsSpec, search), profileId: p.id })) as AsyncIterable<Row>,
  },
  "software-models": {
    spec: softwareModelsSpec,
    permission: "workspace:view",
    columns: csvColumns(softwareModelColumns, softwareModelsSpec),
    rows: (ctx, search) => iterateSoftwareModels(ctx, { params: parseListParams(softwareModelsSpec, search) }) as AsyncIterable<Row>,
  },
  "user-directory": {
    spec: directorySpec,
    permission: "workspace:view",
    columns: csvColumns(directoryColumns, directorySpec),
    rows: (ctx, search) => iterateDirectoryUsers(ctx, { params: parseListParams(directorySpec, search) }) as AsyncIterable<Row>,
  },
  "profile-identifier-exclusions": {
    scope: "profile",
    spec: identifierExclusionsSpec,
    permission: "workspace:view",
    columns: csvColumns(identifierExclusionColumns, identifierExclusionsSpec),
    rows: (ctx, search) =>
      profileScoped(ctx, search, (p) =>
        iterateIdentifierExclusions(ctx, { params: parseListParams(identifierExclusionsSpec, search), profileType: p.profileType }),
      ) as AsyncIterable<Row>,
  },
  "audit-log": {
    spec: auditSpec,
    permission: "audit:view",
    columns: csvColumns(auditColumns, auditSpec),
    rows: (ctx, search) => iterateAudit(ctx, { params: parseListParams(auditSpec, search) }) as AsyncIterable<Row>,
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
    rows: (ctx, search) => iterateAliases(ctx, { params: parseListParams(aliasesSpec, search) }) as AsyncIterable<Row>,
  },
};
