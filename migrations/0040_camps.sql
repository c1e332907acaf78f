CREATE TABLE "camp_applications" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "camp_applications_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"event_id" integer NOT NULL,
	"no" integer NOT NULL,
	"child_id" bigint NOT NULL,
	"guardian_person_id" bigint NOT NULL,
	"dual_earner" boolean DEFAULT false NOT NULL,
	"groups" text[] DEFAULT '{}'::text[] NOT NULL,
	"age" smallint NOT NULL,
	"grade" smallint NOT NULL,
	"status" text DEFAULT 'applied' NOT NULL,
	"draw_rank" integer,
	"draw_outcome" text,
	"won_via" text,
	"waiting_no" integer,
	"signup_id" bigint,
	"source" text NOT NULL,
	"created_by" integer,
	"worker_id" integer,
	"withdrawn_at" timestamp with time zone,
	"withdraw_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "camp_applications_no_check" CHECK ("camp_applications"."no" >= 1),
	CONSTRAINT "camp_applications_status_check" CHECK ("camp_applications"."status" in ('applied', 'selected', 'waiting', 'withdrawn')),
	CONSTRAINT "camp_applications_source_check" CHECK ("camp_applications"."source" in ('staff', 'worker')),
	CONSTRAINT "camp_applications_groups_check" CHECK ("camp_applications"."groups" <@ array['hardship', 'model_worker', 'sanitation', 'new_form', 'dual_earner']::text[]),
	CONSTRAINT "camp_applications_drawn_check" CHECK (("camp_applications"."draw_rank" is null) = ("camp_applications"."draw_outcome" is null)),
	CONSTRAINT "camp_applications_outcome_check" CHECK ("camp_applications"."draw_outcome" is null or "camp_applications"."draw_outcome" in ('hardship', 'model_worker', 'sanitation', 'new_form', 'dual_earner', 'draw', 'waiting')),
	CONSTRAINT "camp_applications_selected_check" CHECK ("camp_applications"."status" <> 'selected' or ("camp_applications"."signup_id" is not null and "camp_applications"."won_via" is not null)),
	CONSTRAINT "camp_applications_waiting_check" CHECK ("camp_applications"."status" <> 'waiting' or "camp_applications"."waiting_no" is not null),
	CONSTRAINT "camp_applications_withdrawn_check" CHECK (("camp_applications"."status" = 'withdrawn') = ("camp_applications"."withdrawn_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "camp_children" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "camp_children_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"guardian_person_id" bigint NOT NULL,
	"name" text NOT NULL,
	"sex" text NOT NULL,
	"birth_date" date NOT NULL,
	"id_type" text NOT NULL,
	"id_number_enc" text NOT NULL,
	"id_number_bidx" text NOT NULL,
	"id_masked" text NOT NULL,
	"grade" smallint NOT NULL,
	"consent_given_by" text NOT NULL,
	"consent_relation" text NOT NULL,
	"consent_given_on" date NOT NULL,
	"consent_purpose" text NOT NULL,
	"consent_channel" text NOT NULL,
	"recorded_by" integer,
	"worker_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "camp_children_sex_check" CHECK ("camp_children"."sex" in ('male', 'female')),
	CONSTRAINT "camp_children_id_type_check" CHECK ("camp_children"."id_type" in ('resident', 'hmt_residence', 'foreigner_permanent')),
	CONSTRAINT "camp_children_grade_check" CHECK ("camp_children"."grade" between 0 and 12),
	CONSTRAINT "camp_children_relation_check" CHECK ("camp_children"."consent_relation" in ('father', 'mother', 'guardian')),
	CONSTRAINT "camp_children_consent_check" CHECK (length("camp_children"."consent_given_by") > 0 and length("camp_children"."consent_purpose") > 0 and "camp_children"."consent_channel" in ('staff', 'worker')
          and ("camp_children"."consent_channel" <> 'staff' or "camp_children"."recorded_by" is not null) and ("camp_children"."consent_channel" <> 'worker' or "camp_children"."worker_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "camps" (
	"event_id" integer PRIMARY KEY NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"place" text NOT NULL,
	"places" integer NOT NULL,
	"min_age" smallint NOT NULL,
	"max_age" smallint NOT NULL,
	"min_grade" smallint NOT NULL,
	"max_grade" smallint NOT NULL,
	"reserved_hardship" integer DEFAULT 0 NOT NULL,
	"reserved_model_worker" integer DEFAULT 0 NOT NULL,
	"reserved_sanitation" integer DEFAULT 0 NOT NULL,
	"reserved_new_form" integer DEFAULT 0 NOT NULL,
	"reserved_dual_earner" integer DEFAULT 0 NOT NULL,
	"next_no" integer DEFAULT 0 NOT NULL,
	"announced_value" text,
	"seed" text,
	"published_at" timestamp with time zone,
	"published_by" integer,
	"drawn_at" timestamp with time zone,
	"drawn_by" integer,
	CONSTRAINT "camps_period_check" CHECK ("camps"."starts_on" <= "camps"."ends_on"),
	CONSTRAINT "camps_places_check" CHECK ("camps"."places" >= 1),
	CONSTRAINT "camps_age_check" CHECK ("camps"."min_age" between 3 and 18 and "camps"."max_age" between 3 and 18 and "camps"."min_age" <= "camps"."max_age"),
	CONSTRAINT "camps_grade_check" CHECK ("camps"."min_grade" between 0 and 12 and "camps"."max_grade" between 0 and 12 and "camps"."min_grade" <= "camps"."max_grade"),
	CONSTRAINT "camps_reserved_check" CHECK ("camps"."reserved_hardship" >= 0 and "camps"."reserved_model_worker" >= 0 and "camps"."reserved_sanitation" >= 0 and "camps"."reserved_new_form" >= 0 and "camps"."reserved_dual_earner" >= 0
          and "camps"."reserved_hardship" + "camps"."reserved_model_worker" + "camps"."reserved_sanitation" + "camps"."reserved_new_form" + "camps"."reserved_dual_earner" <= "camps"."places"),
	CONSTRAINT "camps_seed_check" CHECK (("camps"."seed" is null) = ("camps"."published_at" is null) and ("camps"."seed" is null) = ("camps"."announced_value" is null) and ("camps"."seed" is null or "camps"."seed" ~ '^[0-9a-f]{64}$')),
	CONSTRAINT "camps_drawn_check" CHECK ("camps"."drawn_at" is null or ("camps"."published_at" is not null and "camps"."drawn_at" >= "camps"."published_at"))
);
--> statement-breakpoint
ALTER TABLE "camp_applications" ADD CONSTRAINT "camp_applications_event_id_camps_event_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."camps"("event_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "camp_applications" ADD CONSTRAINT "camp_applications_child_id_camp_children_id_fk" FOREIGN KEY ("child_id") REFERENCES "public"."camp_children"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "camp_applications" ADD CONSTRAINT "camp_applications_guardian_person_id_persons_id_fk" FOREIGN KEY ("guardian_person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "camp_applications" ADD CONSTRAINT "camp_applications_signup_id_event_signups_id_fk" FOREIGN KEY ("signup_id") REFERENCES "public"."event_signups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "camp_applications" ADD CONSTRAINT "camp_applications_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "camp_applications" ADD CONSTRAINT "camp_applications_worker_id_worker_accounts_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."worker_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "camp_children" ADD CONSTRAINT "camp_children_guardian_person_id_persons_id_fk" FOREIGN KEY ("guardian_person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "camp_children" ADD CONSTRAINT "camp_children_recorded_by_accounts_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "camp_children" ADD CONSTRAINT "camp_children_worker_id_worker_accounts_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."worker_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "camps" ADD CONSTRAINT "camps_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "camps" ADD CONSTRAINT "camps_published_by_accounts_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "camps" ADD CONSTRAINT "camps_drawn_by_accounts_id_fk" FOREIGN KEY ("drawn_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "camp_applications_no_key" ON "camp_applications" USING btree ("event_id","no");--> statement-breakpoint
CREATE UNIQUE INDEX "camp_applications_child_key" ON "camp_applications" USING btree ("event_id","child_id") WHERE "camp_applications"."status" <> 'withdrawn';--> statement-breakpoint
CREATE UNIQUE INDEX "camp_applications_guardian_key" ON "camp_applications" USING btree ("event_id","guardian_person_id") WHERE "camp_applications"."status" <> 'withdrawn';--> statement-breakpoint
CREATE UNIQUE INDEX "camp_applications_rank_key" ON "camp_applications" USING btree ("event_id","draw_rank");--> statement-breakpoint
CREATE INDEX "camp_applications_child_idx" ON "camp_applications" USING btree ("child_id");--> statement-breakpoint
CREATE INDEX "camp_applications_guardian_idx" ON "camp_applications" USING btree ("guardian_person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "camp_children_id_number_key" ON "camp_children" USING btree ("id_number_bidx","id_type");--> statement-breakpoint
CREATE INDEX "camp_children_guardian_idx" ON "camp_children" USING btree ("guardian_person_id");