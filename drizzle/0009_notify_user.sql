CREATE TABLE "candidate_emails" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"candidate_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"recipient" text NOT NULL,
	"subject" text NOT NULL,
	"token_hash" text,
	"sent_at" timestamp with time zone,
	"error" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "candidate_emails_kind_check" CHECK ("candidate_emails"."kind" in ('notice', 'reminder', 'declined'))
);
--> statement-breakpoint
ALTER TABLE "reclamation_rules" ADD COLUMN "notice_subject" text;--> statement-breakpoint
ALTER TABLE "reclamation_rules" ADD COLUMN "notice_body" text;--> statement-breakpoint
ALTER TABLE "removal_candidates" ADD COLUMN "notice_error" text;--> statement-breakpoint
ALTER TABLE "removal_candidates" ADD COLUMN "reminder_sent_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "candidate_emails" ADD CONSTRAINT "candidate_emails_candidate_id_removal_candidates_id_fk" FOREIGN KEY ("candidate_id") REFERENCES "public"."removal_candidates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "candidate_emails_candidate_kind_uq" ON "candidate_emails" USING btree ("candidate_id","kind");--> statement-breakpoint
CREATE UNIQUE INDEX "candidate_emails_token_uq" ON "candidate_emails" USING btree ("token_hash") WHERE "candidate_emails"."token_hash" is not null;