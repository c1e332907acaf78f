CREATE TABLE "hardship_assistance" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "hardship_assistance_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"case_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"org_path" text NOT NULL,
	"type" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"on" date NOT NULL,
	"fund_source" text NOT NULL,
	"cause" text,
	"note" text,
	"handled_by" integer,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hardship_assistance_amount_check" CHECK ("hardship_assistance"."amount_fen" > 0)
);
--> statement-breakpoint
CREATE TABLE "hardship_cases" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "hardship_cases_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"case_no" text NOT NULL,
	"org_id" integer NOT NULL,
	"person_id" bigint NOT NULL,
	"status" text DEFAULT 'applied' NOT NULL,
	"category" text NOT NULL,
	"computed_category" text NOT NULL,
	"override_reason" text,
	"explanation" text NOT NULL,
	"main_cause" text NOT NULL,
	"secondary_causes" text[] DEFAULT '{}'::text[] NOT NULL,
	"household_size" integer NOT NULL,
	"yearly_income_fen" bigint NOT NULL,
	"hardship_spending_fen" bigint NOT NULL,
	"per_capita_monthly_fen" bigint NOT NULL,
	"sudden_event" boolean DEFAULT false NOT NULL,
	"migrant_years" integer,
	"housing" text NOT NULL,
	"housing_area" numeric,
	"medical_insurance" boolean DEFAULT true NOT NULL,
	"health" text,
	"disability" text,
	"bank_name" text,
	"bank_account_enc" text,
	"bank_account_masked" text,
	"assessed_on" date NOT NULL,
	"filed_on" date NOT NULL,
	"relapsed" boolean DEFAULT false NOT NULL,
	"filed_by" integer,
	"verified_by" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hardship_cases_causes_check" CHECK (cardinality("hardship_cases"."secondary_causes") <= 3 and not ("hardship_cases"."main_cause" = any("hardship_cases"."secondary_causes"))),
	CONSTRAINT "hardship_cases_four_eyes_check" CHECK ("hardship_cases"."verified_by" is null or "hardship_cases"."filed_by" is null or "hardship_cases"."verified_by" <> "hardship_cases"."filed_by"),
	CONSTRAINT "hardship_cases_override_check" CHECK ("hardship_cases"."category" = "hardship_cases"."computed_category" or "hardship_cases"."override_reason" is not null)
);
--> statement-breakpoint
CREATE TABLE "hardship_events" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "hardship_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"case_id" integer NOT NULL,
	"action" text NOT NULL,
	"from_status" text,
	"to_status" text,
	"reason" text,
	"by_account_id" integer,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hardship_members" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "hardship_members_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"case_id" integer NOT NULL,
	"person_id" bigint,
	"name" text NOT NULL,
	"relationship" text NOT NULL,
	"health" text,
	"monthly_income_fen" bigint,
	"school_or_employer" text,
	"open_file" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
ALTER TABLE "hardship_assistance" ADD CONSTRAINT "hardship_assistance_case_id_hardship_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."hardship_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hardship_assistance" ADD CONSTRAINT "hardship_assistance_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hardship_assistance" ADD CONSTRAINT "hardship_assistance_handled_by_accounts_id_fk" FOREIGN KEY ("handled_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hardship_cases" ADD CONSTRAINT "hardship_cases_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hardship_cases" ADD CONSTRAINT "hardship_cases_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hardship_cases" ADD CONSTRAINT "hardship_cases_filed_by_accounts_id_fk" FOREIGN KEY ("filed_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hardship_cases" ADD CONSTRAINT "hardship_cases_verified_by_accounts_id_fk" FOREIGN KEY ("verified_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hardship_events" ADD CONSTRAINT "hardship_events_case_id_hardship_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."hardship_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hardship_events" ADD CONSTRAINT "hardship_events_by_account_id_accounts_id_fk" FOREIGN KEY ("by_account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hardship_members" ADD CONSTRAINT "hardship_members_case_id_hardship_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."hardship_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hardship_members" ADD CONSTRAINT "hardship_members_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "hardship_assistance_case_idx" ON "hardship_assistance" USING btree ("case_id","type","on");--> statement-breakpoint
CREATE INDEX "hardship_assistance_path_idx" ON "hardship_assistance" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "hardship_cases_no_key" ON "hardship_cases" USING btree ("case_no");--> statement-breakpoint
CREATE INDEX "hardship_cases_org_idx" ON "hardship_cases" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "hardship_events_case_idx" ON "hardship_events" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "hardship_members_case_idx" ON "hardship_members" USING btree ("case_id");--> statement-breakpoint
CREATE UNIQUE INDEX "hardship_members_one_file_key" ON "hardship_members" USING btree ("person_id") WHERE "hardship_members"."open_file" and "hardship_members"."person_id" is not null;