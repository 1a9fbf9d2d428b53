import "server-only";
import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgSequence,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { at, createdAt, currency, currencyCheck, money, oneOf, updatedAt } from "./columns";
import { integrationProfiles } from "./integration-profiles";
import { reclamationRules } from "./reclamation-rules";
import { softwareModels } from "./software-models";
import { softwareSubscriptions } from "./subscriptions";
import { directoryUsers } from "./user-directory";
import { users } from "./users";
import {
  CLOSED_REMOVAL_CANDIDATE_STATES,
  OPEN_REMOVAL_CANDIDATE_STATES,
  REMOVAL_CANDIDATE_STATE_LABELS,
  removalCandidateStateEnum as STATES,
  type RemovalCandidateState,
} from "./removal-candidate-labels";

/**
 * The eight states of product.md §5, exactly. An enum because the set is closed: the workflow, the
 * partial unique index below and the reference product all depend on it. The codes and their labels
 * live in removal-candidate-labels.ts, importable by client components.
 */
export const removalCandidateStateEnum = pgEnum("removal_candidate_state", STATES);
export { CLOSED_REMOVAL_CANDIDATE_STATES, OPEN_REMOVAL_CANDIDATE_STATES, REMOVAL_CANDIDATE_STATE_LABELS, type RemovalCandidateState };

/** Stored as a code; `REMOVAL_JUSTIFICATION_LABELS` gives the text shown ("Low Usage"). */
export const REMOVAL_JUSTIFICATIONS = ["low_usage"] as const;
export type RemovalJustification = (typeof REMOVAL_JUSTIFICATIONS)[number];
export const REMOVAL_JUSTIFICATION_LABELS: Record<RemovalJustification, string> = {
  low_usage: "Low Usage",
};

/** The notified user's answer through the signed link: **Keep** or **Release**. */
export const USER_RESPONSES = ["keep", "release"] as const;
export type UserResponse = (typeof USER_RESPONSES)[number];
export const USER_RESPONSE_LABELS: Record<UserResponse, string> = { keep: "Keep", release: "Release" };

/** A sam_admin's decision on an Awaiting Approval candidate: reclaim anyway, or let the user keep it. */
export const APPROVAL_DECISIONS = ["approved", "declined"] as const;
export type ApprovalDecision = (typeof APPROVAL_DECISIONS)[number];

/** The evidence snapshot a candidate keeps (see `removalCandidates.evidence`). */
export type CandidateEvidence = {
  lastActivityAt?: string | null;
  subscriptionAssignedAt?: string | null;
  subscriptionIdentifier?: string;
  /** When the download that read these values ended. */
  readAt?: string | null;
  thresholdDays?: number;
  gracePeriodDays?: number;
  ruleName?: string;
  unitCost?: string | null;
  subscriptionPeriod?: string | null;
};

/**
 * Candidate numbers come from a sequence, not from `max(number) + 1`, so that concurrent rule
 * evaluations never hand out the same number. The maximum keeps the number at seven digits: beyond it
 * `nextval` fails loudly, where `lpad` would silently cut the number and collide.
 *
 * The default is evaluated before a conflict is detected, so every insert that fails or is skipped by
 * `on conflict do nothing` still uses up a number. Rule evaluation must therefore insert only
 * subscriptions that have no open candidate (`where not exists (…)`) rather than lean on the unique
 * index to skip them; otherwise each daily run burns one number per open candidate.
 */
export const removalCandidateNumberSeq = pgSequence("removal_candidate_number_seq", {
  startWith: 1,
  minValue: 1,
  maxValue: 9999999,
  increment: 1,
});

/**
 * **Removal candidates** (product.md §5). A candidate is history once closed, so it survives the
 * deletion of its subscription, rule, profile or model (set null); it keeps the user principal name
 * and the model it was about so that closed candidates and actual savings still read correctly.
 */
