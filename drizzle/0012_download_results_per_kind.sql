CREATE TABLE "download_results" (
	"job_result_id" uuid PRIMARY KEY NOT NULL,
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
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "download_results_counts_check" CHECK (least("download_results"."pages", "download_results"."members_read", "download_results"."subscriptions_created", "download_results"."subscriptions_updated", "download_results"."subscriptions_unchanged", "download_results"."subscriptions_removed", "download_results"."subscriptions_excluded", "download_results"."unrecognized_identifiers", "download_results"."http_retries", "download_results"."rate_limited") >= 0)
);
--> statement-breakpoint
ALTER TABLE "job_results" DROP CONSTRAINT "job_results_counts_check";--> statement-breakpoint
ALTER TABLE "download_results" ADD CONSTRAINT "download_results_job_result_id_job_results_id_fk" FOREIGN KEY ("job_result_id") REFERENCES "public"."job_results"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Existing download runs keep their counters (added by hand to the generated migration).
INSERT INTO "download_results" ("job_result_id", "pages", "members_read", "total_expected", "subscriptions_created", "subscriptions_updated", "subscriptions_unchanged", "subscriptions_removed", "subscriptions_excluded", "unrecognized_identifiers", "http_retries", "rate_limited", "updated_at")
SELECT r."id", r."pages", r."members_read", r."total_expected", r."subscriptions_created", r."subscriptions_updated", r."subscriptions_unchanged", r."subscriptions_removed", r."subscriptions_excluded", r."unrecognized_identifiers", r."http_retries", r."rate_limited", r."updated_at"
FROM "job_results" r JOIN "scheduled_jobs" j ON j."id" = r."job_id" WHERE j."kind" = 'download_subscriptions';--> statement-breakpoint
ALTER TABLE "job_results" DROP COLUMN "pages";--> statement-breakpoint
ALTER TABLE "job_results" DROP COLUMN "members_read";--> statement-breakpoint
ALTER TABLE "job_results" DROP COLUMN "total_expected";--> statement-breakpoint
ALTER TABLE "job_results" DROP COLUMN "subscriptions_created";--> statement-breakpoint
ALTER TABLE "job_results" DROP COLUMN "subscriptions_updated";--> statement-breakpoint
ALTER TABLE "job_results" DROP COLUMN "subscriptions_unchanged";--> statement-breakpoint
ALTER TABLE "job_results" DROP COLUMN "subscriptions_removed";--> statement-breakpoint
ALTER TABLE "job_results" DROP COLUMN "subscriptions_excluded";--> statement-breakpoint
ALTER TABLE "job_results" DROP COLUMN "unrecognized_identifiers";--> statement-breakpoint
ALTER TABLE "job_results" DROP COLUMN "http_retries";--> statement-breakpoint
ALTER TABLE "job_results" DROP COLUMN "rate_limited";