ALTER TABLE "referrals" ADD COLUMN "anonymised_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "pco_cases" ADD COLUMN "anonymised_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "referrals_retention_idx" ON "referrals" USING btree ("closed_at") WHERE "referrals"."anonymised_at" is null;--> statement-breakpoint
CREATE INDEX "pco_cases_retention_idx" ON "pco_cases" USING btree ("closed_at") WHERE "pco_cases"."anonymised_at" is null;--> statement-breakpoint
-- Anonymisation (retention, erasure) is the one change a case event may undergo: its data loses
-- the words people typed, in a transaction that says so (`set local parcours.anonymising = 'on'`);
-- nothing else of the row moves, and no row is deleted.
CREATE OR REPLACE FUNCTION referral_events_append_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND current_setting('parcours.anonymising', true) = 'on'
     AND to_jsonb(NEW) - 'data' = to_jsonb(OLD) - 'data' THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
