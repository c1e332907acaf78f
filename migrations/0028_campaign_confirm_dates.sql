-- No hand-out outside its dates: the confirm function refuses a day before the campaign's period
-- or the point's opening date, or after either ends (SQLSTATE NJ409, tags period:/opens:/closes:
-- carrying the dates and the point's name for the service to word). Otherwise as in 0021.
CREATE OR REPLACE FUNCTION campaign_confirm(p_point integer, p_beneficiary bigint, p_key text, p_account integer, p_scope text, p_duty_only boolean, p_day date,
  p_evidence text, p_evidence_ref text, p_id_type text, p_id_bidx text)
RETURNS TABLE (line_id bigint, created boolean, at timestamptz, person_name text, package_name text, amount_fen bigint, already_point text, already_handler text)
LANGUAGE plpgsql AS $$
DECLARE
  pt record;
  b record;
  v_c record;
  v_prior record;
  v_line bigint;
  v_at timestamptz := now();
  v_name text;
  v_package text;
BEGIN
  SELECT p.campaign_id, o.path, p.duty_account_ids, p.name, p.opens_on, p.closes_on INTO pt
    FROM campaign_points p JOIN orgs o ON o.id = p.org_id
   WHERE p.id = p_point AND o.path LIKE p_scope || '%';
  IF NOT FOUND THEN RAISE EXCEPTION 'point' USING ERRCODE = 'NJ404'; END IF;
  IF p_duty_only AND NOT (p_account = ANY (pt.duty_account_ids)) THEN RAISE EXCEPTION 'duty' USING ERRCODE = 'NJ403'; END IF;
  IF p_evidence IS NULL OR p_evidence NOT IN ('qr', 'id_number', 'paper') OR coalesce(p_evidence_ref, '') = '' THEN
    RAISE EXCEPTION 'evidence' USING ERRCODE = 'NJ422';
  END IF;
  IF p_evidence = 'paper' AND p_duty_only THEN RAISE EXCEPTION 'paper' USING ERRCODE = 'NJ403'; END IF;
  SELECT c.status, c.starts_on, c.ends_on INTO v_c FROM campaigns c WHERE c.id = pt.campaign_id;
  IF v_c.status <> 'running' THEN RAISE EXCEPTION 'status:%', v_c.status USING ERRCODE = 'NJ409'; END IF;

  SELECT cb.* INTO b FROM campaign_beneficiaries cb
   WHERE cb.id = p_beneficiary AND cb.campaign_id = pt.campaign_id AND cb.org_path LIKE pt.path || '%'
   FOR UPDATE;
  IF NOT FOUND THEN RAISE EXCEPTION 'beneficiary' USING ERRCODE = 'NJ404'; END IF;
  IF p_evidence = 'id_number' AND NOT EXISTS (
    SELECT 1 FROM persons ps WHERE ps.id = b.person_id AND ps.id_type = p_id_type AND ps.id_number_bidx = p_id_bidx
  ) THEN
    RAISE EXCEPTION 'id_number' USING ERRCODE = 'NJ422';
  END IF;

  SELECT d.id, d.at, d.beneficiary_id INTO v_prior FROM disbursement_lines d WHERE d.idempotency_key = p_key;
  IF FOUND THEN
    IF v_prior.beneficiary_id <> p_beneficiary THEN RAISE EXCEPTION 'key' USING ERRCODE = 'NJ400'; END IF;
    RETURN QUERY SELECT v_prior.id, false, v_prior.at, ps.name, pk.name, b.amount_fen, null::text, null::text
      FROM persons ps, campaign_packages pk WHERE ps.id = b.person_id AND pk.id = b.package_id;
    RETURN;
  END IF;
  -- The hand-out's day lies in the campaign's period and the point's opening dates (a retry of a
  -- line already written has been answered above, whatever the day).
  IF p_day < v_c.starts_on OR p_day > v_c.ends_on THEN
    RAISE EXCEPTION 'period:%:%', v_c.starts_on, v_c.ends_on USING ERRCODE = 'NJ409';
  END IF;
  IF pt.opens_on IS NOT NULL AND p_day < pt.opens_on THEN RAISE EXCEPTION 'opens:%:%', pt.opens_on, pt.name USING ERRCODE = 'NJ409'; END IF;
  IF pt.closes_on IS NOT NULL AND p_day > pt.closes_on THEN RAISE EXCEPTION 'closes:%:%', pt.closes_on, pt.name USING ERRCODE = 'NJ409'; END IF;
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

  INSERT INTO disbursement_lines (campaign_id, beneficiary_id, person_id, org_id, org_path, point_id, package_id, allocation_org_id, kind, seq, amount_fen, "on", idempotency_key, handled_by, at, evidence, evidence_ref)
  VALUES (pt.campaign_id, b.id, b.person_id, b.org_id, b.org_path, p_point, b.package_id, b.allocation_org_id, 'issue', b.lines_written + 1, b.amount_fen, p_day, p_key, p_account, v_at, p_evidence, p_evidence_ref)
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
