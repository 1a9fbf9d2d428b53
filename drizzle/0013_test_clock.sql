CREATE TABLE "test_clock" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"offset_ms" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "test_clock_single_row_check" CHECK ("test_clock"."id" = 1),
	CONSTRAINT "test_clock_offset_check" CHECK ("test_clock"."offset_ms" >= 0)
);