export const removalCandidates = pgTable(
  "removal_candidates",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    number: text("number")
      .notNull()
      .default(sql`'RCC' || lpad(nextval('removal_candidate_number_seq')::text, 7, '0')`),
    state: removalCandidateStateEnum("state").notNull().default("ready"),
    justification: text("justification").$type<RemovalJustification>().notNull().default("low_usage"),

    subscriptionId: uuid("subscription_id").references(() => softwareSubscriptions.id, { onDelete: "set null" }),
    ruleId: uuid("rule_id").references(() => reclamationRules.id, { onDelete: "set null" }),
    profileId: uuid("profile_id").references(() => integrationProfiles.id, { onDelete: "set null" }),
    softwareModelId: uuid("software_model_id").references(() => softwareModels.id, { onDelete: "set null" }),
    /** The subscription's user when the candidate was made; empty + Notify user = Attention Required. */
    directoryUserId: uuid("directory_user_id").references(() => directoryUsers.id, { onDelete: "set null" }),
    userPrincipalName: text("user_principal_name").notNull(),
    assignmentGroup: text("assignment_group"),

    inactiveDays: integer("inactive_days"),
    /** Unit cost from the model's entitlements; null when the model has no entitlement in use. */
    potentialSavings: money("potential_savings"),
    currency: currency(),
    /** The reason in words, e.g. "No activity for 94 days (threshold 60)". */
    reason: text("reason").notNull(),

    /**
     * What the candidate was made from, as read then: last activity, assignment, license, the rule's
     * threshold and grace, the unit cost. The record shows it; later downloads do not change it.
     */
    evidence: jsonb("evidence").$type<CandidateEvidence>().notNull().default({}),

    /**
     * The pg-boss job of the reclaim in flight (Awaiting Revocation). A retried or duplicated job
     * whose id is not this one changes nothing: the reclaim runs once.
     */
    reclaimJobId: uuid("reclaim_job_id"),
    reclaimRequestedBy: uuid("reclaim_requested_by").references(() => users.id, { onDelete: "set null" }),
    reclaimRequestedAt: at("reclaim_requested_at"),
    /**
     * Set just before the vendor is asked to deactivate: a retried attempt that then finds the
     * member inactive knows it was this reclaim (verify and complete), not someone else (skip).
     */
    deactivationSentAt: at("deactivation_sent_at"),
    /** Set by Restore: the member was reactivated and the saving reversed. */
    restoredAt: at("restored_at"),
    restoredBy: uuid("restored_by").references(() => users.id, { onDelete: "set null" }),

    /** The vendor's error of the last failed reclaim (Attention Required), and since when it stands. */
    vendorError: text("vendor_error"),
    errorSince: at("error_since"),

    /** Copied from the rule at creation: later rule edits do not change a running workflow. */
    notifyUser: boolean("notify_user").notNull().default(false),
    notifiedAt: at("notified_at"),
    /** When an unanswered notification turns into a reclaim. */
    responseDueAt: at("response_due_at"),
    /** SHA-256 of the token in the signed Keep/Release link: single use, unusable from a DB read. */
    responseTokenHash: text("response_token_hash"),
    userResponse: text("user_response").$type<UserResponse>(),
    respondedAt: at("responded_at"),
    approvalDecision: text("approval_decision").$type<ApprovalDecision>(),
    approvalBy: uuid("approval_by").references(() => users.id, { onDelete: "set null" }),
    approvalAt: at("approval_at"),

    /** Why the last notice could not be sent (the candidate stays Ready and the notice is retried). */
    noticeError: text("notice_error"),
    reminderSentAt: at("reminder_sent_at"),

    closedAt: at("closed_at"),
    closedBy: uuid("closed_by").references(() => users.id, { onDelete: "set null" }),
    /** Why it closed, e.g. "Activity detected", "Profile deleted", "Subscription no longer listed". */
    closeReason: text("close_reason"),
    /** Recorded on Closed Complete: the seat's cost that is no longer paid. */
    actualSavings: money("actual_savings"),

    /** Opened. */
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // The list sorts `asc nulls first` / `desc nulls last` with the number as tie-breaker (lib/table/sql.ts):
    // these indexes are declared in that order so that a page walks the index, either way.
    uniqueIndex("removal_candidates_number_uq").on(t.number.asc().nullsFirst()),
    // No duplicate open candidate per subscription (product.md §5), enforced by the database so that
    // two evaluations racing cannot both insert one.
    uniqueIndex("removal_candidates_one_open_per_subscription_uq")
      .on(t.subscriptionId)
      .where(sql`${oneOf(t.state, OPEN_REMOVAL_CANDIDATE_STATES)}`),
    // The foreign key's `set null` (a profile deletion removes many subscriptions at once) and the
    // subscription's history of candidates.
    index("removal_candidates_subscription_idx").on(t.subscriptionId),
    // The list, filtered by state and sorted by number (keyset on the unique number).
    index("removal_candidates_state_number_idx").on(t.state, t.number.asc().nullsFirst()),
    index("removal_candidates_profile_number_idx").on(t.profileId, t.number.asc().nullsFirst()),
    index("removal_candidates_inactive_days_idx").on(t.inactiveDays.asc().nullsFirst(), t.number.asc().nullsFirst()),
    // Search by user ('%…%'): a trigram index, as the subscriptions' (pg_trgm, migration 0003).
    index("removal_candidates_upn_trgm_idx").using("gin", sql`${t.userPrincipalName} gin_trgm_ops`),
    index("removal_candidates_profile_state_idx").on(t.profileId, t.state),
    // Potential savings per model (open candidates) and the model's foreign key.
    index("removal_candidates_model_state_idx").on(t.softwareModelId, t.state),
    index("removal_candidates_rule_idx").on(t.ruleId),
    index("removal_candidates_directory_user_idx").on(t.directoryUserId),
    // Actual savings year to date.
    index("removal_candidates_closed_complete_idx")
      .on(t.closedAt)
      .where(sql`${t.state} = 'closed_complete'`),
    // The daily pass that reclaims unanswered notifications.
    index("removal_candidates_response_due_idx")
      .on(t.responseDueAt)
      .where(sql`${t.state} = 'awaiting_user'`),
    uniqueIndex("removal_candidates_response_token_uq")
      .on(t.responseTokenHash)
      .where(sql`${t.responseTokenHash} is not null`),

    // A candidate is closed exactly when it has a closing time.
    check(
      "removal_candidates_closed_check",
      sql`(${oneOf(t.state, CLOSED_REMOVAL_CANDIDATE_STATES)}) = (${t.closedAt} is not null)`,
    ),
    check("removal_candidates_number_check", sql`${t.number} ~ '^RCC[0-9]{7}$'`),
    check("removal_candidates_justification_check", oneOf(t.justification, REMOVAL_JUSTIFICATIONS)),
    check(
      "removal_candidates_user_response_check",
      sql`${t.userResponse} is null or ${oneOf(t.userResponse, USER_RESPONSES)}`,
    ),
    check(
      "removal_candidates_approval_check",
      sql`${t.approvalDecision} is null or ${oneOf(t.approvalDecision, APPROVAL_DECISIONS)}`,
    ),
    check(
      "removal_candidates_money_check",
      sql`coalesce(${t.potentialSavings}, 0) >= 0 and coalesce(${t.actualSavings}, 0) >= 0`,
    ),
    check(
      "removal_candidates_actual_savings_check",
      sql`${t.actualSavings} is null or ${t.state} = 'closed_complete'`,
    ),
    check(
      "removal_candidates_currency_check",
      sql`${t.currency} is null or ${currencyCheck(t.currency)}`,
    ),
    check(
      "removal_candidates_currency_required_check",
      sql`(${t.potentialSavings} is null and ${t.actualSavings} is null) or ${t.currency} is not null`,
    ),
    check("removal_candidates_inactive_days_check", sql`${t.inactiveDays} is null or ${t.inactiveDays} >= 0`),
  ],
);

