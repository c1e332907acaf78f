-- The audit log is append-only: the application can insert entries but never change or remove
-- them. (Someone with the database owner's rights can still drop this trigger; the hash chain
-- checked by `npm run audit:verify` is what shows such tampering.)
CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
--> statement-breakpoint
INSERT INTO audit_head (id, last_id, last_hash, entries) VALUES (1, 0, repeat('0', 64), 0) ON CONFLICT DO NOTHING;
