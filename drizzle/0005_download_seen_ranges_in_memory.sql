ALTER TABLE "download_seen_members" DROP CONSTRAINT "download_seen_members_range_check";--> statement-breakpoint
ALTER TABLE "download_seen_members" DROP COLUMN "low";--> statement-breakpoint
ALTER TABLE "download_seen_members" DROP COLUMN "high";