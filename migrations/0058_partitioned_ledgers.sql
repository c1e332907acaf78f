-- The append-only tables that grow without end — the audit log, the campaigns' ledger, station
-- visits and event check-ins — are partitioned by month (China time, UTC+8) of the moment the
-- server recorded the row. A month is a table of its own: queries over a period read only its
-- months, and a month past keeping can be detached for archive (src/server/partitions.ts) instead
-- of deleted row by row. Partitions are made ahead by the `partitions.ensure` schedule and at start;
-- this migration makes them from each table's oldest row (or a year back, for rows written with a
-- past time, such as the demo's) to three months ahead, and moves the rows.
--
-- A unique index of a partitioned table must hold the partition key. The once-an-hour key of a
-- visit does (it is by hour); the keys of the ledger and of check-ins that span months (an
-- idempotency key, a hand-out's number, a person counted once) move to key tables written by
-- triggers in the same statement, keeping their index names, so their refusals read as before.

-- [from, to) of a China month, as instants.
CREATE FUNCTION partition_month_bounds(p_month date, OUT lower_bound timestamptz, OUT upper_bound timestamptz)
LANGUAGE sql IMMUTABLE AS $$
  SELECT (date_trunc('month', p_month)::timestamp - interval '8 hours') AT TIME ZONE 'UTC',
         ((date_trunc('month', p_month) + interval '1 month')::timestamp - interval '8 hours') AT TIME ZONE 'UTC'
$$;
--> statement-breakpoint
-- A partition gets its table's row triggers by itself, not its statement triggers (the append-only
-- tables' refusal of TRUNCATE, the audit log's of any change): a statement naming the month directly
-- would pass them. This gives the month a copy of each.
CREATE FUNCTION partition_copy_statement_triggers(p_table text, p_partition text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  t record;
BEGIN
  FOR t IN SELECT tg.tgname, pg_get_triggerdef(tg.oid) AS def FROM pg_trigger tg
            WHERE tg.tgrelid = p_table::regclass AND NOT tg.tgisinternal AND (tg.tgtype & 1) = 0 LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_trigger x WHERE x.tgrelid = p_partition::regclass AND x.tgname = t.tgname) THEN
      -- The definition names the table with or without its schema, as the search path shows it.
      EXECUTE regexp_replace(t.def, format(' ON (public\.)?%s ', p_table), format(' ON %s ', p_partition));
    END IF;
  END LOOP;
END;
$$;
--> statement-breakpoint
-- The month's partition of a table, made when missing: <table>_pYYYY_MM. True when it was made.
CREATE FUNCTION partition_create_month(p_table text, p_month date) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
  v_name text := format('%s_p%s', p_table, to_char(p_month, 'YYYY_MM'));
  v_bounds record;
BEGIN
  IF to_regclass(v_name) IS NOT NULL THEN RETURN false; END IF;
  SELECT * INTO v_bounds FROM partition_month_bounds(p_month);
  EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)', v_name, p_table, v_bounds.lower_bound, v_bounds.upper_bound);
  PERFORM partition_copy_statement_triggers(p_table, v_name);
  RETURN true;
END;
$$;
--> statement-breakpoint
-- Every month from the one holding p_from to `p_ahead` months after now (China time), but a month
-- archived (detached) is not made again.
CREATE FUNCTION partition_create_months(p_table text, p_from timestamptz, p_ahead integer) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  v_month date := date_trunc('month', (least(coalesce(p_from, now()), now()) AT TIME ZONE 'UTC') + interval '8 hours')::date;
  v_last date := date_trunc('month', (now() AT TIME ZONE 'UTC') + interval '8 hours' + make_interval(months => p_ahead))::date;
  v_made integer := 0;
BEGIN
  WHILE v_month <= v_last LOOP
    IF NOT EXISTS (SELECT 1 FROM partition_archives a WHERE a.table_name = p_table AND a.month = v_month)
       AND partition_create_month(p_table, v_month) THEN
      v_made := v_made + 1;
    END IF;
    v_month := (v_month + interval '1 month')::date;
  END LOOP;
  RETURN v_made;
END;
$$;
--> statement-breakpoint
CREATE TABLE "partition_archives" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "partition_archives_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"table_name" text NOT NULL,
	"partition_name" text NOT NULL,
	"month" date NOT NULL,
	"rows" bigint NOT NULL,
	"first_id" bigint,
	"last_id" bigint,
	"first_prev_hash" text,
	"last_hash" text,
	"signature" text,
	"detached_by" text NOT NULL,
	"detached_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "partition_archives_month_key" ON "partition_archives" USING btree ("table_name","month");
