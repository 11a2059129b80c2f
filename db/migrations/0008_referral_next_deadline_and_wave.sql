ALTER TABLE "referrals" ADD COLUMN "next_deadline_type" text;--> statement-breakpoint
ALTER TABLE "referrals" ADD COLUMN "second_wave_after_days" integer;