ALTER TYPE "public"."job_state" ADD VALUE 'completed_with_warnings' BEFORE 'failed';--> statement-breakpoint
CREATE TABLE "download_pending_removals" (
	"job_result_id" uuid PRIMARY KEY NOT NULL,
	"external_user_ids" text[] NOT NULL
);
--> statement-breakpoint
ALTER TABLE "integration_profiles" ADD COLUMN "removal_guard_percent" integer DEFAULT 10 NOT NULL;--> statement-breakpoint
ALTER TABLE "job_results" ADD COLUMN "warning_text" text;--> statement-breakpoint
ALTER TABLE "download_pending_removals" ADD CONSTRAINT "download_pending_removals_job_result_id_job_results_id_fk" FOREIGN KEY ("job_result_id") REFERENCES "public"."job_results"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integration_profiles" ADD CONSTRAINT "integration_profiles_removal_guard_check" CHECK ("integration_profiles"."removal_guard_percent" between 1 and 100);