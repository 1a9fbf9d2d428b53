ALTER TABLE "download_seen_members" ADD COLUMN "low" text;--> statement-breakpoint
ALTER TABLE "download_seen_members" ADD COLUMN "high" text;--> statement-breakpoint
ALTER TABLE "download_seen_members" ADD CONSTRAINT "download_seen_members_range_check" CHECK (("download_seen_members"."low" is null) = ("download_seen_members"."high" is null));