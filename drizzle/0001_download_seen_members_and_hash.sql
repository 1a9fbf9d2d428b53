CREATE TABLE "download_seen_members" (
	"job_result_id" uuid NOT NULL,
	"page" integer NOT NULL,
	"external_user_ids" text[] NOT NULL,
	CONSTRAINT "download_seen_members_job_result_id_page_pk" PRIMARY KEY("job_result_id","page")
);
--> statement-breakpoint
ALTER TABLE "software_subscriptions" ADD COLUMN "download_hash" bigint;--> statement-breakpoint
ALTER TABLE "download_seen_members" ADD CONSTRAINT "download_seen_members_job_result_id_job_results_id_fk" FOREIGN KEY ("job_result_id") REFERENCES "public"."job_results"("id") ON DELETE cascade ON UPDATE no action;