--> statement-breakpoint

-- ---- audit_log, by `at` ----
ALTER TABLE audit_log RENAME TO audit_log_unpartitioned;
--> statement-breakpoint
ALTER SEQUENCE audit_log_id_seq RENAME TO audit_log_unpartitioned_id_seq;
--> statement-breakpoint
ALTER TABLE audit_log_unpartitioned DROP CONSTRAINT audit_log_pkey;
--> statement-breakpoint
DROP INDEX audit_log_org_idx, audit_log_entity_idx, audit_log_at_idx;
--> statement-breakpoint
CREATE TABLE audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY,
  at timestamptz NOT NULL,
  actor_account_id integer,
  actor_name text NOT NULL,
  actor_org_id integer,
  org_id integer,
  action text NOT NULL,
  entity text NOT NULL,
  entity_id text,
  summary text,
  before jsonb,
  after jsonb,
  ip text,
  prev_hash text NOT NULL,
  hash text NOT NULL
) PARTITION BY RANGE (at);
--> statement-breakpoint
SELECT partition_create_months('audit_log', least((SELECT min(at) FROM audit_log_unpartitioned), now() - interval '12 months'), 3);
--> statement-breakpoint
INSERT INTO audit_log OVERRIDING SYSTEM VALUE SELECT * FROM audit_log_unpartitioned;
--> statement-breakpoint
SELECT setval(pg_get_serial_sequence('audit_log', 'id'), coalesce((SELECT max(id) FROM audit_log), 0) + 1, false);
--> statement-breakpoint
DROP TABLE audit_log_unpartitioned;
--> statement-breakpoint
ALTER TABLE audit_log ADD CONSTRAINT audit_log_pkey PRIMARY KEY (id, at);
--> statement-breakpoint
CREATE INDEX audit_log_org_idx ON audit_log (org_id, id);
--> statement-breakpoint
CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id);
--> statement-breakpoint
CREATE INDEX audit_log_at_idx ON audit_log (at);
--> statement-breakpoint
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
--> statement-breakpoint
SELECT partition_copy_statement_triggers('audit_log', i.inhrelid::regclass::text) FROM pg_inherits i WHERE i.inhparent = 'audit_log'::regclass;
--> statement-breakpoint

-- ---- station_visits, by `hour` ----
ALTER TABLE station_visits RENAME TO station_visits_unpartitioned;
--> statement-breakpoint
ALTER SEQUENCE station_visits_id_seq RENAME TO station_visits_unpartitioned_id_seq;
--> statement-breakpoint
ALTER TABLE station_visits_unpartitioned DROP CONSTRAINT station_visits_pkey;
--> statement-breakpoint
DROP INDEX station_visits_once_per_hour_key, station_visits_org_path_idx, station_visits_station_idx, station_visits_person_idx;
--> statement-breakpoint
CREATE TABLE station_visits (
  id bigint GENERATED ALWAYS AS IDENTITY,
  station_id integer NOT NULL,
  person_id bigint NOT NULL,
  org_path text NOT NULL,
  occupation text,
  visited_at timestamptz NOT NULL DEFAULT now(),
  hour timestamptz NOT NULL,
  CONSTRAINT station_visits_station_id_stations_id_fk FOREIGN KEY (station_id) REFERENCES stations(id),
  CONSTRAINT station_visits_person_id_persons_id_fk FOREIGN KEY (person_id) REFERENCES persons(id)
) PARTITION BY RANGE (hour);
--> statement-breakpoint
SELECT partition_create_months('station_visits', least((SELECT min(hour) FROM station_visits_unpartitioned), now() - interval '12 months'), 3);
--> statement-breakpoint
INSERT INTO station_visits OVERRIDING SYSTEM VALUE SELECT * FROM station_visits_unpartitioned;
--> statement-breakpoint
SELECT setval(pg_get_serial_sequence('station_visits', 'id'), coalesce((SELECT max(id) FROM station_visits), 0) + 1, false);
--> statement-breakpoint
DROP TABLE station_visits_unpartitioned;
--> statement-breakpoint
ALTER TABLE station_visits ADD CONSTRAINT station_visits_pkey PRIMARY KEY (id, hour);
--> statement-breakpoint
CREATE UNIQUE INDEX station_visits_once_per_hour_key ON station_visits (station_id, person_id, hour);
--> statement-breakpoint
CREATE INDEX station_visits_org_path_idx ON station_visits (org_path text_pattern_ops, visited_at);
--> statement-breakpoint
CREATE INDEX station_visits_station_idx ON station_visits (station_id, visited_at);
--> statement-breakpoint
CREATE INDEX station_visits_person_idx ON station_visits (person_id);
--> statement-breakpoint

