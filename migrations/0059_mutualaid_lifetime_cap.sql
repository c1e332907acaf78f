-- 终身限额 as a rule of the database. What a person was approved under all their enrolments in
-- plans of one kind may not pass the lifetime cap of the plan being paid from. The approval checks
-- it first (under its enrolment's row lock, with the nicer message); two approvals for the same
-- person under two enrolments at the same moment each hold a different row, so this trigger is
-- the net: it serialises the person's approvals of that kind on an advisory lock and sums again,
-- seeing what a concurrent approval committed meanwhile.
CREATE FUNCTION mutualaid_enrolments_lifetime_cap() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_kind text;
  v_cap bigint;
  v_total bigint;
BEGIN
  IF NEW.approved_fen <= OLD.approved_fen THEN RETURN NULL; END IF;
  SELECT g.kind, (g.formula ->> 'lifetimeCapFen')::bigint INTO v_kind, v_cap FROM mutualaid_plans g WHERE g.id = NEW.plan_id;
  IF v_cap IS NULL THEN RETURN NULL; END IF;
  PERFORM pg_advisory_xact_lock(hashtext('mutualaid_lifetime'), hashtext(NEW.person_id::text || ':' || v_kind));
  SELECT coalesce(sum(e.approved_fen), 0) INTO v_total
    FROM mutualaid_enrolments e JOIN mutualaid_plans g ON g.id = e.plan_id
   WHERE e.person_id = NEW.person_id AND g.kind = v_kind;
  IF v_total > v_cap THEN
    RAISE EXCEPTION 'lifetime cap %: % approved', v_cap, v_total
      USING ERRCODE = 'check_violation', CONSTRAINT = 'mutualaid_enrolments_lifetime_cap', TABLE = 'mutualaid_enrolments';
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER mutualaid_enrolments_lifetime_cap AFTER UPDATE OF approved_fen ON mutualaid_enrolments
  FOR EACH ROW EXECUTE FUNCTION mutualaid_enrolments_lifetime_cap();
