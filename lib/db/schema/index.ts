import "server-only";
// Every aggregate's tables, enums and sequences: drizzle-kit reads this file (drizzle.config.ts),
// so anything not exported here is left out of the migrations.
export * from "./users";
export * from "./audit-log";
export * from "./user-directory";
export * from "./connections";
export * from "./oauth-states";
export * from "./integration-profiles";
export * from "./software-models";
export * from "./subscription-identifiers";
export * from "./subscriptions";
export * from "./exclusion-rules";
export * from "./user-resolution-rules";
export * from "./jobs";
export * from "./download-seen-members";
export * from "./download-results";
export * from "./reclamation-rules";
export * from "./removal-candidates";
export * from "./entitlements";
export * from "./reconciliation";
export * from "./rate-limits";
export * from "./test-clock";
