-- 劳模关爱's half of 自动标签 (person_derived_tags, see migrations 0030): the 劳模 tag and one tag
-- per honour level (全国劳模, 省级劳模 …) follow from the person's honours in force — not revoked —
-- while the person is not recorded as 去世, so a care campaign's rule (tags: any of) reaches the
-- living model workers, or those of one level, and nobody types the tag. Recomputed for every
-- person a change of an honour or a status touches, in the same transaction (a merge moving the
-- rows included). The reason names the honours: 全国劳动模范（2015年）.
CREATE OR REPLACE FUNCTION modelworkers_sync_person_tags(p_person bigint) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  v_dead boolean;
  v_reason text;
  l record;
BEGIN
  SELECT EXISTS (SELECT 1 FROM model_worker_statuses s WHERE s.person_id = p_person AND s.status = 'deceased') INTO v_dead;
  FOR l IN SELECT * FROM (VALUES
      (1, 'national_model', '全国劳模', '全国劳动模范'),
      (2, 'national_advanced', '全国先进工作者', '全国先进工作者'),
      (3, 'national_mayday', '全国五一奖章', '全国五一劳动奖章'),
      (4, 'ministerial', '省部级劳模', '省部级劳动模范'),
      (5, 'provincial', '省级劳模', '自治区（省）级劳动模范'),
      (6, 'city', '盟市级劳模', '盟市级劳动模范')) AS x(rank, level, tag, label)
    ORDER BY x.rank
  LOOP
    v_reason := NULL;
    IF NOT v_dead THEN
      SELECT l.label || '（' || string_agg(h.year::text || '年', '、' ORDER BY h.year) || '）' INTO v_reason
        FROM model_worker_honours h WHERE h.person_id = p_person AND h.level = l.level AND h.revoked_on IS NULL;
    END IF;
    PERFORM person_derived_tag(p_person, l.tag, 'modelworkers', v_reason);
  END LOOP;
  v_reason := NULL;
  IF NOT v_dead THEN
    SELECT '劳模荣誉：' || string_agg(x.label || '（' || h.year::text || '年）', '、' ORDER BY x.rank, h.year) INTO v_reason
      FROM model_worker_honours h
      JOIN (VALUES
          (1, 'national_model', '全国劳动模范'),
          (2, 'national_advanced', '全国先进工作者'),
          (3, 'national_mayday', '全国五一劳动奖章'),
          (4, 'ministerial', '省部级劳动模范'),
          (5, 'provincial', '自治区（省）级劳动模范'),
          (6, 'city', '盟市级劳动模范')) AS x(rank, level, label) ON x.level = h.level
     WHERE h.person_id = p_person AND h.revoked_on IS NULL;
  END IF;
  PERFORM person_derived_tag(p_person, '劳模', 'modelworkers', v_reason);
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION modelworkers_rows_sync_tags() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM modelworkers_sync_person_tags(OLD.person_id); END IF;
  IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.person_id <> OLD.person_id) THEN PERFORM modelworkers_sync_person_tags(NEW.person_id); END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER model_worker_honours_tags AFTER INSERT OR DELETE OR UPDATE OF person_id, level, year, revoked_on ON model_worker_honours
  FOR EACH ROW EXECUTE FUNCTION modelworkers_rows_sync_tags();
--> statement-breakpoint
CREATE TRIGGER model_worker_statuses_tags AFTER INSERT OR DELETE OR UPDATE OF person_id, status ON model_worker_statuses
  FOR EACH ROW EXECUTE FUNCTION modelworkers_rows_sync_tags();
--> statement-breakpoint
-- The allowance ledger is append-only once paid: a paid run stays as it was confirmed, and its
-- lines are never changed or removed — except that a merge of two records may move a line to the
-- surviving person. A draft's lines may go (the draft is cancelled, or a person died before it was
-- confirmed): they were never paid.
CREATE OR REPLACE FUNCTION model_worker_allowance_runs_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status <> 'draft' THEN
    RAISE EXCEPTION 'allowance run % is %, it cannot change', OLD.id, OLD.status
      USING ERRCODE = 'check_violation', CONSTRAINT = 'model_worker_allowance_runs_final_check';
  END IF;
  RETURN COALESCE(NEW, OLD);
END $$;
--> statement-breakpoint
CREATE TRIGGER model_worker_allowance_runs_final BEFORE UPDATE OR DELETE ON model_worker_allowance_runs
  FOR EACH ROW EXECUTE FUNCTION model_worker_allowance_runs_guard();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION model_worker_allowance_lines_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM model_worker_allowance_runs r WHERE r.id = OLD.run_id AND r.status = 'paid')
     AND (TG_OP = 'DELETE'
          OR (NEW.run_id, NEW.kind, NEW.period, NEW.honour_id, NEW.level, NEW.amount_fen, NEW.org_id)
             IS DISTINCT FROM (OLD.run_id, OLD.kind, OLD.period, OLD.honour_id, OLD.level, OLD.amount_fen, OLD.org_id)) THEN
    RAISE EXCEPTION 'allowance line % was paid, it cannot change', OLD.id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'model_worker_allowance_lines_paid_check';
  END IF;
  RETURN COALESCE(NEW, OLD);
END $$;
--> statement-breakpoint
CREATE TRIGGER model_worker_allowance_lines_paid BEFORE UPDATE OR DELETE ON model_worker_allowance_lines
  FOR EACH ROW EXECUTE FUNCTION model_worker_allowance_lines_guard();
