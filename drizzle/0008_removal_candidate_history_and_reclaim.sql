CREATE TABLE "removal_candidate_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"candidate_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
	"kind" text NOT NULL,
	"from_state" "removal_candidate_state",
	"to_state" "removal_candidate_state",
	"actor_user_id" uuid,
	"actor_label" text NOT NULL,
	"text" text NOT NULL,
	CONSTRAINT "removal_candidate_events_kind_check" CHECK ("removal_candidate_events"."kind" in ('created', 'state', 'vendor', 'note'))
);
--> statement-breakpoint
DROP INDEX "removal_candidates_number_uq";--> statement-breakpoint
DROP INDEX "removal_candidates_state_number_idx";--> statement-breakpoint
ALTER TABLE "removal_candidates" ADD COLUMN "evidence" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "removal_candidates" ADD COLUMN "reclaim_job_id" uuid;--> statement-breakpoint
ALTER TABLE "removal_candidates" ADD COLUMN "reclaim_requested_by" uuid;--> statement-breakpoint
ALTER TABLE "removal_candidates" ADD COLUMN "reclaim_requested_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "removal_candidates" ADD COLUMN "deactivation_sent_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "removal_candidates" ADD COLUMN "restored_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "removal_candidates" ADD COLUMN "restored_by" uuid;--> statement-breakpoint
ALTER TABLE "removal_candidate_events" ADD CONSTRAINT "removal_candidate_events_candidate_id_removal_candidates_id_fk" FOREIGN KEY ("candidate_id") REFERENCES "public"."removal_candidates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "removal_candidate_events" ADD CONSTRAINT "removal_candidate_events_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "removal_candidate_events_candidate_idx" ON "removal_candidate_events" USING btree ("candidate_id","at");--> statement-breakpoint
ALTER TABLE "removal_candidates" ADD CONSTRAINT "removal_candidates_reclaim_requested_by_users_id_fk" FOREIGN KEY ("reclaim_requested_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "removal_candidates" ADD CONSTRAINT "removal_candidates_restored_by_users_id_fk" FOREIGN KEY ("restored_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "removal_candidates_profile_number_idx" ON "removal_candidates" USING btree ("profile_id","number" NULLS FIRST);--> statement-breakpoint
CREATE INDEX "removal_candidates_inactive_days_idx" ON "removal_candidates" USING btree ("inactive_days" NULLS FIRST,"number" NULLS FIRST);--> statement-breakpoint
CREATE INDEX "removal_candidates_upn_trgm_idx" ON "removal_candidates" USING gin ("user_principal_name" gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "removal_candidates_number_uq" ON "removal_candidates" USING btree ("number" NULLS FIRST);--> statement-breakpoint
CREATE INDEX "removal_candidates_state_number_idx" ON "removal_candidates" USING btree ("state","number" NULLS FIRST);