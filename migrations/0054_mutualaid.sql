CREATE TABLE "mutualaid_batches" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "mutualaid_batches_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"plan_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"source" text NOT NULL,
	"payer" text NOT NULL,
	"employer" text,
	"persons" integer NOT NULL,
	"amount_fen" bigint NOT NULL,
	"paid_on" date,
	"note" text,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mutualaid_batches_source_check" CHECK ("mutualaid_batches"."source" in ('rule', 'sheet', 'gift', 'self')),
	CONSTRAINT "mutualaid_batches_payer_check" CHECK ("mutualaid_batches"."payer" in ('employer', 'union', 'self') and ("mutualaid_batches"."source" <> 'gift' or "mutualaid_batches"."payer" = 'union'))
);
--> statement-breakpoint
CREATE TABLE "mutualaid_claim_documents" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "mutualaid_claim_documents_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"claim_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"file_name" text NOT NULL,
	"mime" text NOT NULL,
	"content" "bytea" NOT NULL,
	"uploaded_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mutualaid_claim_invoices" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "mutualaid_claim_invoices_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"claim_id" bigint NOT NULL,
	"invoice_no" text NOT NULL,
	"live" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mutualaid_claim_steps" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "mutualaid_claim_steps_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"claim_id" bigint NOT NULL,
	"action" text NOT NULL,
	"note" text,
	"by" integer,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mutualaid_claims" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "mutualaid_claims_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"claim_no" text NOT NULL,
	"plan_id" integer NOT NULL,
	"enrolment_id" bigint NOT NULL,
	"person_id" bigint NOT NULL,
	"org_id" integer NOT NULL,
	"event_date" date NOT NULL,
	"admitted_on" date,
	"discharged_on" date,
	"facts" jsonb NOT NULL,
	"documents" text[] NOT NULL,
	"claimed_fen" bigint NOT NULL,
	"computed_fen" bigint NOT NULL,
	"approved_fen" bigint,
	"paid_fen" bigint,
	"explanation" text NOT NULL,
	"flags" jsonb NOT NULL,
	"bank_name" text,
	"bank_account_enc" text,
	"bank_account_masked" text,
	"status" text DEFAULT 'received' NOT NULL,
	"note" text,
	"reject_reason" text,
	"appeal_reason" text,
	"payment_id" integer,
	"received_by" integer,
	"reviewed_by" integer,
	"rechecked_by" integer,
	"approved_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mutualaid_claims_claim_no_unique" UNIQUE("claim_no"),
	CONSTRAINT "mutualaid_claims_status_check" CHECK ("mutualaid_claims"."status" in ('received', 'reviewed', 'rechecked', 'approved', 'paid', 'rejected')),
	CONSTRAINT "mutualaid_claims_four_eyes_check" CHECK ("mutualaid_claims"."rechecked_by" is null or "mutualaid_claims"."reviewed_by" is null or "mutualaid_claims"."rechecked_by" <> "mutualaid_claims"."reviewed_by"),
	CONSTRAINT "mutualaid_claims_approved_check" CHECK ("mutualaid_claims"."approved_fen" is null or ("mutualaid_claims"."approved_fen" >= 0 and "mutualaid_claims"."approved_fen" <= "mutualaid_claims"."computed_fen")),
	CONSTRAINT "mutualaid_claims_paid_check" CHECK (("mutualaid_claims"."status" = 'paid') = ("mutualaid_claims"."paid_fen" is not null) and ("mutualaid_claims"."paid_fen" is null or "mutualaid_claims"."paid_fen" = "mutualaid_claims"."approved_fen")),
	CONSTRAINT "mutualaid_claims_rejected_check" CHECK (("mutualaid_claims"."status" = 'rejected') = ("mutualaid_claims"."reject_reason" is not null)),
	CONSTRAINT "mutualaid_claims_stay_check" CHECK ("mutualaid_claims"."discharged_on" is null or "mutualaid_claims"."admitted_on" is null or "mutualaid_claims"."discharged_on" >= "mutualaid_claims"."admitted_on")
);
--> statement-breakpoint
CREATE TABLE "mutualaid_enrolments" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "mutualaid_enrolments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"plan_id" integer NOT NULL,
	"period" text NOT NULL,
	"person_id" bigint NOT NULL,
	"batch_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"occupation" text,
	"employer" text,
	"gifted" boolean DEFAULT false NOT NULL,
	"contribution_fen" bigint NOT NULL,
	"cover_from" date NOT NULL,
	"cover_to" date NOT NULL,
	"yearly_cap_fen" bigint,
	"approved_fen" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mutualaid_enrolments_once_key" UNIQUE("plan_id","period","person_id"),
	CONSTRAINT "mutualaid_enrolments_cover_check" CHECK ("mutualaid_enrolments"."cover_from" <= "mutualaid_enrolments"."cover_to"),
	CONSTRAINT "mutualaid_enrolments_cap_check" CHECK ("mutualaid_enrolments"."approved_fen" >= 0 and ("mutualaid_enrolments"."yearly_cap_fen" is null or "mutualaid_enrolments"."approved_fen" <= "mutualaid_enrolments"."yearly_cap_fen"))
);
--> statement-breakpoint
CREATE TABLE "mutualaid_payments" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "mutualaid_payments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"org_id" integer NOT NULL,
	"status" text DEFAULT 'exported' NOT NULL,
	"claims" integer NOT NULL,
	"amount_fen" bigint NOT NULL,
	"paid" integer DEFAULT 0 NOT NULL,
	"failed" integer DEFAULT 0 NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mutualaid_payments_status_check" CHECK ("mutualaid_payments"."status" in ('exported', 'settled'))
);
--> statement-breakpoint
CREATE TABLE "mutualaid_plans" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "mutualaid_plans_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"org_id" integer NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"term_start" date NOT NULL,
	"term_end" date NOT NULL,
	"contribution_fen" bigint NOT NULL,
	"audience" jsonb NOT NULL,
	"waiting_days" integer NOT NULL,
	"exclusions" text,
	"formula" jsonb NOT NULL,
	"required_documents" text[] NOT NULL,
	"self_enrol" boolean DEFAULT false NOT NULL,
	"claim_deadline_days" integer NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mutualaid_plans_term_check" CHECK ("mutualaid_plans"."term_start" < "mutualaid_plans"."term_end" and "mutualaid_plans"."term_end" <= "mutualaid_plans"."term_start" + interval '1 year'),
	CONSTRAINT "mutualaid_plans_status_check" CHECK ("mutualaid_plans"."status" in ('draft', 'open', 'closed')),
	CONSTRAINT "mutualaid_plans_kind_check" CHECK ("mutualaid_plans"."kind" in ('hospital', 'accident', 'women', 'critical', 'new_form_accident')),
	CONSTRAINT "mutualaid_plans_money_check" CHECK ("mutualaid_plans"."contribution_fen" >= 0 and "mutualaid_plans"."waiting_days" >= 0)
);
--> statement-breakpoint
ALTER TABLE "mutualaid_batches" ADD CONSTRAINT "mutualaid_batches_plan_id_mutualaid_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."mutualaid_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mutualaid_batches" ADD CONSTRAINT "mutualaid_batches_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mutualaid_batches" ADD CONSTRAINT "mutualaid_batches_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mutualaid_claim_documents" ADD CONSTRAINT "mutualaid_claim_documents_claim_id_mutualaid_claims_id_fk" FOREIGN KEY ("claim_id") REFERENCES "public"."mutualaid_claims"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mutualaid_claim_documents" ADD CONSTRAINT "mutualaid_claim_documents_uploaded_by_accounts_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mutualaid_claim_invoices" ADD CONSTRAINT "mutualaid_claim_invoices_claim_id_mutualaid_claims_id_fk" FOREIGN KEY ("claim_id") REFERENCES "public"."mutualaid_claims"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mutualaid_claim_steps" ADD CONSTRAINT "mutualaid_claim_steps_claim_id_mutualaid_claims_id_fk" FOREIGN KEY ("claim_id") REFERENCES "public"."mutualaid_claims"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mutualaid_claim_steps" ADD CONSTRAINT "mutualaid_claim_steps_by_accounts_id_fk" FOREIGN KEY ("by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mutualaid_claims" ADD CONSTRAINT "mutualaid_claims_plan_id_mutualaid_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."mutualaid_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mutualaid_claims" ADD CONSTRAINT "mutualaid_claims_enrolment_id_mutualaid_enrolments_id_fk" FOREIGN KEY ("enrolment_id") REFERENCES "public"."mutualaid_enrolments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mutualaid_claims" ADD CONSTRAINT "mutualaid_claims_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mutualaid_claims" ADD CONSTRAINT "mutualaid_claims_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mutualaid_claims" ADD CONSTRAINT "mutualaid_claims_payment_id_mutualaid_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."mutualaid_payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mutualaid_claims" ADD CONSTRAINT "mutualaid_claims_received_by_accounts_id_fk" FOREIGN KEY ("received_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mutualaid_claims" ADD CONSTRAINT "mutualaid_claims_reviewed_by_accounts_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mutualaid_claims" ADD CONSTRAINT "mutualaid_claims_rechecked_by_accounts_id_fk" FOREIGN KEY ("rechecked_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mutualaid_claims" ADD CONSTRAINT "mutualaid_claims_approved_by_accounts_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mutualaid_enrolments" ADD CONSTRAINT "mutualaid_enrolments_plan_id_mutualaid_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."mutualaid_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mutualaid_enrolments" ADD CONSTRAINT "mutualaid_enrolments_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mutualaid_enrolments" ADD CONSTRAINT "mutualaid_enrolments_batch_id_mutualaid_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."mutualaid_batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mutualaid_enrolments" ADD CONSTRAINT "mutualaid_enrolments_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mutualaid_payments" ADD CONSTRAINT "mutualaid_payments_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mutualaid_payments" ADD CONSTRAINT "mutualaid_payments_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mutualaid_plans" ADD CONSTRAINT "mutualaid_plans_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mutualaid_plans" ADD CONSTRAINT "mutualaid_plans_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "mutualaid_batches_plan_idx" ON "mutualaid_batches" USING btree ("plan_id");--> statement-breakpoint
CREATE INDEX "mutualaid_claim_documents_claim_idx" ON "mutualaid_claim_documents" USING btree ("claim_id");--> statement-breakpoint
CREATE UNIQUE INDEX "mutualaid_claim_invoices_live_key" ON "mutualaid_claim_invoices" USING btree ("invoice_no") WHERE "mutualaid_claim_invoices"."live";--> statement-breakpoint
CREATE INDEX "mutualaid_claim_invoices_claim_idx" ON "mutualaid_claim_invoices" USING btree ("claim_id");--> statement-breakpoint
CREATE INDEX "mutualaid_claim_steps_claim_idx" ON "mutualaid_claim_steps" USING btree ("claim_id");--> statement-breakpoint
CREATE INDEX "mutualaid_claims_org_idx" ON "mutualaid_claims" USING btree ("org_id","id");--> statement-breakpoint
CREATE INDEX "mutualaid_claims_status_idx" ON "mutualaid_claims" USING btree ("status","org_id");--> statement-breakpoint
CREATE INDEX "mutualaid_claims_person_idx" ON "mutualaid_claims" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "mutualaid_claims_enrolment_idx" ON "mutualaid_claims" USING btree ("enrolment_id");--> statement-breakpoint
CREATE INDEX "mutualaid_enrolments_person_idx" ON "mutualaid_enrolments" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "mutualaid_enrolments_org_idx" ON "mutualaid_enrolments" USING btree ("plan_id","org_id");--> statement-breakpoint
CREATE INDEX "mutualaid_payments_org_idx" ON "mutualaid_payments" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "mutualaid_plans_org_idx" ON "mutualaid_plans" USING btree ("org_id");