-- The disbursement ledger is append-only: a mistake is corrected by a reversing line. The one
-- change allowed is moving a line to the surviving person when two person records are merged
-- (and back when the merge is undone); nothing else about a line can change, and none is deleted.
CREATE FUNCTION disbursement_lines_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND (to_jsonb(NEW) - 'person_id') = (to_jsonb(OLD) - 'person_id') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'disbursement_lines is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER disbursement_lines_append_only BEFORE UPDATE OR DELETE ON disbursement_lines
  FOR EACH ROW EXECUTE FUNCTION disbursement_lines_refuse_change();
--> statement-breakpoint
CREATE TRIGGER disbursement_lines_no_truncate BEFORE TRUNCATE ON disbursement_lines
  FOR EACH STATEMENT EXECUTE FUNCTION disbursement_lines_refuse_change();
--> statement-breakpoint
-- Live roll-ups of one campaign by subtree read only this index.
CREATE INDEX disbursement_lines_rollup_idx ON disbursement_lines (campaign_id, org_path text_pattern_ops) INCLUDE (kind, amount_fen, beneficiary_id, "on");