-- ---- disbursement_lines, by `at` ----
ALTER TABLE disbursement_lines RENAME TO disbursement_lines_unpartitioned;
--> statement-breakpoint
ALTER SEQUENCE disbursement_lines_id_seq RENAME TO disbursement_lines_unpartitioned_id_seq;
--> statement-breakpoint
ALTER TABLE disbursement_lines_unpartitioned DROP CONSTRAINT disbursement_lines_pkey;
--> statement-breakpoint
DROP INDEX disbursement_lines_idempotency_key, disbursement_lines_seq_key, disbursement_lines_reverses_key, disbursement_lines_point_idx,
  disbursement_lines_person_idx, disbursement_lines_rollup_idx;
--> statement-breakpoint
CREATE TABLE disbursement_lines (
  id bigint GENERATED ALWAYS AS IDENTITY,
  campaign_id integer NOT NULL,
  beneficiary_id bigint NOT NULL,
  person_id bigint NOT NULL,
  org_id integer NOT NULL,
  org_path text NOT NULL,
  point_id integer,
  package_id integer NOT NULL,
  allocation_org_id integer NOT NULL,
  kind text NOT NULL,
  seq integer,
  reverses_line_id bigint,
  amount_fen bigint NOT NULL,
  "on" date NOT NULL,
  reason text,
  idempotency_key text NOT NULL,
  handled_by integer,
  at timestamptz NOT NULL DEFAULT now(),
  evidence text,
  evidence_ref text,
  CONSTRAINT disbursement_lines_kind_check CHECK ((kind = 'issue' and seq is not null and reverses_line_id is null and amount_fen >= 0)
      or (kind = 'reversal' and seq is null and reverses_line_id is not null and amount_fen <= 0 and reason is not null)),
  CONSTRAINT disbursement_lines_campaign_id_campaigns_id_fk FOREIGN KEY (campaign_id) REFERENCES campaigns(id),
  CONSTRAINT disbursement_lines_beneficiary_id_campaign_beneficiaries_id_fk FOREIGN KEY (beneficiary_id) REFERENCES campaign_beneficiaries(id),
  CONSTRAINT disbursement_lines_person_id_persons_id_fk FOREIGN KEY (person_id) REFERENCES persons(id),
  CONSTRAINT disbursement_lines_point_id_campaign_points_id_fk FOREIGN KEY (point_id) REFERENCES campaign_points(id),
  CONSTRAINT disbursement_lines_handled_by_accounts_id_fk FOREIGN KEY (handled_by) REFERENCES accounts(id)
) PARTITION BY RANGE (at);
--> statement-breakpoint
SELECT partition_create_months('disbursement_lines', least((SELECT min(at) FROM disbursement_lines_unpartitioned), now() - interval '12 months'), 3);
--> statement-breakpoint
INSERT INTO disbursement_lines OVERRIDING SYSTEM VALUE SELECT * FROM disbursement_lines_unpartitioned;
--> statement-breakpoint
SELECT setval(pg_get_serial_sequence('disbursement_lines', 'id'), coalesce((SELECT max(id) FROM disbursement_lines), 0) + 1, false);
--> statement-breakpoint
-- Lines written before evidence was recorded stay as they are (the ledger is append-only).
ALTER TABLE disbursement_lines ADD CONSTRAINT disbursement_lines_evidence_check CHECK ((kind = 'reversal' and evidence is null and evidence_ref is null)
      or (kind = 'issue' and evidence in ('qr', 'id_number', 'paper') and evidence_ref is not null)) NOT VALID;
--> statement-breakpoint
CREATE TABLE disbursement_line_keys (
  line_id bigint PRIMARY KEY,
  at timestamptz NOT NULL,
  idempotency_key text NOT NULL,
  beneficiary_id bigint NOT NULL,
  seq integer,
  reverses_line_id bigint
);
--> statement-breakpoint
INSERT INTO disbursement_line_keys (line_id, at, idempotency_key, beneficiary_id, seq, reverses_line_id)
  SELECT id, at, idempotency_key, beneficiary_id, seq, reverses_line_id FROM disbursement_lines;
