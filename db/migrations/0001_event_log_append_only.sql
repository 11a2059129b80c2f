-- The case event log is history: rows are added, never changed or removed.
CREATE FUNCTION referral_events_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'referral_events is append-only';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER referral_events_no_update_delete
  BEFORE UPDATE OR DELETE ON referral_events
  FOR EACH ROW EXECUTE FUNCTION referral_events_append_only();
