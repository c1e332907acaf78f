CREATE TABLE "hardship_candidates" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "hardship_candidates_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"person_id" bigint NOT NULL,
	"org_id" integer NOT NULL,
	"org_path" text NOT NULL,
	"case_id" integer,
	"rule" text NOT NULL,
	"evidence" text NOT NULL,
	"reason" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"decision_reason" text,
	"decided_by" integer,
	"decided_at" timestamp with time zone,
	"found_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "hardship_candidates" ADD CONSTRAINT "hardship_candidates_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hardship_candidates" ADD CONSTRAINT "hardship_candidates_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hardship_candidates" ADD CONSTRAINT "hardship_candidates_case_id_hardship_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."hardship_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hardship_candidates" ADD CONSTRAINT "hardship_candidates_decided_by_accounts_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "hardship_candidates_evidence_key" ON "hardship_candidates" USING btree ("person_id","rule","evidence");--> statement-breakpoint
CREATE INDEX "hardship_candidates_open_idx" ON "hardship_candidates" USING btree ("org_path" text_pattern_ops) WHERE "hardship_candidates"."status" = 'open';