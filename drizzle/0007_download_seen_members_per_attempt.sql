-- The marks live only while their run does, and a server being migrated has no run going on: they are
-- dropped so that the new NOT NULL column needs no value. (drizzle-kit wrote the statements below in
-- an order PostgreSQL refuses: the key on the new column came before the column.)
DELETE FROM "download_seen_members";--> statement-breakpoint
ALTER TABLE "download_seen_members" DROP CONSTRAINT "download_seen_members_job_result_id_page_pk";--> statement-breakpoint
ALTER TABLE "download_seen_members" ADD COLUMN "attempt" uuid NOT NULL;--> statement-breakpoint
ALTER TABLE "download_seen_members" ADD CONSTRAINT "download_seen_members_job_result_id_attempt_page_pk" PRIMARY KEY("job_result_id","attempt","page");
