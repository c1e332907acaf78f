CREATE TABLE "recuperation_applications" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "recuperation_applications_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"event_id" integer NOT NULL,
	"person_id" bigint NOT NULL,
	"org_id" integer NOT NULL,
	"source" text NOT NULL,
	"created_by" integer,
	"worker_id" integer,
	"health_declared" boolean NOT NULL,
	"score" integer DEFAULT 0 NOT NULL,
	"service_years" integer DEFAULT 0 NOT NULL,
	"explanation" jsonb NOT NULL,
	"excluded_reason" text,
	"rank" integer,
	"status" text DEFAULT 'pending' NOT NULL,
	"signup_id" bigint,
	"withdrawn_at" timestamp with time zone,
	"withdraw_reason" text,
	"emergency_name" text,
	"emergency_phone_enc" text,
	"emergency_phone_masked" text,
	"trip_health_declared" boolean,
	"second_form_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "recuperation_applications_source_check" CHECK ("recuperation_applications"."source" in ('nominated', 'applied')),
	CONSTRAINT "recuperation_applications_status_check" CHECK ("recuperation_applications"."status" in ('pending', 'selected', 'reserve', 'withdrawn')),
	CONSTRAINT "recuperation_applications_selected_check" CHECK (("recuperation_applications"."status" = 'selected') = ("recuperation_applications"."signup_id" is not null) or "recuperation_applications"."status" = 'withdrawn'),
	CONSTRAINT "recuperation_applications_excluded_check" CHECK ("recuperation_applications"."excluded_reason" is null or ("recuperation_applications"."status" <> 'selected' and "recuperation_applications"."rank" is null)),
	CONSTRAINT "recuperation_applications_withdrawn_check" CHECK (("recuperation_applications"."status" = 'withdrawn') = ("recuperation_applications"."withdrawn_at" is not null)),
	CONSTRAINT "recuperation_applications_second_form_check" CHECK ("recuperation_applications"."second_form_at" is null or ("recuperation_applications"."status" in ('selected', 'withdrawn') and "recuperation_applications"."emergency_phone_enc" is not null and "recuperation_applications"."trip_health_declared"))
);
--> statement-breakpoint
CREATE TABLE "recuperation_batches" (
	"event_id" integer PRIMARY KEY NOT NULL,
	"year" smallint NOT NULL,
	"destination" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"subsidy_fen" integer NOT NULL,
	"stage" text DEFAULT 'applying' NOT NULL,
	"notice_starts_on" date,
	"notice_ends_on" date,
	"noticed_by" integer,
	"confirmed_at" timestamp with time zone,
	"confirmed_by" integer,
	CONSTRAINT "recuperation_batches_stage_check" CHECK ("recuperation_batches"."stage" in ('applying', 'noticed', 'confirmed')),
	CONSTRAINT "recuperation_batches_period_check" CHECK ("recuperation_batches"."starts_on" <= "recuperation_batches"."ends_on"),
	CONSTRAINT "recuperation_batches_year_check" CHECK ("recuperation_batches"."year" between 2000 and 2100),
	CONSTRAINT "recuperation_batches_subsidy_check" CHECK ("recuperation_batches"."subsidy_fen" between 0 and 10000000),
	CONSTRAINT "recuperation_batches_notice_check" CHECK (("recuperation_batches"."stage" = 'applying') = ("recuperation_batches"."notice_ends_on" is null) and ("recuperation_batches"."notice_starts_on" is null) = ("recuperation_batches"."notice_ends_on" is null) and ("recuperation_batches"."notice_ends_on" is null or "recuperation_batches"."notice_starts_on" <= "recuperation_batches"."notice_ends_on")),
	CONSTRAINT "recuperation_batches_confirmed_check" CHECK (("recuperation_batches"."stage" = 'confirmed') = ("recuperation_batches"."confirmed_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "recuperation_objections" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "recuperation_objections_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"event_id" integer NOT NULL,
	"application_id" bigint NOT NULL,
	"text" text NOT NULL,
	"recorded_by" integer,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"outcome" text,
	"resolution" text,
	"resolved_by" integer,
	"resolved_at" timestamp with time zone,
	CONSTRAINT "recuperation_objections_outcome_check" CHECK ("recuperation_objections"."outcome" is null or "recuperation_objections"."outcome" in ('upheld', 'dismissed')),
	CONSTRAINT "recuperation_objections_resolved_check" CHECK (("recuperation_objections"."outcome" is null) = ("recuperation_objections"."resolved_at" is null) and ("recuperation_objections"."outcome" is null) = ("recuperation_objections"."resolution" is null))
);
--> statement-breakpoint
CREATE TABLE "recuperation_subsidies" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "recuperation_subsidies_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"event_id" integer NOT NULL,
	"application_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"amount_fen" integer NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "recuperation_subsidies_kind_check" CHECK ("recuperation_subsidies"."kind" in ('grant', 'reversal')),
	CONSTRAINT "recuperation_subsidies_sign_check" CHECK (("recuperation_subsidies"."kind" = 'grant' and "recuperation_subsidies"."amount_fen" >= 0) or ("recuperation_subsidies"."kind" = 'reversal' and "recuperation_subsidies"."amount_fen" <= 0))
);
--> statement-breakpoint
ALTER TABLE "recuperation_applications" ADD CONSTRAINT "recuperation_applications_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recuperation_applications" ADD CONSTRAINT "recuperation_applications_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recuperation_applications" ADD CONSTRAINT "recuperation_applications_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recuperation_applications" ADD CONSTRAINT "recuperation_applications_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recuperation_applications" ADD CONSTRAINT "recuperation_applications_worker_id_worker_accounts_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."worker_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recuperation_applications" ADD CONSTRAINT "recuperation_applications_signup_id_event_signups_id_fk" FOREIGN KEY ("signup_id") REFERENCES "public"."event_signups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recuperation_batches" ADD CONSTRAINT "recuperation_batches_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recuperation_batches" ADD CONSTRAINT "recuperation_batches_noticed_by_accounts_id_fk" FOREIGN KEY ("noticed_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recuperation_batches" ADD CONSTRAINT "recuperation_batches_confirmed_by_accounts_id_fk" FOREIGN KEY ("confirmed_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recuperation_objections" ADD CONSTRAINT "recuperation_objections_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recuperation_objections" ADD CONSTRAINT "recuperation_objections_application_id_recuperation_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."recuperation_applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recuperation_objections" ADD CONSTRAINT "recuperation_objections_recorded_by_accounts_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recuperation_objections" ADD CONSTRAINT "recuperation_objections_resolved_by_accounts_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recuperation_subsidies" ADD CONSTRAINT "recuperation_subsidies_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recuperation_subsidies" ADD CONSTRAINT "recuperation_subsidies_application_id_recuperation_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."recuperation_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recuperation_subsidies" ADD CONSTRAINT "recuperation_subsidies_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "recuperation_applications_person_key" ON "recuperation_applications" USING btree ("event_id","person_id");--> statement-breakpoint
CREATE INDEX "recuperation_applications_person_idx" ON "recuperation_applications" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "recuperation_applications_rank_idx" ON "recuperation_applications" USING btree ("event_id","rank");--> statement-breakpoint
CREATE INDEX "recuperation_objections_event_idx" ON "recuperation_objections" USING btree ("event_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "recuperation_subsidies_line_key" ON "recuperation_subsidies" USING btree ("application_id","kind");--> statement-breakpoint
CREATE INDEX "recuperation_subsidies_event_idx" ON "recuperation_subsidies" USING btree ("event_id","id");