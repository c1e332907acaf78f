CREATE TABLE "mutualaid_claim_rollup" (
	"org_id" integer NOT NULL,
	"plan_id" integer NOT NULL,
	"status" text NOT NULL,
	"month" date NOT NULL,
	"claims" integer NOT NULL,
	"claimed_fen" bigint NOT NULL,
	"approved_fen" bigint NOT NULL,
	"paid_fen" bigint NOT NULL,
	CONSTRAINT "mutualaid_claim_rollup_org_id_plan_id_status_month_pk" PRIMARY KEY("org_id","plan_id","status","month")
);
--> statement-breakpoint
ALTER TABLE "mutualaid_claim_rollup" ADD CONSTRAINT "mutualaid_claim_rollup_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mutualaid_claim_rollup" ADD CONSTRAINT "mutualaid_claim_rollup_plan_id_mutualaid_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."mutualaid_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- 申请汇总 kept by the claims table itself: after each statement that adds, changes or removes
-- claims, the rows it touched are summed by union, plan, status and month and added to (or, for
-- the rows as they were, taken from) the roll-up, in the same transaction. Statement triggers with
-- transition tables, so a batch of a million claims is summed once, not row by row; the keys are
-- taken in order, so two transactions never wait on each other's rows crosswise.
CREATE OR REPLACE FUNCTION mutualaid_claims_rollup() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO mutualaid_claim_rollup AS r (org_id, plan_id, status, month, claims, claimed_fen, approved_fen, paid_fen)
      SELECT org_id, plan_id, status, month, sum(n), sum(claimed), sum(approved), sum(paid)
        FROM (SELECT org_id, plan_id, status, date_trunc('month', event_date)::date AS month, 1 AS n, claimed_fen AS claimed, coalesce(approved_fen, 0) AS approved, coalesce(paid_fen, 0) AS paid FROM mutualaid_new) d
       GROUP BY org_id, plan_id, status, month
      HAVING sum(n) <> 0 OR sum(claimed) <> 0 OR sum(approved) <> 0 OR sum(paid) <> 0
       ORDER BY org_id, plan_id, status, month
    ON CONFLICT (org_id, plan_id, status, month) DO UPDATE
      SET claims = r.claims + excluded.claims, claimed_fen = r.claimed_fen + excluded.claimed_fen,
          approved_fen = r.approved_fen + excluded.approved_fen, paid_fen = r.paid_fen + excluded.paid_fen;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO mutualaid_claim_rollup AS r (org_id, plan_id, status, month, claims, claimed_fen, approved_fen, paid_fen)
      SELECT org_id, plan_id, status, month, sum(n), sum(claimed), sum(approved), sum(paid)
        FROM (SELECT org_id, plan_id, status, date_trunc('month', event_date)::date AS month, -1 AS n, -claimed_fen AS claimed, -coalesce(approved_fen, 0) AS approved, -coalesce(paid_fen, 0) AS paid FROM mutualaid_old) d
       GROUP BY org_id, plan_id, status, month
      HAVING sum(n) <> 0 OR sum(claimed) <> 0 OR sum(approved) <> 0 OR sum(paid) <> 0
       ORDER BY org_id, plan_id, status, month
    ON CONFLICT (org_id, plan_id, status, month) DO UPDATE
      SET claims = r.claims + excluded.claims, claimed_fen = r.claimed_fen + excluded.claimed_fen,
          approved_fen = r.approved_fen + excluded.approved_fen, paid_fen = r.paid_fen + excluded.paid_fen;
  ELSE
    INSERT INTO mutualaid_claim_rollup AS r (org_id, plan_id, status, month, claims, claimed_fen, approved_fen, paid_fen)
      SELECT org_id, plan_id, status, month, sum(n), sum(claimed), sum(approved), sum(paid)
        FROM (SELECT org_id, plan_id, status, date_trunc('month', event_date)::date AS month, 1 AS n, claimed_fen AS claimed, coalesce(approved_fen, 0) AS approved, coalesce(paid_fen, 0) AS paid FROM mutualaid_new UNION ALL SELECT org_id, plan_id, status, date_trunc('month', event_date)::date AS month, -1 AS n, -claimed_fen AS claimed, -coalesce(approved_fen, 0) AS approved, -coalesce(paid_fen, 0) AS paid FROM mutualaid_old) d
       GROUP BY org_id, plan_id, status, month
      HAVING sum(n) <> 0 OR sum(claimed) <> 0 OR sum(approved) <> 0 OR sum(paid) <> 0
       ORDER BY org_id, plan_id, status, month
    ON CONFLICT (org_id, plan_id, status, month) DO UPDATE
      SET claims = r.claims + excluded.claims, claimed_fen = r.claimed_fen + excluded.claimed_fen,
          approved_fen = r.approved_fen + excluded.approved_fen, paid_fen = r.paid_fen + excluded.paid_fen;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    -- A group its last claim left (moved, changed status, removed) goes from the roll-up.
    DELETE FROM mutualaid_claim_rollup r
     USING (SELECT DISTINCT org_id, plan_id, status, date_trunc('month', event_date)::date AS month FROM mutualaid_old) o
     WHERE r.org_id = o.org_id AND r.plan_id = o.plan_id AND r.status = o.status AND r.month = o.month AND r.claims = 0;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER mutualaid_claims_rollup_insert AFTER INSERT ON mutualaid_claims
  REFERENCING NEW TABLE AS mutualaid_new FOR EACH STATEMENT EXECUTE FUNCTION mutualaid_claims_rollup();
--> statement-breakpoint
CREATE TRIGGER mutualaid_claims_rollup_update AFTER UPDATE ON mutualaid_claims
  REFERENCING OLD TABLE AS mutualaid_old NEW TABLE AS mutualaid_new FOR EACH STATEMENT EXECUTE FUNCTION mutualaid_claims_rollup();
--> statement-breakpoint
CREATE TRIGGER mutualaid_claims_rollup_delete AFTER DELETE ON mutualaid_claims
  REFERENCING OLD TABLE AS mutualaid_old FOR EACH STATEMENT EXECUTE FUNCTION mutualaid_claims_rollup();
--> statement-breakpoint
INSERT INTO mutualaid_claim_rollup (org_id, plan_id, status, month, claims, claimed_fen, approved_fen, paid_fen)
  SELECT org_id, plan_id, status, date_trunc('month', event_date)::date, count(*), sum(claimed_fen), coalesce(sum(approved_fen), 0), coalesce(sum(paid_fen), 0)
    FROM mutualaid_claims GROUP BY 1, 2, 3, 4;
