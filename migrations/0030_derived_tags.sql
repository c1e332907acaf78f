-- 自动标签: tags that follow from records (person_derived_tags, see people.schema.ts).
--
-- People's half: person_derived_tag sets a derived tag (with its reason) or, given no reason, clears
-- it, keeping persons.tags in step so every eligibility rule, filter and export sees it at once; the
-- persons trigger puts a derived tag back when an edit of the tags leaves it out (staff cannot
-- remove it by hand; it goes when its record says so). No version bump: the person's own fields did
-- not change, and a merge that moves the record along can still be undone.
CREATE OR REPLACE FUNCTION person_derived_tag(p_person bigint, p_tag text, p_source text, p_reason text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF p_reason IS NULL THEN
    DELETE FROM person_derived_tags WHERE person_id = p_person AND tag = p_tag AND source = p_source;
    IF FOUND AND NOT EXISTS (SELECT 1 FROM person_derived_tags WHERE person_id = p_person AND tag = p_tag) THEN
      UPDATE persons SET tags = array_remove(tags, p_tag) WHERE id = p_person AND p_tag = ANY (tags);
    END IF;
  ELSE
    INSERT INTO person_derived_tags (person_id, tag, source, reason) VALUES (p_person, p_tag, p_source, p_reason)
      ON CONFLICT (person_id, tag, source) DO UPDATE SET reason = excluded.reason WHERE person_derived_tags.reason <> excluded.reason;
    UPDATE persons SET tags = array_append(tags, p_tag) WHERE id = p_person AND NOT (p_tag = ANY (tags));
  END IF;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION persons_keep_derived_tags() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.tags := NEW.tags || ARRAY(SELECT DISTINCT d.tag FROM person_derived_tags d WHERE d.person_id = NEW.id AND NOT (d.tag = ANY (NEW.tags)));
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER persons_keep_derived_tags BEFORE UPDATE OF tags ON persons
  FOR EACH ROW WHEN (OLD.tags IS DISTINCT FROM NEW.tags) EXECUTE FUNCTION persons_keep_derived_tags();
--> statement-breakpoint
-- Hardship's half: 困难职工 follows from a full case file (困难职工档案) that is 帮扶中 — approved and
-- not yet 解困脱困 or 销档 (the lifecycle's 'active'; 返困 makes it active again). A temporary-relief
-- file (临时救助) gives no such tag. Recomputed for every person a change of a file touches, in the
-- same transaction: approval, exit, relapse, closing, the ledger import, and a merge moving the file.
CREATE OR REPLACE FUNCTION hardship_sync_person_tag(p_person bigint) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  v_case_no text;
BEGIN
  SELECT c.case_no INTO v_case_no FROM hardship_cases c
   WHERE c.person_id = p_person AND c.kind = 'full' AND c.status = 'active' ORDER BY c.id LIMIT 1;
  PERFORM person_derived_tag(p_person, '困难职工', 'hardship', CASE WHEN v_case_no IS NOT NULL THEN '困难职工档案 ' || v_case_no || ' 帮扶中' END);
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION hardship_cases_sync_person_tag() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM hardship_sync_person_tag(OLD.person_id); END IF;
  IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.person_id <> OLD.person_id) THEN PERFORM hardship_sync_person_tag(NEW.person_id); END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER hardship_cases_tag_on_insert AFTER INSERT ON hardship_cases
  FOR EACH ROW WHEN (NEW.kind = 'full' AND NEW.status = 'active') EXECUTE FUNCTION hardship_cases_sync_person_tag();
--> statement-breakpoint
CREATE TRIGGER hardship_cases_tag_on_update AFTER UPDATE OF status, kind, person_id ON hardship_cases
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.kind IS DISTINCT FROM NEW.kind OR OLD.person_id IS DISTINCT FROM NEW.person_id)
  EXECUTE FUNCTION hardship_cases_sync_person_tag();
--> statement-breakpoint
CREATE TRIGGER hardship_cases_tag_on_delete AFTER DELETE ON hardship_cases
  FOR EACH ROW EXECUTE FUNCTION hardship_cases_sync_person_tag();
--> statement-breakpoint
-- Files already 帮扶中 give their people the tag now.
SELECT hardship_sync_person_tag(s.person_id) FROM (SELECT DISTINCT person_id FROM hardship_cases WHERE kind = 'full' AND status = 'active') s;
