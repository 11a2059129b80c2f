-- The facility inbox's default order (api/referrals/triage-inbox.ts, « par urgence »): the requests
-- owing an answer first, oldest sent first, then the others newest first. An index in that very
-- order lets the first window be read without sorting every request of a busy facility
-- (bench/results/reads.md: 2,532 requests, a parallel sort of all of them before).
CREATE INDEX IF NOT EXISTS "facility_tasks_urgency_idx" ON "facility_tasks" (
  "facility_id",
  ("status" in ('sent', 'read', 'under_review')) DESC,
  (CASE WHEN "status" in ('sent', 'read', 'under_review') THEN "sent_at" END),
  "sent_at" DESC,
  "id"
) WHERE "sent_at" IS NOT NULL;
