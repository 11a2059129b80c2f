ALTER TABLE "referrals" ADD COLUMN "stalled_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "referrals" ADD COLUMN "coordination" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "referrals" ADD COLUMN "followed_until" date;--> statement-breakpoint
CREATE INDEX "referrals_stalled_since_idx" ON "referrals" USING btree ("departement","stalled_since") WHERE "referrals"."stalled";--> statement-breakpoint
UPDATE "referrals" SET "stalled_since" = (SELECT min(("mark"->>'since')::timestamptz) FROM jsonb_array_elements("stalled_marks") AS "mark") WHERE "stalled";
