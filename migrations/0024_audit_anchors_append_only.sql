-- Signed anchors are kept, never changed: like the audit log, the application only inserts them.
-- (A database owner can drop this trigger; the copies of each anchor in the app's log and in the
-- files auditors download are what show a removed or altered one.)
CREATE FUNCTION audit_anchors_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_anchors is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_anchors_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_anchors
  FOR EACH STATEMENT EXECUTE FUNCTION audit_anchors_refuse_change();
