CREATE TABLE "volunteer_certificates" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "volunteer_certificates_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"volunteer_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"org_path" text NOT NULL,
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"minutes" integer NOT NULL,
	"records" integer NOT NULL,
	"issued_by" integer,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoke_reason" text,
	CONSTRAINT "volunteer_certificates_period_check" CHECK ("volunteer_certificates"."period_to" >= "volunteer_certificates"."period_from"),
	CONSTRAINT "volunteer_certificates_revoke_check" CHECK (("volunteer_certificates"."revoked_at" is null) = ("volunteer_certificates"."revoke_reason" is null))
);
--> statement-breakpoint
CREATE TABLE "volunteer_orders" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "volunteer_orders_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"org_id" integer NOT NULL,
	"org_path" text NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"detail" text,
	"place" text NOT NULL,
	"wanted_on" date NOT NULL,
	"person_id" bigint,
	"ordered_by" integer,
	"status" text DEFAULT 'ordered' NOT NULL,
	"team_id" integer,
	"dispatched_by" integer,
	"dispatched_at" timestamp with time zone,
	"volunteer_id" integer,
	"accepted_at" timestamp with time zone,
	"started_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"note" text,
	"rating" smallint,
	"comment" text,
	"rated_at" timestamp with time zone,
	"decline_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "volunteer_orders_kind_check" CHECK ("volunteer_orders"."kind" in ('legal','health','culture','care','skills','event','other')),
	CONSTRAINT "volunteer_orders_by_check" CHECK ("volunteer_orders"."person_id" is not null or "volunteer_orders"."ordered_by" is not null),
	CONSTRAINT "volunteer_orders_flow_check" CHECK (case "volunteer_orders"."status"
            when 'ordered' then "volunteer_orders"."team_id" is null and "volunteer_orders"."volunteer_id" is null
            when 'dispatched' then "volunteer_orders"."team_id" is not null and "volunteer_orders"."volunteer_id" is null
            when 'accepted' then "volunteer_orders"."team_id" is not null and "volunteer_orders"."volunteer_id" is not null and "volunteer_orders"."ended_at" is null
            when 'done' then "volunteer_orders"."volunteer_id" is not null and "volunteer_orders"."ended_at" is not null and "volunteer_orders"."rating" is null
            when 'rated' then "volunteer_orders"."volunteer_id" is not null and "volunteer_orders"."ended_at" is not null and "volunteer_orders"."rating" between 1 and 5
            when 'declined' then "volunteer_orders"."decline_reason" is not null and "volunteer_orders"."volunteer_id" is null
            else "volunteer_orders"."volunteer_id" is null end),
	CONSTRAINT "volunteer_orders_span_check" CHECK ("volunteer_orders"."ended_at" is null or "volunteer_orders"."ended_at" > "volunteer_orders"."started_at")
);
--> statement-breakpoint
CREATE TABLE "volunteer_projects" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "volunteer_projects_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"org_id" integer NOT NULL,
	"org_path" text NOT NULL,
	"kind" text NOT NULL,
	"team_id" integer,
	"place" text NOT NULL,
	"intro" text,
	"status" text DEFAULT 'open' NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "volunteer_projects_kind_check" CHECK ("volunteer_projects"."kind" in ('legal','health','culture','care','skills','event','other')),
	CONSTRAINT "volunteer_projects_status_check" CHECK ("volunteer_projects"."status" in ('open', 'closed'))
);
--> statement-breakpoint
CREATE TABLE "volunteer_records" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "volunteer_records_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"volunteer_id" integer NOT NULL,
	"project_id" integer,
	"shift_id" integer,
	"order_id" integer,
	"org_path" text NOT NULL,
	"day" date NOT NULL,
	"pair_no" smallint,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"minutes" integer GENERATED ALWAYS AS ((floor(extract(epoch from (ended_at - started_at)) / 60))::int) STORED,
	"source" text NOT NULL,
	"status" text NOT NULL,
	"reason" text,
	"created_by" integer,
	"reviewed_by" integer,
	"reviewed_at" timestamp with time zone,
	"review_note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "volunteer_records_source_check" CHECK ("volunteer_records"."source" in ('qr', 'backfill', 'order')),
	CONSTRAINT "volunteer_records_status_check" CHECK ("volunteer_records"."status" in ('open', 'pending', 'valid', 'rejected')),
	CONSTRAINT "volunteer_records_order_check" CHECK (("volunteer_records"."source" = 'order') = ("volunteer_records"."order_id" is not null and "volunteer_records"."project_id" is null)),
	CONSTRAINT "volunteer_records_pair_check" CHECK (case when "volunteer_records"."source" = 'order' or "volunteer_records"."status" = 'rejected' then "volunteer_records"."pair_no" is null else "volunteer_records"."pair_no" between 1 and 3 end),
	CONSTRAINT "volunteer_records_open_check" CHECK (("volunteer_records"."status" = 'open') = ("volunteer_records"."ended_at" is null)),
	CONSTRAINT "volunteer_records_span_check" CHECK ("volunteer_records"."ended_at" is null or ("volunteer_records"."ended_at" > "volunteer_records"."started_at" and "volunteer_records"."ended_at" - "volunteer_records"."started_at" <= interval '24 hours')),
	CONSTRAINT "volunteer_records_review_check" CHECK ("volunteer_records"."status" not in ('valid', 'rejected') or "volunteer_records"."source" <> 'backfill' or "volunteer_records"."reviewed_by" is not null)
);
--> statement-breakpoint
CREATE TABLE "volunteer_shifts" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "volunteer_shifts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"project_id" integer NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"place" text,
	"capacity" integer NOT NULL,
	"checkin_code" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "volunteer_shifts_span_check" CHECK ("volunteer_shifts"."ends_at" > "volunteer_shifts"."starts_at" and "volunteer_shifts"."ends_at" - "volunteer_shifts"."starts_at" <= interval '24 hours'),
	CONSTRAINT "volunteer_shifts_capacity_check" CHECK ("volunteer_shifts"."capacity" between 1 and 1000)
);
--> statement-breakpoint
CREATE TABLE "volunteer_signups" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "volunteer_signups_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"shift_id" integer NOT NULL,
	"volunteer_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "volunteer_team_members" (
	"team_id" integer NOT NULL,
	"volunteer_id" integer NOT NULL,
	"leader" boolean DEFAULT false NOT NULL,
	"joined_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "volunteer_team_members_team_id_volunteer_id_pk" PRIMARY KEY("team_id","volunteer_id")
);
--> statement-breakpoint
CREATE TABLE "volunteer_teams" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "volunteer_teams_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"org_id" integer NOT NULL,
	"org_path" text NOT NULL,
	"intro" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "volunteers" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "volunteers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"person_id" bigint NOT NULL,
	"org_id" integer NOT NULL,
	"org_path" text NOT NULL,
	"skills" text[] DEFAULT '{}'::text[] NOT NULL,
	"availability" text[] DEFAULT '{}'::text[] NOT NULL,
	"intro" text,
	"status" text DEFAULT 'active' NOT NULL,
	"joined_on" date NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "volunteers_status_check" CHECK ("volunteers"."status" in ('active', 'left')),
	CONSTRAINT "volunteers_skills_check" CHECK ("volunteers"."skills" <@ array['legal','medical','psych','teaching','culture','repair','driving','registration','caring','it']::text[]),
	CONSTRAINT "volunteers_availability_check" CHECK ("volunteers"."availability" <@ array['weekday','evening','weekend']::text[])
);
--> statement-breakpoint
ALTER TABLE "volunteer_certificates" ADD CONSTRAINT "volunteer_certificates_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_certificates" ADD CONSTRAINT "volunteer_certificates_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_certificates" ADD CONSTRAINT "volunteer_certificates_issued_by_accounts_id_fk" FOREIGN KEY ("issued_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_orders" ADD CONSTRAINT "volunteer_orders_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_orders" ADD CONSTRAINT "volunteer_orders_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_orders" ADD CONSTRAINT "volunteer_orders_ordered_by_accounts_id_fk" FOREIGN KEY ("ordered_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_orders" ADD CONSTRAINT "volunteer_orders_team_id_volunteer_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."volunteer_teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_orders" ADD CONSTRAINT "volunteer_orders_dispatched_by_accounts_id_fk" FOREIGN KEY ("dispatched_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_orders" ADD CONSTRAINT "volunteer_orders_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_projects" ADD CONSTRAINT "volunteer_projects_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_projects" ADD CONSTRAINT "volunteer_projects_team_id_volunteer_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."volunteer_teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_projects" ADD CONSTRAINT "volunteer_projects_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_records" ADD CONSTRAINT "volunteer_records_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_records" ADD CONSTRAINT "volunteer_records_project_id_volunteer_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."volunteer_projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_records" ADD CONSTRAINT "volunteer_records_shift_id_volunteer_shifts_id_fk" FOREIGN KEY ("shift_id") REFERENCES "public"."volunteer_shifts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_records" ADD CONSTRAINT "volunteer_records_order_id_volunteer_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."volunteer_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_records" ADD CONSTRAINT "volunteer_records_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_records" ADD CONSTRAINT "volunteer_records_reviewed_by_accounts_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_shifts" ADD CONSTRAINT "volunteer_shifts_project_id_volunteer_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."volunteer_projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_signups" ADD CONSTRAINT "volunteer_signups_shift_id_volunteer_shifts_id_fk" FOREIGN KEY ("shift_id") REFERENCES "public"."volunteer_shifts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_signups" ADD CONSTRAINT "volunteer_signups_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_team_members" ADD CONSTRAINT "volunteer_team_members_team_id_volunteer_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."volunteer_teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_team_members" ADD CONSTRAINT "volunteer_team_members_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_teams" ADD CONSTRAINT "volunteer_teams_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteers" ADD CONSTRAINT "volunteers_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteers" ADD CONSTRAINT "volunteers_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteers" ADD CONSTRAINT "volunteers_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "volunteer_certificates_code_key" ON "volunteer_certificates" USING btree ("code");--> statement-breakpoint
CREATE INDEX "volunteer_certificates_volunteer_idx" ON "volunteer_certificates" USING btree ("volunteer_id");--> statement-breakpoint
CREATE INDEX "volunteer_certificates_org_path_idx" ON "volunteer_certificates" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "volunteer_orders_org_path_idx" ON "volunteer_orders" USING btree ("org_path" text_pattern_ops,"status");--> statement-breakpoint
CREATE INDEX "volunteer_orders_team_idx" ON "volunteer_orders" USING btree ("team_id") WHERE "volunteer_orders"."status" = 'dispatched';--> statement-breakpoint
CREATE INDEX "volunteer_orders_person_idx" ON "volunteer_orders" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "volunteer_orders_volunteer_idx" ON "volunteer_orders" USING btree ("volunteer_id");--> statement-breakpoint
CREATE INDEX "volunteer_projects_org_path_idx" ON "volunteer_projects" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "volunteer_records_pair_key" ON "volunteer_records" USING btree ("volunteer_id","project_id","day","pair_no");--> statement-breakpoint
CREATE UNIQUE INDEX "volunteer_records_one_open_key" ON "volunteer_records" USING btree ("volunteer_id") WHERE "volunteer_records"."status" = 'open';--> statement-breakpoint
CREATE UNIQUE INDEX "volunteer_records_order_key" ON "volunteer_records" USING btree ("order_id") WHERE "volunteer_records"."order_id" is not null;--> statement-breakpoint
CREATE INDEX "volunteer_records_org_path_idx" ON "volunteer_records" USING btree ("org_path" text_pattern_ops,"day");--> statement-breakpoint
CREATE INDEX "volunteer_records_volunteer_idx" ON "volunteer_records" USING btree ("volunteer_id","day");--> statement-breakpoint
CREATE INDEX "volunteer_records_pending_idx" ON "volunteer_records" USING btree ("created_at") WHERE "volunteer_records"."status" = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "volunteer_shifts_checkin_code_key" ON "volunteer_shifts" USING btree ("checkin_code");--> statement-breakpoint
CREATE INDEX "volunteer_shifts_project_idx" ON "volunteer_shifts" USING btree ("project_id","starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "volunteer_signups_key" ON "volunteer_signups" USING btree ("shift_id","volunteer_id");--> statement-breakpoint
CREATE INDEX "volunteer_signups_volunteer_idx" ON "volunteer_signups" USING btree ("volunteer_id");--> statement-breakpoint
CREATE INDEX "volunteer_team_members_volunteer_idx" ON "volunteer_team_members" USING btree ("volunteer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "volunteer_teams_name_key" ON "volunteer_teams" USING btree ("org_id","name");--> statement-breakpoint
CREATE INDEX "volunteer_teams_org_path_idx" ON "volunteer_teams" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "volunteers_person_key" ON "volunteers" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "volunteers_org_path_idx" ON "volunteers" USING btree ("org_path" text_pattern_ops);