--> statement-breakpoint
DROP TABLE disbursement_lines_unpartitioned;
--> statement-breakpoint
ALTER TABLE disbursement_lines ADD CONSTRAINT disbursement_lines_pkey PRIMARY KEY (id, at);
--> statement-breakpoint
CREATE UNIQUE INDEX disbursement_lines_idempotency_key ON disbursement_line_keys (idempotency_key);
--> statement-breakpoint
CREATE UNIQUE INDEX disbursement_lines_seq_key ON disbursement_line_keys (beneficiary_id, seq);
--> statement-breakpoint
CREATE UNIQUE INDEX disbursement_lines_reverses_key ON disbursement_line_keys (reverses_line_id);
--> statement-breakpoint
CREATE INDEX disbursement_lines_idempotency_idx ON disbursement_lines (idempotency_key);
--> statement-breakpoint
CREATE INDEX disbursement_lines_reverses_idx ON disbursement_lines (reverses_line_id);
--> statement-breakpoint
CREATE INDEX disbursement_lines_point_idx ON disbursement_lines (point_id);
--> statement-breakpoint
CREATE INDEX disbursement_lines_person_idx ON disbursement_lines (person_id);
--> statement-breakpoint
CREATE INDEX disbursement_lines_rollup_idx ON disbursement_lines (campaign_id, org_path text_pattern_ops) INCLUDE (kind, amount_fen, beneficiary_id, "on");
--> statement-breakpoint
-- A line's keys, written in the line's statement: a second line for a key, a hand-out or a reversal
-- is refused by the key table's unique index, and the whole statement with it.
CREATE FUNCTION disbursement_lines_write_keys() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO disbursement_line_keys (line_id, at, idempotency_key, beneficiary_id, seq, reverses_line_id)
  VALUES (NEW.id, NEW.at, NEW.idempotency_key, NEW.beneficiary_id, NEW.seq, NEW.reverses_line_id);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER disbursement_lines_keys AFTER INSERT ON disbursement_lines FOR EACH ROW EXECUTE FUNCTION disbursement_lines_write_keys();
--> statement-breakpoint
CREATE TRIGGER disbursement_lines_append_only BEFORE UPDATE OR DELETE ON disbursement_lines
  FOR EACH ROW EXECUTE FUNCTION disbursement_lines_refuse_change();
--> statement-breakpoint
CREATE TRIGGER disbursement_lines_no_truncate BEFORE TRUNCATE ON disbursement_lines
  FOR EACH STATEMENT EXECUTE FUNCTION disbursement_lines_refuse_change();