export type RemovalCandidate = typeof removalCandidates.$inferSelect;
export type NewRemovalCandidate = typeof removalCandidates.$inferInsert;

/** What one line of a candidate's history is: its creation, a state change, a vendor call, a note. */
export const CANDIDATE_EVENT_KINDS = ["created", "state", "vendor", "note"] as const;
export type CandidateEventKind = (typeof CANDIDATE_EVENT_KINDS)[number];

/**
 * A candidate's history, shown on its record: every state change with who and when, the vendor's
 * calls and answers in words, and work notes. Append-only; goes with its candidate.
 */
export const removalCandidateEvents = pgTable(
  "removal_candidate_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    candidateId: uuid("candidate_id")
      .notNull()
      .references(() => removalCandidates.id, { onDelete: "cascade" }),
    // clock_timestamp(), not now(): several lines written in one transaction keep their order.
    at: at("at").notNull().default(sql`clock_timestamp()`),
    kind: text("kind").$type<CandidateEventKind>().notNull(),
    fromState: removalCandidateStateEnum("from_state"),
    toState: removalCandidateStateEnum("to_state"),
    /** The person, when a person acted; jobs leave it null and name themselves in `actorLabel`. */
    actorUserId: uuid("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    actorLabel: text("actor_label").notNull(),
    text: text("text").notNull(),
  },
  (t) => [
    index("removal_candidate_events_candidate_idx").on(t.candidateId, t.at),
    check("removal_candidate_events_kind_check", oneOf(t.kind, CANDIDATE_EVENT_KINDS)),
  ],
);

export type RemovalCandidateEvent = typeof removalCandidateEvents.$inferSelect;

/** The emails a notified person receives: the notice, one reminder, and the answer to their Keep. */
export const CANDIDATE_EMAIL_KINDS = ["notice", "reminder", "declined"] as const;
export type CandidateEmailKind = (typeof CANDIDATE_EMAIL_KINDS)[number];

/**
 * Every email about a candidate, one row per kind (never the same notice twice). A notice and a
 * reminder carry their own Keep/Release link: only the SHA-256 of its random token is kept, valid
 * while the candidate is Awaiting User and until its date.
 */
export const candidateEmails = pgTable(
  "candidate_emails",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    candidateId: uuid("candidate_id")
      .notNull()
      .references(() => removalCandidates.id, { onDelete: "cascade" }),
    kind: text("kind").$type<CandidateEmailKind>().notNull(),
    recipient: text("recipient").notNull(),
    subject: text("subject").notNull(),
    tokenHash: text("token_hash"),
    sentAt: at("sent_at"),
    /** The last delivery error, in words; cleared when it goes out. */
    error: text("error"),
    attempts: integer("attempts").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("candidate_emails_candidate_kind_uq").on(t.candidateId, t.kind),
    uniqueIndex("candidate_emails_token_uq").on(t.tokenHash).where(sql`${t.tokenHash} is not null`),
    check("candidate_emails_kind_check", oneOf(t.kind, CANDIDATE_EMAIL_KINDS)),
  ],
);

export type CandidateEmail = typeof candidateEmails.$inferSelect;
