CREATE TABLE "campaign_adjustments" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "campaign_adjustments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"campaign_id" integer NOT NULL,
	"person_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"package_id" integer,
	"reason" text NOT NULL,
	"by_account_id" integer,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "campaign_allocations" (
	"campaign_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"parent_org_id" integer,
	"org_path" text NOT NULL,
	"quota" integer DEFAULT 0 NOT NULL,
	"budget_fen" bigint DEFAULT 0 NOT NULL,
	"child_quota" integer DEFAULT 0 NOT NULL,
	"child_budget_fen" bigint DEFAULT 0 NOT NULL,
	"spent_fen" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "campaign_allocations_campaign_id_org_id_pk" PRIMARY KEY("campaign_id","org_id"),
	CONSTRAINT "campaign_allocations_budget_check" CHECK ("campaign_allocations"."child_budget_fen" + "campaign_allocations"."spent_fen" <= "campaign_allocations"."budget_fen" and "campaign_allocations"."spent_fen" >= 0),
	CONSTRAINT "campaign_allocations_quota_check" CHECK ("campaign_allocations"."child_quota" <= "campaign_allocations"."quota")
);
--> statement-breakpoint
CREATE TABLE "campaign_beneficiaries" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "campaign_beneficiaries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"campaign_id" integer NOT NULL,
	"person_id" bigint NOT NULL,
	"org_id" integer NOT NULL,
	"org_path" text NOT NULL,
	"allocation_org_id" integer NOT NULL,
	"package_id" integer NOT NULL,
	"amount_fen" bigint NOT NULL,
	"source" text NOT NULL,
	"excluded" boolean DEFAULT false NOT NULL,
	"reason" text,
	"overlap" text,
	"max_count" integer DEFAULT 1 NOT NULL,
	"received" integer DEFAULT 0 NOT NULL,
	"lines_written" integer DEFAULT 0 NOT NULL,
	"last_received_at" timestamp with time zone,
	CONSTRAINT "campaign_beneficiaries_received_check" CHECK ("campaign_beneficiaries"."received" >= 0 and "campaign_beneficiaries"."received" <= "campaign_beneficiaries"."max_count" and ("campaign_beneficiaries"."received" = 0 or not "campaign_beneficiaries"."excluded"))
);
--> statement-breakpoint
CREATE TABLE "campaign_funds" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "campaign_funds_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"campaign_id" integer NOT NULL,
	"source" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"note" text,
	CONSTRAINT "campaign_funds_amount_check" CHECK ("campaign_funds"."amount_fen" > 0)
);
--> statement-breakpoint
CREATE TABLE "campaign_list_counts" (
	"campaign_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"org_path" text NOT NULL,
	"beneficiaries" integer NOT NULL,
	CONSTRAINT "campaign_list_counts_campaign_id_org_id_pk" PRIMARY KEY("campaign_id","org_id")
);
--> statement-breakpoint
CREATE TABLE "campaign_packages" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "campaign_packages_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"campaign_id" integer NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"value_fen" bigint NOT NULL,
	"items" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"rule" jsonb,
	"sort" integer NOT NULL,
	CONSTRAINT "campaign_packages_value_check" CHECK ("campaign_packages"."value_fen" > 0)
);
--> statement-breakpoint
CREATE TABLE "campaign_point_stock" (
	"point_id" integer NOT NULL,
	"package_id" integer NOT NULL,
	"quantity" integer NOT NULL,
	"issued" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "campaign_point_stock_point_id_package_id_pk" PRIMARY KEY("point_id","package_id"),
	CONSTRAINT "campaign_point_stock_check" CHECK ("campaign_point_stock"."issued" >= 0 and "campaign_point_stock"."issued" <= "campaign_point_stock"."quantity")
);
--> statement-breakpoint
CREATE TABLE "campaign_points" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "campaign_points_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"campaign_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"name" text NOT NULL,
	"address" text,
	"opens_on" date,
	"duty_account_ids" integer[] DEFAULT '{}'::int[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "campaign_progress" (
	"campaign_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"day" date NOT NULL,
	"org_path" text NOT NULL,
	"persons" integer DEFAULT 0 NOT NULL,
	"person_times" integer DEFAULT 0 NOT NULL,
	"amount_fen" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "campaign_progress_campaign_id_org_id_day_pk" PRIMARY KEY("campaign_id","org_id","day")
);
--> statement-breakpoint
CREATE TABLE "campaigns" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "campaigns_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"org_id" integer NOT NULL,
	"name" text NOT NULL,
	"theme" text,
	"kind" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"mode" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"max_per_person" integer DEFAULT 1 NOT NULL,
	"overlap_policy" text DEFAULT 'warn' NOT NULL,
	"description" text,
	"rule" jsonb NOT NULL,
	"created_by" integer,
	"approved_by" integer,
	"approved_at" timestamp with time zone,
	"frozen_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaigns_period_check" CHECK ("campaigns"."starts_on" <= "campaigns"."ends_on"),
	CONSTRAINT "campaigns_max_check" CHECK ("campaigns"."max_per_person" between 1 and 12),
	CONSTRAINT "campaigns_status_check" CHECK ("campaigns"."status" in ('draft', 'approved', 'running', 'ended', 'archived')),
	CONSTRAINT "campaigns_four_eyes_check" CHECK ("campaigns"."approved_by" is null or "campaigns"."created_by" is null or "campaigns"."approved_by" <> "campaigns"."created_by")
);
--> statement-breakpoint
CREATE TABLE "disbursement_lines" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "disbursement_lines_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"campaign_id" integer NOT NULL,
	"beneficiary_id" bigint NOT NULL,
	"person_id" bigint NOT NULL,
	"org_id" integer NOT NULL,
	"org_path" text NOT NULL,
	"point_id" integer,
	"package_id" integer NOT NULL,
	"allocation_org_id" integer NOT NULL,
	"kind" text NOT NULL,
	"seq" integer,
	"reverses_line_id" bigint,
	"amount_fen" bigint NOT NULL,
	"on" date NOT NULL,
	"reason" text,
	"idempotency_key" text NOT NULL,
	"handled_by" integer,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "disbursement_lines_kind_check" CHECK (("disbursement_lines"."kind" = 'issue' and "disbursement_lines"."seq" is not null and "disbursement_lines"."reverses_line_id" is null and "disbursement_lines"."amount_fen" >= 0)
      or ("disbursement_lines"."kind" = 'reversal' and "disbursement_lines"."seq" is null and "disbursement_lines"."reverses_line_id" is not null and "disbursement_lines"."amount_fen" <= 0 and "disbursement_lines"."reason" is not null))
);
--> statement-breakpoint
ALTER TABLE "campaign_adjustments" ADD CONSTRAINT "campaign_adjustments_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_adjustments" ADD CONSTRAINT "campaign_adjustments_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_adjustments" ADD CONSTRAINT "campaign_adjustments_package_id_campaign_packages_id_fk" FOREIGN KEY ("package_id") REFERENCES "public"."campaign_packages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_adjustments" ADD CONSTRAINT "campaign_adjustments_by_account_id_accounts_id_fk" FOREIGN KEY ("by_account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_allocations" ADD CONSTRAINT "campaign_allocations_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_allocations" ADD CONSTRAINT "campaign_allocations_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_allocations" ADD CONSTRAINT "campaign_allocations_parent_org_id_orgs_id_fk" FOREIGN KEY ("parent_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_beneficiaries" ADD CONSTRAINT "campaign_beneficiaries_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_beneficiaries" ADD CONSTRAINT "campaign_beneficiaries_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_beneficiaries" ADD CONSTRAINT "campaign_beneficiaries_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_beneficiaries" ADD CONSTRAINT "campaign_beneficiaries_package_id_campaign_packages_id_fk" FOREIGN KEY ("package_id") REFERENCES "public"."campaign_packages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_funds" ADD CONSTRAINT "campaign_funds_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_list_counts" ADD CONSTRAINT "campaign_list_counts_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_packages" ADD CONSTRAINT "campaign_packages_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_point_stock" ADD CONSTRAINT "campaign_point_stock_point_id_campaign_points_id_fk" FOREIGN KEY ("point_id") REFERENCES "public"."campaign_points"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_point_stock" ADD CONSTRAINT "campaign_point_stock_package_id_campaign_packages_id_fk" FOREIGN KEY ("package_id") REFERENCES "public"."campaign_packages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_points" ADD CONSTRAINT "campaign_points_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_points" ADD CONSTRAINT "campaign_points_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_progress" ADD CONSTRAINT "campaign_progress_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_approved_by_accounts_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disbursement_lines" ADD CONSTRAINT "disbursement_lines_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disbursement_lines" ADD CONSTRAINT "disbursement_lines_beneficiary_id_campaign_beneficiaries_id_fk" FOREIGN KEY ("beneficiary_id") REFERENCES "public"."campaign_beneficiaries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disbursement_lines" ADD CONSTRAINT "disbursement_lines_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disbursement_lines" ADD CONSTRAINT "disbursement_lines_point_id_campaign_points_id_fk" FOREIGN KEY ("point_id") REFERENCES "public"."campaign_points"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disbursement_lines" ADD CONSTRAINT "disbursement_lines_handled_by_accounts_id_fk" FOREIGN KEY ("handled_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "campaign_adjustments_person_key" ON "campaign_adjustments" USING btree ("campaign_id","person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "campaign_beneficiaries_person_key" ON "campaign_beneficiaries" USING btree ("campaign_id","person_id");--> statement-breakpoint
CREATE INDEX "campaign_beneficiaries_path_idx" ON "campaign_beneficiaries" USING btree ("campaign_id","org_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "campaign_beneficiaries_person_idx" ON "campaign_beneficiaries" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "campaign_funds_campaign_idx" ON "campaign_funds" USING btree ("campaign_id");--> statement-breakpoint
CREATE UNIQUE INDEX "campaign_packages_sort_key" ON "campaign_packages" USING btree ("campaign_id","sort");--> statement-breakpoint
CREATE INDEX "campaign_points_campaign_idx" ON "campaign_points" USING btree ("campaign_id");--> statement-breakpoint
CREATE UNIQUE INDEX "campaign_points_name_key" ON "campaign_points" USING btree ("campaign_id","name");--> statement-breakpoint
CREATE INDEX "campaigns_org_idx" ON "campaigns" USING btree ("org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "disbursement_lines_idempotency_key" ON "disbursement_lines" USING btree ("idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "disbursement_lines_seq_key" ON "disbursement_lines" USING btree ("beneficiary_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "disbursement_lines_reverses_key" ON "disbursement_lines" USING btree ("reverses_line_id");--> statement-breakpoint
CREATE INDEX "disbursement_lines_point_idx" ON "disbursement_lines" USING btree ("point_id");--> statement-breakpoint
CREATE INDEX "disbursement_lines_person_idx" ON "disbursement_lines" USING btree ("person_id");