--> statement-breakpoint
SELECT partition_copy_statement_triggers('disbursement_lines', i.inhrelid::regclass::text) FROM pg_inherits i WHERE i.inhparent = 'disbursement_lines'::regclass;
--> statement-breakpoint
-- The key rows are as append-only as the lines (a merge moves a line's person, not its keys).
CREATE FUNCTION disbursement_line_keys_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'disbursement_line_keys is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER disbursement_line_keys_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON disbursement_line_keys
  FOR EACH STATEMENT EXECUTE FUNCTION disbursement_line_keys_refuse_change();
--> statement-breakpoint

-- ---- event_checkins, by `synced_at` (the server's clock: a phone's may be months off) ----
ALTER TABLE event_checkins DROP CONSTRAINT event_checkins_duplicate_of_event_checkins_id_fk;
--> statement-breakpoint
ALTER TABLE event_checkins RENAME TO event_checkins_unpartitioned;
--> statement-breakpoint
ALTER SEQUENCE event_checkins_id_seq RENAME TO event_checkins_unpartitioned_id_seq;
--> statement-breakpoint
ALTER TABLE event_checkins_unpartitioned DROP CONSTRAINT event_checkins_pkey;
--> statement-breakpoint
DROP INDEX event_checkins_key, event_checkins_once_key, event_checkins_daily_key, event_checkins_list_idx, event_checkins_signup_idx;
--> statement-breakpoint
CREATE TABLE event_checkins (
  id bigint GENERATED ALWAYS AS IDENTITY,
  list_id integer NOT NULL,
  mode text NOT NULL,
  signup_id bigint,
  day date NOT NULL,
  idempotency_key text NOT NULL,
  device_id text NOT NULL,
  account_id integer,
  scanned_at timestamptz NOT NULL,
  synced_at timestamptz NOT NULL DEFAULT now(),
  result text NOT NULL,
  reason text,
  duplicate_of bigint,
  code_hash text NOT NULL,
  CONSTRAINT event_checkins_signup_id_event_signups_id_fk FOREIGN KEY (signup_id) REFERENCES event_signups(id) ON DELETE CASCADE,
  CONSTRAINT event_checkins_account_id_accounts_id_fk FOREIGN KEY (account_id) REFERENCES accounts(id),
  CONSTRAINT event_checkins_list_fk FOREIGN KEY (list_id, mode) REFERENCES event_checkin_lists(id, mode) ON DELETE CASCADE,
  CONSTRAINT event_checkins_mode_check CHECK (mode in ('once', 'daily', 'unlimited')),
  CONSTRAINT event_checkins_result_check CHECK (result in ('ok', 'duplicate', 'refused')),
  CONSTRAINT event_checkins_ok_check CHECK (result <> 'ok' or (signup_id is not null and reason is null)),
  CONSTRAINT event_checkins_reason_check CHECK (result = 'ok' or reason is not null),
  CONSTRAINT event_checkins_duplicate_check CHECK ((result = 'duplicate') = (duplicate_of is not null))
) PARTITION BY RANGE (synced_at);
--> statement-breakpoint
SELECT partition_create_months('event_checkins', least((SELECT min(synced_at) FROM event_checkins_unpartitioned), now() - interval '12 months'), 3);
--> statement-breakpoint
INSERT INTO event_checkins OVERRIDING SYSTEM VALUE SELECT * FROM event_checkins_unpartitioned;
--> statement-breakpoint
SELECT setval(pg_get_serial_sequence('event_checkins', 'id'), coalesce((SELECT max(id) FROM event_checkins), 0) + 1, false);
--> statement-breakpoint
DROP TABLE event_checkins_unpartitioned;
--> statement-breakpoint
ALTER TABLE event_checkins ADD CONSTRAINT event_checkins_pkey PRIMARY KEY (id, synced_at);
--> statement-breakpoint
CREATE TABLE event_checkin_keys (
  checkin_id bigint PRIMARY KEY,
  synced_at timestamptz NOT NULL,
  idempotency_key text NOT NULL,
  list_id integer NOT NULL,
  mode text NOT NULL,
  signup_id bigint,
  day date NOT NULL,
  counted boolean NOT NULL
);
--> statement-breakpoint
INSERT INTO event_checkin_keys (checkin_id, synced_at, idempotency_key, list_id, mode, signup_id, day, counted)
  SELECT id, synced_at, idempotency_key, list_id, mode, signup_id, day, result = 'ok' FROM event_checkins;
--> statement-breakpoint
-- Deferred to the commit: the trigger writes the key before its check-in row is in the table.
-- Removing a check-in (its list or sign-up removed) removes its key.
ALTER TABLE event_checkin_keys ADD CONSTRAINT event_checkin_keys_checkin_fk FOREIGN KEY (checkin_id, synced_at)
  REFERENCES event_checkins(id, synced_at) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED;
--> statement-breakpoint
CREATE UNIQUE INDEX event_checkins_key ON event_checkin_keys (idempotency_key);
--> statement-breakpoint
CREATE UNIQUE INDEX event_checkins_once_key ON event_checkin_keys (list_id, signup_id) WHERE counted AND mode = 'once';
--> statement-breakpoint
CREATE UNIQUE INDEX event_checkins_daily_key ON event_checkin_keys (list_id, signup_id, day) WHERE counted AND mode = 'daily';
--> statement-breakpoint
ALTER TABLE event_checkins ADD CONSTRAINT event_checkins_duplicate_of_event_checkin_keys_checkin_id_fk FOREIGN KEY (duplicate_of) REFERENCES event_checkin_keys(checkin_id);
--> statement-breakpoint
CREATE INDEX event_checkins_key_idx ON event_checkins (idempotency_key);
--> statement-breakpoint
CREATE INDEX event_checkins_list_idx ON event_checkins (list_id, result, id);
--> statement-breakpoint
CREATE INDEX event_checkins_signup_idx ON event_checkins (signup_id);
--> statement-breakpoint
-- Before each row: its keys, or, when a key was used or the person already counted, no row at all —
-- what `on conflict do nothing` did when these were the table's own unique indexes.
CREATE FUNCTION event_checkins_write_keys() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO event_checkin_keys (checkin_id, synced_at, idempotency_key, list_id, mode, signup_id, day, counted)
  VALUES (NEW.id, NEW.synced_at, NEW.idempotency_key, NEW.list_id, NEW.mode, NEW.signup_id, NEW.day, NEW.result = 'ok')
  ON CONFLICT DO NOTHING;
  IF NOT FOUND THEN RETURN NULL; END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER event_checkins_keys BEFORE INSERT ON event_checkins FOR EACH ROW EXECUTE FUNCTION event_checkins_write_keys();
