ALTER TABLE "entitlements" DROP CONSTRAINT "entitlements_period_check";--> statement-breakpoint
ALTER TABLE "entitlements" ADD COLUMN "notice_period_days" integer;--> statement-breakpoint
ALTER TABLE "entitlements" ADD COLUMN "vendor" text;--> statement-breakpoint
ALTER TABLE "entitlements" ADD COLUMN "purchase_order" text;--> statement-breakpoint
ALTER TABLE "entitlements" ADD COLUMN "notes" text;--> statement-breakpoint
ALTER TABLE "entitlements" ADD CONSTRAINT "entitlements_notice_check" CHECK ("entitlements"."notice_period_days" is null or "entitlements"."notice_period_days" between 0 and 3650);--> statement-breakpoint
ALTER TABLE "entitlements" ADD CONSTRAINT "entitlements_period_check" CHECK ("entitlements"."subscription_period" in ('monthly', 'quarterly', 'annually'));