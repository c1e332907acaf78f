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
--> statement-breakpoint
-- One on-site hand-out, in one statement (the hot path of a distribution day). It checks the point
-- (in the actor's scope, the actor on duty there when required), the campaign (running), the
-- beneficiary (on the point's list, locked), the idempotency key (a retry returns the first line),
-- the per-person count, then writes the line and the pre-aggregated progress, and last checks and
-- takes the point's stock and the allocation's budget. Refusals raise SQLSTATE NJ4xx with a short
-- tag the service words.
CREATE FUNCTION campaign_confirm(p_point integer, p_beneficiary bigint, p_key text, p_account integer, p_scope text, p_duty_only boolean, p_day date)
RETURNS TABLE (line_id bigint, created boolean, at timestamptz, person_name text, package_name text, amount_fen bigint, already_point text, already_handler text)
LANGUAGE plpgsql AS $$
DECLARE
  pt record;
  b record;
  v_status text;
  v_prior record;
  v_line bigint;
  v_at timestamptz := now();
  v_name text;
  v_package text;
BEGIN
  SELECT p.campaign_id, o.path, p.duty_account_ids INTO pt
    FROM campaign_points p JOIN orgs o ON o.id = p.org_id
   WHERE p.id = p_point AND o.path LIKE p_scope || '%';
  IF NOT FOUND THEN RAISE EXCEPTION 'point' USING ERRCODE = 'NJ404'; END IF;
  IF p_duty_only AND NOT (p_account = ANY (pt.duty_account_ids)) THEN RAISE EXCEPTION 'duty' USING ERRCODE = 'NJ403'; END IF;
  SELECT c.status INTO v_status FROM campaigns c WHERE c.id = pt.campaign_id;
  IF v_status <> 'running' THEN RAISE EXCEPTION 'status:%', v_status USING ERRCODE = 'NJ409'; END IF;

  SELECT cb.* INTO b FROM campaign_beneficiaries cb
   WHERE cb.id = p_beneficiary AND cb.campaign_id = pt.campaign_id AND cb.org_path LIKE pt.path || '%'
   FOR UPDATE;
  IF NOT FOUND THEN RAISE EXCEPTION 'beneficiary' USING ERRCODE = 'NJ404'; END IF;

  SELECT d.id, d.at, d.beneficiary_id INTO v_prior FROM disbursement_lines d WHERE d.idempotency_key = p_key;
  IF FOUND THEN
    IF v_prior.beneficiary_id <> p_beneficiary THEN RAISE EXCEPTION 'key' USING ERRCODE = 'NJ400'; END IF;
    RETURN QUERY SELECT v_prior.id, false, v_prior.at, ps.name, pk.name, b.amount_fen, null::text, null::text
      FROM persons ps, campaign_packages pk WHERE ps.id = b.person_id AND pk.id = b.package_id;
    RETURN;
  END IF;
  IF b.excluded THEN RAISE EXCEPTION 'excluded' USING ERRCODE = 'NJ409'; END IF;
  IF b.received >= b.max_count THEN
    -- Nothing written yet: answer with the hand-out that already happened (the service says 409).
    RETURN QUERY SELECT d.id, false, d.at, ps.name, pk.name, b.amount_fen, coalesce(pt2.name, '签领表录入'), coalesce(a.display_name, a.username, '—')
      FROM disbursement_lines d JOIN persons ps ON ps.id = d.person_id JOIN campaign_packages pk ON pk.id = d.package_id
      LEFT JOIN campaign_points pt2 ON pt2.id = d.point_id LEFT JOIN accounts a ON a.id = d.handled_by
     WHERE d.beneficiary_id = b.id AND d.kind = 'issue' AND NOT EXISTS (SELECT 1 FROM disbursement_lines r WHERE r.reverses_line_id = d.id)
     ORDER BY d.id DESC LIMIT 1;
    RETURN;
  END IF;

  INSERT INTO disbursement_lines (campaign_id, beneficiary_id, person_id, org_id, org_path, point_id, package_id, allocation_org_id, kind, seq, amount_fen, "on", idempotency_key, handled_by, at)
  VALUES (pt.campaign_id, b.id, b.person_id, b.org_id, b.org_path, p_point, b.package_id, b.allocation_org_id, 'issue', b.lines_written + 1, b.amount_fen, p_day, p_key, p_account, v_at)
  RETURNING id INTO v_line;

  UPDATE campaign_beneficiaries cb SET received = cb.received + 1, lines_written = cb.lines_written + 1, last_received_at = v_at WHERE cb.id = b.id;

  INSERT INTO campaign_progress AS g (campaign_id, org_id, day, org_path, persons, person_times, amount_fen)
  VALUES (pt.campaign_id, b.org_id, p_day, b.org_path, CASE WHEN b.received = 0 THEN 1 ELSE 0 END, 1, b.amount_fen)
  ON CONFLICT (campaign_id, org_id, day) DO UPDATE
    SET persons = g.persons + EXCLUDED.persons, person_times = g.person_times + 1, amount_fen = g.amount_fen + EXCLUDED.amount_fen;

  SELECT ps.name, pk.name INTO v_name, v_package FROM persons ps, campaign_packages pk WHERE ps.id = b.person_id AND pk.id = b.package_id;

  -- The shared rows (the point's stock, the allocation's budget) last: their locks are then held
  -- only until the commit, which is what lets many points confirm at once.
  UPDATE campaign_point_stock s SET issued = s.issued + 1
   WHERE s.point_id = p_point AND s.package_id = b.package_id AND s.issued < s.quantity;
  IF NOT FOUND AND EXISTS (SELECT 1 FROM campaign_point_stock s WHERE s.point_id = p_point AND s.package_id = b.package_id) THEN
    RAISE EXCEPTION 'stock' USING ERRCODE = 'NJ409';
  END IF;

  UPDATE campaign_allocations a SET spent_fen = a.spent_fen + b.amount_fen
   WHERE a.campaign_id = pt.campaign_id AND a.org_id = b.allocation_org_id
     AND a.spent_fen + a.child_budget_fen + b.amount_fen <= a.budget_fen;
  IF NOT FOUND THEN RAISE EXCEPTION 'budget' USING ERRCODE = 'NJ409'; END IF;

  RETURN QUERY SELECT v_line, true, v_at, v_name, v_package, b.amount_fen, null::text, null::text;
END;
$$;
