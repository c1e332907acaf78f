-- A ledger line's org_path says where the union that served it sits in the tree today (who may see
-- it), so a union's move rewrites it; what the line records (person, union, payer, amount, day) is
-- still never changed. The other allowed change remains moving a line to the surviving person of
-- a merge (and back on undo).
CREATE OR REPLACE FUNCTION disbursement_lines_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND (to_jsonb(NEW) - 'person_id' - 'org_path') = (to_jsonb(OLD) - 'person_id' - 'org_path') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'disbursement_lines is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$;
