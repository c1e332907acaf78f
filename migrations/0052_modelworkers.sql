CREATE TABLE "model_worker_allowance_lines" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "model_worker_allowance_lines_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"run_id" integer NOT NULL,
	"person_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"period" text NOT NULL,
	"honour_id" integer NOT NULL,
	"level" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"org_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "model_worker_allowance_lines_amount_check" CHECK ("model_worker_allowance_lines"."amount_fen" > 0),
	CONSTRAINT "model_worker_allowance_lines_level_check" CHECK ("model_worker_allowance_lines"."level" in ('national_model', 'national_advanced', 'national_mayday', 'ministerial', 'provincial', 'city'))
);
--> statement-breakpoint
CREATE TABLE "model_worker_allowance_runs" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "model_worker_allowance_runs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"org_id" integer NOT NULL,
	"kind" text NOT NULL,
	"period" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"excluded" jsonb NOT NULL,
	"removed" integer DEFAULT 0 NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"confirmed_by" integer,
	"confirmed_at" timestamp with time zone,
	"paid_on" date,
	"cancelled_by" integer,
	"cancelled_at" timestamp with time zone,
	"cancel_reason" text,
	CONSTRAINT "model_worker_allowance_runs_period_key" UNIQUE("id","kind","period"),
	CONSTRAINT "model_worker_allowance_runs_status_check" CHECK ("model_worker_allowance_runs"."status" in ('draft', 'paid', 'cancelled')),
	CONSTRAINT "model_worker_allowance_runs_period_check" CHECK (("model_worker_allowance_runs"."kind" = 'honorary' and "model_worker_allowance_runs"."period" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$') or ("model_worker_allowance_runs"."kind" = 'living' and "model_worker_allowance_runs"."period" ~ '^[0-9]{4}$')),
	CONSTRAINT "model_worker_allowance_runs_four_eyes_check" CHECK ("model_worker_allowance_runs"."confirmed_by" is null or "model_worker_allowance_runs"."created_by" is null or "model_worker_allowance_runs"."confirmed_by" <> "model_worker_allowance_runs"."created_by"),
	CONSTRAINT "model_worker_allowance_runs_paid_check" CHECK (("model_worker_allowance_runs"."status" = 'paid') = ("model_worker_allowance_runs"."confirmed_at" is not null and "model_worker_allowance_runs"."paid_on" is not null)),
	CONSTRAINT "model_worker_allowance_runs_cancelled_check" CHECK (("model_worker_allowance_runs"."status" = 'cancelled') = ("model_worker_allowance_runs"."cancelled_at" is not null and "model_worker_allowance_runs"."cancel_reason" is not null))
);
--> statement-breakpoint
CREATE TABLE "model_worker_care_records" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "model_worker_care_records_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"person_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"on" date NOT NULL,
	"place" text,
	"visitors" text,
	"detail" text,
	"amount_fen" bigint,
	"org_id" integer NOT NULL,
	"hardship_case_id" integer,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "model_worker_care_records_kind_check" CHECK ("model_worker_care_records"."kind" in ('festival_visit', 'birthday', 'home_visit', 'hospital_visit', 'checkup', 'recuperation', 'hardship_support')),
	CONSTRAINT "model_worker_care_records_case_check" CHECK (("model_worker_care_records"."kind" = 'hardship_support') = ("model_worker_care_records"."hardship_case_id" is not null)),
	CONSTRAINT "model_worker_care_records_amount_check" CHECK ("model_worker_care_records"."amount_fen" is null or ("model_worker_care_records"."amount_fen" >= 0 and "model_worker_care_records"."kind" <> 'hardship_support'))
);
--> statement-breakpoint
CREATE TABLE "model_worker_honours" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "model_worker_honours_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"person_id" bigint NOT NULL,
	"level" text NOT NULL,
	"year" smallint NOT NULL,
	"awarding_body" text NOT NULL,
	"certificate_no" text,
	"with_benefits" boolean DEFAULT true NOT NULL,
	"note" text,
	"revoked_on" date,
	"revoke_reason" text,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "model_worker_honours_level_check" CHECK ("model_worker_honours"."level" in ('national_model', 'national_advanced', 'national_mayday', 'ministerial', 'provincial', 'city')),
	CONSTRAINT "model_worker_honours_year_check" CHECK ("model_worker_honours"."year" between 1950 and 2100),
	CONSTRAINT "model_worker_honours_revoked_check" CHECK (("model_worker_honours"."revoked_on" is null) = ("model_worker_honours"."revoke_reason" is null))
);
--> statement-breakpoint
CREATE TABLE "model_worker_profiles" (
	"person_id" bigint PRIMARY KEY NOT NULL,
	"living_alone" boolean DEFAULT false NOT NULL,
	"disability" text DEFAULT 'none' NOT NULL,
	"illness" text,
	"note" text,
	"updated_by" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "model_worker_profiles_disability_check" CHECK ("model_worker_profiles"."disability" in ('none', 'disabled', 'semi_incapacitated', 'incapacitated'))
);
--> statement-breakpoint
CREATE TABLE "model_worker_statuses" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "model_worker_statuses_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"person_id" bigint NOT NULL,
	"status" text NOT NULL,
	"since" date NOT NULL,
	"note" text,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "model_worker_statuses_status_check" CHECK ("model_worker_statuses"."status" in ('working', 'retired', 'deceased'))
);
--> statement-breakpoint
ALTER TABLE "model_worker_allowance_lines" ADD CONSTRAINT "model_worker_allowance_lines_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_worker_allowance_lines" ADD CONSTRAINT "model_worker_allowance_lines_honour_id_model_worker_honours_id_fk" FOREIGN KEY ("honour_id") REFERENCES "public"."model_worker_honours"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_worker_allowance_lines" ADD CONSTRAINT "model_worker_allowance_lines_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_worker_allowance_lines" ADD CONSTRAINT "model_worker_allowance_lines_run_fk" FOREIGN KEY ("run_id","kind","period") REFERENCES "public"."model_worker_allowance_runs"("id","kind","period") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_worker_allowance_runs" ADD CONSTRAINT "model_worker_allowance_runs_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_worker_allowance_runs" ADD CONSTRAINT "model_worker_allowance_runs_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_worker_allowance_runs" ADD CONSTRAINT "model_worker_allowance_runs_confirmed_by_accounts_id_fk" FOREIGN KEY ("confirmed_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_worker_allowance_runs" ADD CONSTRAINT "model_worker_allowance_runs_cancelled_by_accounts_id_fk" FOREIGN KEY ("cancelled_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_worker_care_records" ADD CONSTRAINT "model_worker_care_records_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_worker_care_records" ADD CONSTRAINT "model_worker_care_records_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_worker_care_records" ADD CONSTRAINT "model_worker_care_records_hardship_case_id_hardship_cases_id_fk" FOREIGN KEY ("hardship_case_id") REFERENCES "public"."hardship_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_worker_care_records" ADD CONSTRAINT "model_worker_care_records_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_worker_honours" ADD CONSTRAINT "model_worker_honours_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_worker_honours" ADD CONSTRAINT "model_worker_honours_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_worker_profiles" ADD CONSTRAINT "model_worker_profiles_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_worker_profiles" ADD CONSTRAINT "model_worker_profiles_updated_by_accounts_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_worker_statuses" ADD CONSTRAINT "model_worker_statuses_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_worker_statuses" ADD CONSTRAINT "model_worker_statuses_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "model_worker_allowance_lines_once_key" ON "model_worker_allowance_lines" USING btree ("person_id","kind","period");--> statement-breakpoint
CREATE INDEX "model_worker_allowance_lines_run_idx" ON "model_worker_allowance_lines" USING btree ("run_id");--> statement-breakpoint
CREATE UNIQUE INDEX "model_worker_allowance_runs_one_draft_key" ON "model_worker_allowance_runs" USING btree ("org_id","kind","period") WHERE "model_worker_allowance_runs"."status" = 'draft';--> statement-breakpoint
CREATE INDEX "model_worker_allowance_runs_org_idx" ON "model_worker_allowance_runs" USING btree ("org_id","period");--> statement-breakpoint
CREATE INDEX "model_worker_care_records_person_idx" ON "model_worker_care_records" USING btree ("person_id","on");--> statement-breakpoint
CREATE UNIQUE INDEX "model_worker_honours_certificate_key" ON "model_worker_honours" USING btree ("level","certificate_no") WHERE "model_worker_honours"."certificate_no" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "model_worker_honours_person_level_year_key" ON "model_worker_honours" USING btree ("person_id","level","year");--> statement-breakpoint
CREATE INDEX "model_worker_statuses_person_idx" ON "model_worker_statuses" USING btree ("person_id","since");--> statement-breakpoint
CREATE UNIQUE INDEX "model_worker_statuses_one_death_key" ON "model_worker_statuses" USING btree ("person_id") WHERE "model_worker_statuses"."status" = 'deceased';