ALTER TABLE "facility_tasks" ADD COLUMN "answered_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "facility_tasks" ADD COLUMN "waitlisted_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "facility_tasks_facility_sent_idx" ON "facility_tasks" USING btree ("facility_id","sent_at");--> statement-breakpoint
CREATE INDEX "referrals_departement_created_idx" ON "referrals" USING btree ("departement","created_at");--> statement-breakpoint
CREATE INDEX "pco_cases_departement_submitted_idx" ON "pco_cases" USING btree ("departement","submitted_at");--> statement-breakpoint
UPDATE "facility_tasks" AS "t" SET "answered_at" = "e"."at" FROM (SELECT "task_id", min("occurred_at") AS "at" FROM "referral_events" WHERE "type" IN ('task.accepted', 'task.refused', 'task.waitlisted') GROUP BY "task_id") AS "e" WHERE "e"."task_id" = "t"."id";--> statement-breakpoint
UPDATE "facility_tasks" AS "t" SET "waitlisted_at" = "e"."at" FROM (SELECT "task_id", min("occurred_at") AS "at" FROM "referral_events" WHERE "type" = 'task.waitlisted' GROUP BY "task_id") AS "e" WHERE "e"."task_id" = "t"."id";
