CREATE TYPE "public"."job_state" AS ENUM('queued', 'running', 'completed', 'failed');--> statement-breakpoint
CREATE TYPE "public"."removal_candidate_state" AS ENUM('attention_required', 'ready', 'awaiting_user', 'awaiting_approval', 'awaiting_revocation', 'closed_complete', 'closed_skipped', 'closed_canceled');--> statement-breakpoint
CREATE SEQUENCE "public"."removal_candidate_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9999999 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"password_hash" text NOT NULL,
	"roles" text[] DEFAULT '{}'::text[] NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_sign_in_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" uuid,
	"actor_label" text NOT NULL,
	"action" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text,
	"summary" text NOT NULL,
	"before" jsonb,
	"after" jsonb
);
--> statement-breakpoint
CREATE TABLE "directory_users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"email" text,
	"user_name" text,
	"manager_id" uuid,
	"department" text,
	"cost_center" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "connection_aliases" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"vendor_id" text NOT NULL,
	"kind" text NOT NULL,
	"parent_alias_id" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "connection_aliases_kind_check" CHECK ("connection_aliases"."kind" in ('oauth', 'api_token')),
	CONSTRAINT "connection_aliases_id_format_check" CHECK ("connection_aliases"."id" ~ '^[A-Za-z0-9_]+\.[A-Za-z0-9_]+$'),
	CONSTRAINT "connection_aliases_not_own_parent_check" CHECK ("connection_aliases"."parent_alias_id" is distinct from "connection_aliases"."id")
);
--> statement-breakpoint
CREATE TABLE "connections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"alias_id" text NOT NULL,
	"name" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"client_id" text,
	"redirect_url" text,
	"access_token_expires_at" timestamp with time zone,
	"refresh_token_expires_at" timestamp with time zone,
	"token_obtained_at" timestamp with time zone,
	"last_refreshed_at" timestamp with time zone,
	"scopes" text[] DEFAULT '{}'::text[] NOT NULL,
	"token_context" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"client_secret_enc" text,
	"access_token_enc" text,
	"refresh_token_enc" text,
	"api_token_enc" text,
	"token_version" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"last_error_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "connections_status_check" CHECK ("connections"."status" in ('pending', 'active', 'inactive')),
	CONSTRAINT "connections_token_version_check" CHECK ("connections"."token_version" >= 0)
);
--> statement-breakpoint
CREATE TABLE "oauth_states" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"state_hash" text NOT NULL,
	"user_id" uuid NOT NULL,
	"connection_id" uuid NOT NULL,
	"return_path" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"consumed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "oauth_states_return_path_check" CHECK ("oauth_states"."return_path" ~ '^/([^/\\]|$)')
);
--> statement-breakpoint
CREATE TABLE "integration_profiles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"display_name" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"profile_type" text NOT NULL,
	"vendor_id" text NOT NULL,
	"download_connection_alias_id" text,
	"reclaim_enabled" boolean DEFAULT true NOT NULL,
	"reclaim_connection_alias_id" text,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"last_validated_at" timestamp with time zone,
	"last_validated_by" uuid,
	"last_validation_result" jsonb,
	"published_at" timestamp with time zone,
	"published_by" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "integration_profiles_status_check" CHECK ("integration_profiles"."status" in ('draft', 'published')),
	CONSTRAINT "integration_profiles_display_name_check" CHECK (length(btrim("integration_profiles"."display_name")) > 0),
	CONSTRAINT "integration_profiles_published_check" CHECK ("integration_profiles"."status" <> 'published' or ("integration_profiles"."download_connection_alias_id" is not null and "integration_profiles"."published_at" is not null)),
	CONSTRAINT "integration_profiles_settings_object_check" CHECK (jsonb_typeof("integration_profiles"."settings") = 'object')
);
--> statement-breakpoint
CREATE TABLE "software_models" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"display_name" text NOT NULL,
	"publisher" text NOT NULL,
	"product" text NOT NULL,
	"edition" text,
	"status" text DEFAULT 'in_production' NOT NULL,
	"source" text DEFAULT 'auto' NOT NULL,
	"profile_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "software_models_status_check" CHECK ("software_models"."status" in ('in_production', 'retired')),
	CONSTRAINT "software_models_source_check" CHECK ("software_models"."source" in ('auto', 'custom')),
	CONSTRAINT "software_models_display_name_check" CHECK (length(btrim("software_models"."display_name")) > 0)
);
--> statement-breakpoint
CREATE TABLE "subscription_identifiers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"profile_type" text,
	"profile_id" uuid,
	"identifier" text NOT NULL,
	"software_model_id" uuid NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "subscription_identifiers_scope_check" CHECK (num_nonnulls("subscription_identifiers"."profile_type", "subscription_identifiers"."profile_id") = 1)
);
--> statement-breakpoint
CREATE TABLE "unrecognized_subscription_identifiers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"profile_id" uuid NOT NULL,
	"identifier" text NOT NULL,
	"subscription_count" integer DEFAULT 0 NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	"resolved_by" uuid,
	"resolved_model_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "unrecognized_identifiers_count_check" CHECK ("unrecognized_subscription_identifiers"."subscription_count" >= 0)
);
--> statement-breakpoint
CREATE TABLE "software_subscriptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"profile_id" uuid NOT NULL,
	"external_user_id" text NOT NULL,
	"user_principal_name" text NOT NULL,
	"display_name" text,
	"subscription_identifier" text NOT NULL,
	"software_model_id" uuid,
	"last_activity_at" timestamp with time zone,
	"subscription_assigned_at" timestamp with time zone,
	"active" boolean DEFAULT true NOT NULL,
	"role" text,
	"excluded" boolean DEFAULT false NOT NULL,
	"identifier_exclusion_rule_id" uuid,
	"user_exclusion_rule_id" uuid,
	"directory_user_id" uuid,
	"user_set_manually" boolean DEFAULT false NOT NULL,
	"last_seen_run_id" uuid,
	"removed_at" timestamp with time zone,
	"removal_reason" text,
	"vendor_attributes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "software_subscriptions_removal_check" CHECK (("software_subscriptions"."removed_at" is null) = ("software_subscriptions"."removal_reason" is null)),
	CONSTRAINT "software_subscriptions_removal_reason_check" CHECK ("software_subscriptions"."removal_reason" is null or "software_subscriptions"."removal_reason" in ('vendor_removed', 'reclaimed')),
	CONSTRAINT "software_subscriptions_exclusion_check" CHECK ("software_subscriptions"."excluded" or ("software_subscriptions"."identifier_exclusion_rule_id" is null and "software_subscriptions"."user_exclusion_rule_id" is null)),
	CONSTRAINT "software_subscriptions_manual_user_check" CHECK (not "software_subscriptions"."user_set_manually" or "software_subscriptions"."directory_user_id" is not null)
);
--> statement-breakpoint
CREATE TABLE "subscription_identifier_exclusion_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"profile_type" text NOT NULL,
	"identifier" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"reason" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "identifier_exclusion_rules_identifier_check" CHECK (length(btrim("subscription_identifier_exclusion_rules"."identifier")) > 0)
);
--> statement-breakpoint
CREATE TABLE "subscription_user_exclusion_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_principal_name" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"reason" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "user_exclusion_rules_upn_check" CHECK (length(btrim("subscription_user_exclusion_rules"."user_principal_name")) > 0)
);
--> statement-breakpoint
CREATE TABLE "user_resolution_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"position" integer NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"profile_id" uuid,
	"source_attribute" text DEFAULT 'user_principal_name' NOT NULL,
	"match_pattern" text,
	"transform" text DEFAULT 'none' NOT NULL,
	"new_domain" text,
	"lookup_attribute" text DEFAULT 'email' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "user_resolution_rules_source_check" CHECK ("user_resolution_rules"."source_attribute" in ('user_principal_name', 'external_user_id')),
	CONSTRAINT "user_resolution_rules_transform_check" CHECK ("user_resolution_rules"."transform" in ('none', 'remove_domain', 'replace_domain')),
	CONSTRAINT "user_resolution_rules_lookup_check" CHECK ("user_resolution_rules"."lookup_attribute" in ('email', 'user_name')),
	CONSTRAINT "user_resolution_rules_new_domain_check" CHECK (("user_resolution_rules"."transform" = 'replace_domain') = ("user_resolution_rules"."new_domain" is not null))
);
--> statement-breakpoint
CREATE TABLE "job_results" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"job_id" uuid NOT NULL,
	"profile_id" uuid,
	"state" "job_state" DEFAULT 'queued' NOT NULL,
	"trigger" text DEFAULT 'schedule' NOT NULL,
	"triggered_by" uuid,
	"pg_boss_job_id" text,
	"started_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"pages" integer DEFAULT 0 NOT NULL,
	"members_read" integer DEFAULT 0 NOT NULL,
	"total_expected" integer,
	"subscriptions_created" integer DEFAULT 0 NOT NULL,
	"subscriptions_updated" integer DEFAULT 0 NOT NULL,
	"subscriptions_unchanged" integer DEFAULT 0 NOT NULL,
	"subscriptions_removed" integer DEFAULT 0 NOT NULL,
	"subscriptions_excluded" integer DEFAULT 0 NOT NULL,
	"unrecognized_identifiers" integer DEFAULT 0 NOT NULL,
	"http_retries" integer DEFAULT 0 NOT NULL,
	"rate_limited" integer DEFAULT 0 NOT NULL,
	"error_text" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "job_results_trigger_check" CHECK ("job_results"."trigger" in ('schedule', 'manual', 'publish')),
	CONSTRAINT "job_results_counts_check" CHECK (least("job_results"."pages", "job_results"."members_read", "job_results"."subscriptions_created", "job_results"."subscriptions_updated", "job_results"."subscriptions_unchanged", "job_results"."subscriptions_removed", "job_results"."subscriptions_excluded", "job_results"."unrecognized_identifiers", "job_results"."http_retries", "job_results"."rate_limited") >= 0),
	CONSTRAINT "job_results_ended_check" CHECK ("job_results"."state" in ('queued', 'running') or "job_results"."ended_at" is not null)
);
--> statement-breakpoint
CREATE TABLE "scheduled_jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"profile_id" uuid,
	"cron" text NOT NULL,
	"time_zone" text DEFAULT 'UTC' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"next_run_at" timestamp with time zone,
	"last_run_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reclamation_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"software_model_id" uuid,
	"profile_id" uuid,
	"last_activity_threshold_days" integer DEFAULT 60 NOT NULL,
	"notify_user" boolean DEFAULT false NOT NULL,
	"days_before_auto_reclamation" integer,
	"create_candidates" boolean DEFAULT true NOT NULL,
	"assignment_group" text,
	"grace_period_days" integer DEFAULT 30 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reclamation_rules_threshold_check" CHECK ("reclamation_rules"."last_activity_threshold_days" between 1 and 3650),
	CONSTRAINT "reclamation_rules_grace_check" CHECK ("reclamation_rules"."grace_period_days" between 0 and 3650),
	CONSTRAINT "reclamation_rules_auto_days_check" CHECK ("reclamation_rules"."days_before_auto_reclamation" is null or "reclamation_rules"."days_before_auto_reclamation" between 1 and 365),
	CONSTRAINT "reclamation_rules_notify_check" CHECK (not "reclamation_rules"."notify_user" or "reclamation_rules"."days_before_auto_reclamation" is not null)
);
--> statement-breakpoint
CREATE TABLE "removal_candidates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text DEFAULT 'RCC' || lpad(nextval('removal_candidate_number_seq')::text, 7, '0') NOT NULL,
	"state" "removal_candidate_state" DEFAULT 'ready' NOT NULL,
	"justification" text DEFAULT 'low_usage' NOT NULL,
	"subscription_id" uuid,
	"rule_id" uuid,
	"profile_id" uuid,
	"software_model_id" uuid,
	"directory_user_id" uuid,
	"user_principal_name" text NOT NULL,
	"assignment_group" text,
	"inactive_days" integer,
	"potential_savings" numeric(14, 2),
	"currency" text,
	"reason" text NOT NULL,
	"vendor_error" text,
	"error_since" timestamp with time zone,
	"notify_user" boolean DEFAULT false NOT NULL,
	"notified_at" timestamp with time zone,
	"response_due_at" timestamp with time zone,
	"response_token_hash" text,
	"user_response" text,
	"responded_at" timestamp with time zone,
	"approval_decision" text,
	"approval_by" uuid,
	"approval_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"closed_by" uuid,
	"close_reason" text,
	"actual_savings" numeric(14, 2),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "removal_candidates_closed_check" CHECK (("removal_candidates"."state" in ('closed_complete', 'closed_skipped', 'closed_canceled')) = ("removal_candidates"."closed_at" is not null)),
	CONSTRAINT "removal_candidates_number_check" CHECK ("removal_candidates"."number" ~ '^RCC[0-9]{7}$'),
	CONSTRAINT "removal_candidates_justification_check" CHECK ("removal_candidates"."justification" in ('low_usage')),
	CONSTRAINT "removal_candidates_user_response_check" CHECK ("removal_candidates"."user_response" is null or "removal_candidates"."user_response" in ('keep', 'release')),
	CONSTRAINT "removal_candidates_approval_check" CHECK ("removal_candidates"."approval_decision" is null or "removal_candidates"."approval_decision" in ('approved', 'declined')),
	CONSTRAINT "removal_candidates_money_check" CHECK (coalesce("removal_candidates"."potential_savings", 0) >= 0 and coalesce("removal_candidates"."actual_savings", 0) >= 0),
	CONSTRAINT "removal_candidates_actual_savings_check" CHECK ("removal_candidates"."actual_savings" is null or "removal_candidates"."state" = 'closed_complete'),
	CONSTRAINT "removal_candidates_currency_check" CHECK ("removal_candidates"."currency" is null or "removal_candidates"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "removal_candidates_currency_required_check" CHECK (("removal_candidates"."potential_savings" is null and "removal_candidates"."actual_savings" is null) or "removal_candidates"."currency" is not null),
	CONSTRAINT "removal_candidates_inactive_days_check" CHECK ("removal_candidates"."inactive_days" is null or "removal_candidates"."inactive_days" >= 0)
);
--> statement-breakpoint
CREATE TABLE "entitlements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"display_name" text,
	"software_model_id" uuid NOT NULL,
	"license_metric" text DEFAULT 'user_subscription' NOT NULL,
	"purchased_rights" integer NOT NULL,
	"unit_cost" numeric(14, 2) NOT NULL,
	"currency" text DEFAULT 'USD' NOT NULL,
	"subscription_period" text DEFAULT 'annually' NOT NULL,
	"start_date" date,
	"end_date" date,
	"cost_center" text,
	"state" text DEFAULT 'in_use' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "entitlements_metric_check" CHECK ("entitlements"."license_metric" in ('user_subscription')),
	CONSTRAINT "entitlements_period_check" CHECK ("entitlements"."subscription_period" in ('monthly', 'annually')),
	CONSTRAINT "entitlements_state_check" CHECK ("entitlements"."state" in ('build', 'on_order', 'in_use', 'retired')),
	CONSTRAINT "entitlements_rights_check" CHECK ("entitlements"."purchased_rights" >= 0),
	CONSTRAINT "entitlements_unit_cost_check" CHECK ("entitlements"."unit_cost" >= 0),
	CONSTRAINT "entitlements_currency_check" CHECK ("entitlements"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "entitlements_dates_check" CHECK ("entitlements"."end_date" is null or "entitlements"."start_date" is null or "entitlements"."end_date" >= "entitlements"."start_date")
);
--> statement-breakpoint
CREATE TABLE "reconciliation_results" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"run_id" uuid NOT NULL,
	"software_model_id" uuid NOT NULL,
	"rights_owned" integer NOT NULL,
	"rights_used" integer NOT NULL,
	"rights_available" integer NOT NULL,
	"unlicensed_subscriptions" integer NOT NULL,
	"compliant" boolean NOT NULL,
	"excluded_subscriptions" integer DEFAULT 0 NOT NULL,
	"unit_cost" numeric(14, 2),
	"over_licensed_amount" numeric(14, 2),
	"true_up_cost" numeric(14, 2),
	"potential_savings" numeric(14, 2) DEFAULT '0' NOT NULL,
	"actual_savings" numeric(14, 2) DEFAULT '0' NOT NULL,
	"currency" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reconciliation_results_counts_check" CHECK (least("reconciliation_results"."rights_owned", "reconciliation_results"."rights_used", "reconciliation_results"."rights_available", "reconciliation_results"."unlicensed_subscriptions", "reconciliation_results"."excluded_subscriptions") >= 0),
	CONSTRAINT "reconciliation_results_arithmetic_check" CHECK ("reconciliation_results"."rights_available" = greatest("reconciliation_results"."rights_owned" - "reconciliation_results"."rights_used", 0)
        and "reconciliation_results"."unlicensed_subscriptions" = greatest("reconciliation_results"."rights_used" - "reconciliation_results"."rights_owned", 0)),
	CONSTRAINT "reconciliation_results_compliant_check" CHECK ("reconciliation_results"."compliant" = ("reconciliation_results"."unlicensed_subscriptions" = 0)),
	CONSTRAINT "reconciliation_results_money_check" CHECK (coalesce("reconciliation_results"."unit_cost", 0) >= 0 and coalesce("reconciliation_results"."over_licensed_amount", 0) >= 0
        and coalesce("reconciliation_results"."true_up_cost", 0) >= 0 and "reconciliation_results"."potential_savings" >= 0 and "reconciliation_results"."actual_savings" >= 0),
	CONSTRAINT "reconciliation_results_currency_check" CHECK ("reconciliation_results"."currency" is null or "reconciliation_results"."currency" ~ '^[A-Z]{3}$')
);
--> statement-breakpoint
CREATE TABLE "reconciliation_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"state" "job_state" DEFAULT 'queued' NOT NULL,
	"job_result_id" uuid,
	"triggered_by" uuid,
	"started_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"error_text" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reconciliation_runs_ended_check" CHECK ("reconciliation_runs"."state" in ('queued', 'running') or "reconciliation_runs"."ended_at" is not null)
);
--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_users" ADD CONSTRAINT "directory_users_manager_id_directory_users_id_fk" FOREIGN KEY ("manager_id") REFERENCES "public"."directory_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "connection_aliases" ADD CONSTRAINT "connection_aliases_parent_alias_id_connection_aliases_id_fk" FOREIGN KEY ("parent_alias_id") REFERENCES "public"."connection_aliases"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "connection_aliases" ADD CONSTRAINT "connection_aliases_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "connections" ADD CONSTRAINT "connections_alias_id_connection_aliases_id_fk" FOREIGN KEY ("alias_id") REFERENCES "public"."connection_aliases"("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "connections" ADD CONSTRAINT "connections_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oauth_states" ADD CONSTRAINT "oauth_states_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oauth_states" ADD CONSTRAINT "oauth_states_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integration_profiles" ADD CONSTRAINT "integration_profiles_last_validated_by_users_id_fk" FOREIGN KEY ("last_validated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integration_profiles" ADD CONSTRAINT "integration_profiles_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integration_profiles" ADD CONSTRAINT "integration_profiles_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integration_profiles" ADD CONSTRAINT "integration_profiles_download_alias_fk" FOREIGN KEY ("download_connection_alias_id") REFERENCES "public"."connection_aliases"("id") ON DELETE restrict ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "integration_profiles" ADD CONSTRAINT "integration_profiles_reclaim_alias_fk" FOREIGN KEY ("reclaim_connection_alias_id") REFERENCES "public"."connection_aliases"("id") ON DELETE restrict ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "software_models" ADD CONSTRAINT "software_models_profile_id_integration_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "public"."integration_profiles"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "software_models" ADD CONSTRAINT "software_models_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscription_identifiers" ADD CONSTRAINT "subscription_identifiers_profile_id_integration_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "public"."integration_profiles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscription_identifiers" ADD CONSTRAINT "subscription_identifiers_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscription_identifiers" ADD CONSTRAINT "subscription_identifiers_model_fk" FOREIGN KEY ("software_model_id") REFERENCES "public"."software_models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unrecognized_subscription_identifiers" ADD CONSTRAINT "unrecognized_subscription_identifiers_resolved_by_users_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unrecognized_subscription_identifiers" ADD CONSTRAINT "unrecognized_identifiers_profile_fk" FOREIGN KEY ("profile_id") REFERENCES "public"."integration_profiles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unrecognized_subscription_identifiers" ADD CONSTRAINT "unrecognized_identifiers_resolved_model_fk" FOREIGN KEY ("resolved_model_id") REFERENCES "public"."software_models"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "software_subscriptions" ADD CONSTRAINT "software_subscriptions_profile_id_integration_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "public"."integration_profiles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "software_subscriptions" ADD CONSTRAINT "software_subscriptions_software_model_id_software_models_id_fk" FOREIGN KEY ("software_model_id") REFERENCES "public"."software_models"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "software_subscriptions" ADD CONSTRAINT "software_subscriptions_directory_user_id_directory_users_id_fk" FOREIGN KEY ("directory_user_id") REFERENCES "public"."directory_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "software_subscriptions" ADD CONSTRAINT "software_subscriptions_identifier_rule_fk" FOREIGN KEY ("identifier_exclusion_rule_id") REFERENCES "public"."subscription_identifier_exclusion_rules"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "software_subscriptions" ADD CONSTRAINT "software_subscriptions_user_rule_fk" FOREIGN KEY ("user_exclusion_rule_id") REFERENCES "public"."subscription_user_exclusion_rules"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscription_identifier_exclusion_rules" ADD CONSTRAINT "subscription_identifier_exclusion_rules_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscription_user_exclusion_rules" ADD CONSTRAINT "subscription_user_exclusion_rules_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_resolution_rules" ADD CONSTRAINT "user_resolution_rules_profile_id_integration_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "public"."integration_profiles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_resolution_rules" ADD CONSTRAINT "user_resolution_rules_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_results" ADD CONSTRAINT "job_results_job_id_scheduled_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."scheduled_jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_results" ADD CONSTRAINT "job_results_profile_id_integration_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "public"."integration_profiles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_results" ADD CONSTRAINT "job_results_triggered_by_users_id_fk" FOREIGN KEY ("triggered_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scheduled_jobs" ADD CONSTRAINT "scheduled_jobs_profile_id_integration_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "public"."integration_profiles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scheduled_jobs" ADD CONSTRAINT "scheduled_jobs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reclamation_rules" ADD CONSTRAINT "reclamation_rules_software_model_id_software_models_id_fk" FOREIGN KEY ("software_model_id") REFERENCES "public"."software_models"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reclamation_rules" ADD CONSTRAINT "reclamation_rules_profile_id_integration_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "public"."integration_profiles"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reclamation_rules" ADD CONSTRAINT "reclamation_rules_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "removal_candidates" ADD CONSTRAINT "removal_candidates_subscription_id_software_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."software_subscriptions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "removal_candidates" ADD CONSTRAINT "removal_candidates_rule_id_reclamation_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."reclamation_rules"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "removal_candidates" ADD CONSTRAINT "removal_candidates_profile_id_integration_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "public"."integration_profiles"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "removal_candidates" ADD CONSTRAINT "removal_candidates_software_model_id_software_models_id_fk" FOREIGN KEY ("software_model_id") REFERENCES "public"."software_models"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "removal_candidates" ADD CONSTRAINT "removal_candidates_directory_user_id_directory_users_id_fk" FOREIGN KEY ("directory_user_id") REFERENCES "public"."directory_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "removal_candidates" ADD CONSTRAINT "removal_candidates_approval_by_users_id_fk" FOREIGN KEY ("approval_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "removal_candidates" ADD CONSTRAINT "removal_candidates_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entitlements" ADD CONSTRAINT "entitlements_software_model_id_software_models_id_fk" FOREIGN KEY ("software_model_id") REFERENCES "public"."software_models"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entitlements" ADD CONSTRAINT "entitlements_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconciliation_results" ADD CONSTRAINT "reconciliation_results_run_id_reconciliation_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."reconciliation_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconciliation_results" ADD CONSTRAINT "reconciliation_results_software_model_id_software_models_id_fk" FOREIGN KEY ("software_model_id") REFERENCES "public"."software_models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconciliation_runs" ADD CONSTRAINT "reconciliation_runs_job_result_id_job_results_id_fk" FOREIGN KEY ("job_result_id") REFERENCES "public"."job_results"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconciliation_runs" ADD CONSTRAINT "reconciliation_runs_triggered_by_users_id_fk" FOREIGN KEY ("triggered_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_lower_uq" ON "users" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "users_name_idx" ON "users" USING btree ("name");--> statement-breakpoint
CREATE INDEX "users_created_at_idx" ON "users" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "users_roles_gin" ON "users" USING gin ("roles");--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "audit_log_entity_idx" ON "audit_log" USING btree ("entity_type","entity_id");--> statement-breakpoint
CREATE INDEX "audit_log_actor_idx" ON "audit_log" USING btree ("actor_id");--> statement-breakpoint
CREATE INDEX "audit_log_action_idx" ON "audit_log" USING btree ("action");--> statement-breakpoint
CREATE INDEX "directory_users_email_lower_idx" ON "directory_users" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "directory_users_user_name_lower_idx" ON "directory_users" USING btree (lower("user_name"));--> statement-breakpoint
CREATE INDEX "directory_users_name_idx" ON "directory_users" USING btree ("name");--> statement-breakpoint
CREATE INDEX "directory_users_department_idx" ON "directory_users" USING btree ("department");--> statement-breakpoint
CREATE INDEX "connection_aliases_parent_idx" ON "connection_aliases" USING btree ("parent_alias_id");--> statement-breakpoint
CREATE INDEX "connection_aliases_vendor_idx" ON "connection_aliases" USING btree ("vendor_id");--> statement-breakpoint
CREATE UNIQUE INDEX "connections_one_active_per_alias_uq" ON "connections" USING btree ("alias_id") WHERE "connections"."status" = 'active';--> statement-breakpoint
CREATE INDEX "connections_alias_idx" ON "connections" USING btree ("alias_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "connections_access_expiry_idx" ON "connections" USING btree ("access_token_expires_at") WHERE "connections"."status" = 'active' and "connections"."access_token_expires_at" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "oauth_states_state_hash_uq" ON "oauth_states" USING btree ("state_hash");--> statement-breakpoint
CREATE INDEX "oauth_states_expires_at_idx" ON "oauth_states" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "oauth_states_connection_idx" ON "oauth_states" USING btree ("connection_id");--> statement-breakpoint
CREATE INDEX "oauth_states_user_idx" ON "oauth_states" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "integration_profiles_display_name_lower_uq" ON "integration_profiles" USING btree (lower("display_name"));--> statement-breakpoint
CREATE INDEX "integration_profiles_type_idx" ON "integration_profiles" USING btree ("profile_type");--> statement-breakpoint
CREATE INDEX "integration_profiles_status_idx" ON "integration_profiles" USING btree ("status");--> statement-breakpoint
CREATE INDEX "integration_profiles_download_alias_idx" ON "integration_profiles" USING btree ("download_connection_alias_id");--> statement-breakpoint
CREATE INDEX "integration_profiles_reclaim_alias_idx" ON "integration_profiles" USING btree ("reclaim_connection_alias_id");--> statement-breakpoint
CREATE INDEX "software_models_profile_idx" ON "software_models" USING btree ("profile_id");--> statement-breakpoint
CREATE INDEX "software_models_display_name_idx" ON "software_models" USING btree ("display_name","id");--> statement-breakpoint
CREATE INDEX "software_models_publisher_product_idx" ON "software_models" USING btree ("publisher","product");--> statement-breakpoint
CREATE UNIQUE INDEX "subscription_identifiers_type_identifier_uq" ON "subscription_identifiers" USING btree ("profile_type","identifier") WHERE "subscription_identifiers"."profile_id" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "subscription_identifiers_profile_identifier_uq" ON "subscription_identifiers" USING btree ("profile_id","identifier") WHERE "subscription_identifiers"."profile_id" is not null;--> statement-breakpoint
CREATE INDEX "subscription_identifiers_model_idx" ON "subscription_identifiers" USING btree ("software_model_id");--> statement-breakpoint
CREATE UNIQUE INDEX "unrecognized_identifiers_profile_identifier_uq" ON "unrecognized_subscription_identifiers" USING btree ("profile_id","identifier");--> statement-breakpoint
CREATE INDEX "unrecognized_identifiers_open_idx" ON "unrecognized_subscription_identifiers" USING btree ("last_seen_at" DESC NULLS LAST) WHERE "unrecognized_subscription_identifiers"."resolved_at" is null;--> statement-breakpoint
CREATE INDEX "unrecognized_identifiers_resolved_model_idx" ON "unrecognized_subscription_identifiers" USING btree ("resolved_model_id");--> statement-breakpoint
CREATE UNIQUE INDEX "software_subscriptions_profile_external_user_uq" ON "software_subscriptions" USING btree ("profile_id","external_user_id");--> statement-breakpoint
CREATE INDEX "software_subscriptions_last_activity_idx" ON "software_subscriptions" USING btree ("last_activity_at" NULLS FIRST,"id") WHERE "software_subscriptions"."removed_at" is null;--> statement-breakpoint
CREATE INDEX "software_subscriptions_profile_last_activity_idx" ON "software_subscriptions" USING btree ("profile_id","last_activity_at" NULLS FIRST,"id") WHERE "software_subscriptions"."removed_at" is null;--> statement-breakpoint
CREATE INDEX "software_subscriptions_profile_identifier_idx" ON "software_subscriptions" USING btree ("profile_id","subscription_identifier","id") WHERE "software_subscriptions"."removed_at" is null;--> statement-breakpoint
CREATE INDEX "software_subscriptions_model_idx" ON "software_subscriptions" USING btree ("software_model_id","id");--> statement-breakpoint
CREATE INDEX "software_subscriptions_reclaimable_idx" ON "software_subscriptions" USING btree ("software_model_id",coalesce("last_activity_at", "subscription_assigned_at")) WHERE "software_subscriptions"."removed_at" is null and "software_subscriptions"."active" and not "software_subscriptions"."excluded";--> statement-breakpoint
CREATE INDEX "software_subscriptions_upn_lower_idx" ON "software_subscriptions" USING btree (lower("user_principal_name"),"id") WHERE "software_subscriptions"."removed_at" is null;--> statement-breakpoint
CREATE INDEX "software_subscriptions_directory_user_idx" ON "software_subscriptions" USING btree ("directory_user_id");--> statement-breakpoint
CREATE INDEX "software_subscriptions_without_user_idx" ON "software_subscriptions" USING btree (lower("user_principal_name"),"id") WHERE "software_subscriptions"."directory_user_id" is null and "software_subscriptions"."removed_at" is null;--> statement-breakpoint
CREATE INDEX "software_subscriptions_excluded_idx" ON "software_subscriptions" USING btree ("profile_id","id") WHERE "software_subscriptions"."excluded" and "software_subscriptions"."removed_at" is null;--> statement-breakpoint
CREATE INDEX "software_subscriptions_identifier_rule_idx" ON "software_subscriptions" USING btree ("identifier_exclusion_rule_id") WHERE "software_subscriptions"."identifier_exclusion_rule_id" is not null;--> statement-breakpoint
CREATE INDEX "software_subscriptions_user_rule_idx" ON "software_subscriptions" USING btree ("user_exclusion_rule_id") WHERE "software_subscriptions"."user_exclusion_rule_id" is not null;--> statement-breakpoint
CREATE INDEX "software_subscriptions_removed_idx" ON "software_subscriptions" USING btree ("profile_id","removed_at" DESC NULLS LAST,"id") WHERE "software_subscriptions"."removed_at" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "identifier_exclusion_rules_type_identifier_uq" ON "subscription_identifier_exclusion_rules" USING btree ("profile_type","identifier");--> statement-breakpoint
CREATE UNIQUE INDEX "user_exclusion_rules_upn_lower_uq" ON "subscription_user_exclusion_rules" USING btree (lower("user_principal_name"));--> statement-breakpoint
CREATE INDEX "user_resolution_rules_position_idx" ON "user_resolution_rules" USING btree ("position","id");--> statement-breakpoint
CREATE INDEX "user_resolution_rules_profile_idx" ON "user_resolution_rules" USING btree ("profile_id");--> statement-breakpoint
CREATE INDEX "job_results_job_created_idx" ON "job_results" USING btree ("job_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "job_results_profile_created_idx" ON "job_results" USING btree ("profile_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "job_results_created_idx" ON "job_results" USING btree ("created_at" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "job_results_pg_boss_idx" ON "job_results" USING btree ("pg_boss_job_id");--> statement-breakpoint
CREATE UNIQUE INDEX "job_results_one_open_run_per_job_uq" ON "job_results" USING btree ("job_id") WHERE "job_results"."state" in ('queued', 'running');--> statement-breakpoint
CREATE UNIQUE INDEX "scheduled_jobs_name_lower_uq" ON "scheduled_jobs" USING btree (lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "scheduled_jobs_profile_kind_uq" ON "scheduled_jobs" USING btree ("profile_id","kind") WHERE "scheduled_jobs"."profile_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "scheduled_jobs_global_kind_uq" ON "scheduled_jobs" USING btree ("kind") WHERE "scheduled_jobs"."profile_id" is null;--> statement-breakpoint
CREATE INDEX "scheduled_jobs_next_run_idx" ON "scheduled_jobs" USING btree ("next_run_at") WHERE "scheduled_jobs"."active";--> statement-breakpoint
CREATE UNIQUE INDEX "reclamation_rules_model_uq" ON "reclamation_rules" USING btree ("software_model_id");--> statement-breakpoint
CREATE INDEX "reclamation_rules_profile_idx" ON "reclamation_rules" USING btree ("profile_id");--> statement-breakpoint
CREATE UNIQUE INDEX "removal_candidates_number_uq" ON "removal_candidates" USING btree ("number");--> statement-breakpoint
CREATE UNIQUE INDEX "removal_candidates_one_open_per_subscription_uq" ON "removal_candidates" USING btree ("subscription_id") WHERE "removal_candidates"."state" in ('attention_required', 'ready', 'awaiting_user', 'awaiting_approval', 'awaiting_revocation');--> statement-breakpoint
CREATE INDEX "removal_candidates_subscription_idx" ON "removal_candidates" USING btree ("subscription_id");--> statement-breakpoint
CREATE INDEX "removal_candidates_state_number_idx" ON "removal_candidates" USING btree ("state","number");--> statement-breakpoint
CREATE INDEX "removal_candidates_profile_state_idx" ON "removal_candidates" USING btree ("profile_id","state");--> statement-breakpoint
CREATE INDEX "removal_candidates_model_state_idx" ON "removal_candidates" USING btree ("software_model_id","state");--> statement-breakpoint
CREATE INDEX "removal_candidates_rule_idx" ON "removal_candidates" USING btree ("rule_id");--> statement-breakpoint
CREATE INDEX "removal_candidates_directory_user_idx" ON "removal_candidates" USING btree ("directory_user_id");--> statement-breakpoint
CREATE INDEX "removal_candidates_closed_complete_idx" ON "removal_candidates" USING btree ("closed_at") WHERE "removal_candidates"."state" = 'closed_complete';--> statement-breakpoint
CREATE INDEX "removal_candidates_response_due_idx" ON "removal_candidates" USING btree ("response_due_at") WHERE "removal_candidates"."state" = 'awaiting_user';--> statement-breakpoint
CREATE UNIQUE INDEX "removal_candidates_response_token_uq" ON "removal_candidates" USING btree ("response_token_hash") WHERE "removal_candidates"."response_token_hash" is not null;--> statement-breakpoint
CREATE INDEX "entitlements_model_state_idx" ON "entitlements" USING btree ("software_model_id","state");--> statement-breakpoint
CREATE INDEX "entitlements_end_date_idx" ON "entitlements" USING btree ("end_date");--> statement-breakpoint
CREATE UNIQUE INDEX "reconciliation_results_run_model_uq" ON "reconciliation_results" USING btree ("run_id","software_model_id");--> statement-breakpoint
CREATE INDEX "reconciliation_results_model_created_idx" ON "reconciliation_results" USING btree ("software_model_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "reconciliation_runs_created_idx" ON "reconciliation_runs" USING btree ("created_at" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "reconciliation_runs_job_result_idx" ON "reconciliation_runs" USING btree ("job_result_id");--> statement-breakpoint
CREATE UNIQUE INDEX "reconciliation_runs_one_open_uq" ON "reconciliation_runs" USING btree ((true)) WHERE "reconciliation_runs"."state" in ('queued', 'running');