CREATE TABLE "health_bookings" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "health_bookings_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"programme_id" integer NOT NULL,
	"slot_id" integer NOT NULL,
	"package_id" integer,
	"person_id" bigint NOT NULL,
	"org_id" integer NOT NULL,
	"org_path" text NOT NULL,
	"status" text DEFAULT 'booked' NOT NULL,
	"source" text NOT NULL,
	"consent_basis" text NOT NULL,
	"consented_at" timestamp with time zone DEFAULT now() NOT NULL,
	"attended_at" timestamp with time zone,
	"worker_id" integer,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "health_bookings_status_check" CHECK ("health_bookings"."status" in ('booked', 'attended')),
	CONSTRAINT "health_bookings_source_check" CHECK ("health_bookings"."source" in ('worker', 'union')),
	CONSTRAINT "health_bookings_attended_check" CHECK (("health_bookings"."status" = 'attended') = ("health_bookings"."attended_at" is not null)),
	CONSTRAINT "health_bookings_consent_check" CHECK (length(trim("health_bookings"."consent_basis")) > 0)
);
--> statement-breakpoint
CREATE TABLE "health_followups" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "health_followups_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"booking_id" integer NOT NULL,
	"programme_id" integer NOT NULL,
	"person_id" bigint NOT NULL,
	"org_path" text NOT NULL,
	"findings" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"due_on" date NOT NULL,
	"note" text,
	"reminded_at" timestamp with time zone,
	"done_by" integer,
	"done_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "health_followups_status_check" CHECK ("health_followups"."status" in ('open', 'done')),
	CONSTRAINT "health_followups_done_check" CHECK (("health_followups"."status" = 'done') = ("health_followups"."done_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "health_hospitals" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "health_hospitals_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"programme_id" integer NOT NULL,
	"name" text NOT NULL,
	"address" text,
	"phone" text
);
--> statement-breakpoint
CREATE TABLE "health_packages" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "health_packages_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"programme_id" integer NOT NULL,
	"hospital_id" integer NOT NULL,
	"group" text NOT NULL,
	"name" text NOT NULL,
	"items" text NOT NULL,
	CONSTRAINT "health_packages_group_check" CHECK ("health_packages"."group" in ('outdoor', 'women', 'occupational', 'general'))
);
--> statement-breakpoint
CREATE TABLE "health_programmes" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "health_programmes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"org_id" integer NOT NULL,
	"org_path" text NOT NULL,
	"year" integer NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"audience" jsonb,
	"status" text DEFAULT 'draft' NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "health_programmes_status_check" CHECK ("health_programmes"."status" in ('draft', 'open', 'closed'))
);
--> statement-breakpoint
CREATE TABLE "health_result_staging" (
	"import_id" text NOT NULL,
	"row_no" integer NOT NULL,
	"id_bidx" text NOT NULL,
	"item" text NOT NULL,
	"value" text NOT NULL,
	"unit" text,
	"range" text,
	"flag" text,
	"abnormal" boolean NOT NULL
);
--> statement-breakpoint
CREATE TABLE "health_results" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "health_results_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"booking_id" integer NOT NULL,
	"programme_id" integer NOT NULL,
	"item" text NOT NULL,
	"value" text NOT NULL,
	"unit" text,
	"range" text,
	"flag" text,
	"abnormal" boolean NOT NULL,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "health_slots" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "health_slots_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"programme_id" integer NOT NULL,
	"hospital_id" integer NOT NULL,
	"day" date NOT NULL,
	"capacity" integer NOT NULL,
	"booked" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "health_slots_booked_check" CHECK ("health_slots"."booked" >= 0 and "health_slots"."booked" <= "health_slots"."capacity")
);
--> statement-breakpoint
ALTER TABLE "health_bookings" ADD CONSTRAINT "health_bookings_programme_id_health_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."health_programmes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "health_bookings" ADD CONSTRAINT "health_bookings_slot_id_health_slots_id_fk" FOREIGN KEY ("slot_id") REFERENCES "public"."health_slots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "health_bookings" ADD CONSTRAINT "health_bookings_package_id_health_packages_id_fk" FOREIGN KEY ("package_id") REFERENCES "public"."health_packages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "health_bookings" ADD CONSTRAINT "health_bookings_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "health_bookings" ADD CONSTRAINT "health_bookings_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "health_bookings" ADD CONSTRAINT "health_bookings_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "health_followups" ADD CONSTRAINT "health_followups_booking_id_health_bookings_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."health_bookings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "health_followups" ADD CONSTRAINT "health_followups_programme_id_health_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."health_programmes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "health_followups" ADD CONSTRAINT "health_followups_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "health_followups" ADD CONSTRAINT "health_followups_done_by_accounts_id_fk" FOREIGN KEY ("done_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "health_hospitals" ADD CONSTRAINT "health_hospitals_programme_id_health_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."health_programmes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "health_packages" ADD CONSTRAINT "health_packages_programme_id_health_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."health_programmes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "health_packages" ADD CONSTRAINT "health_packages_hospital_id_health_hospitals_id_fk" FOREIGN KEY ("hospital_id") REFERENCES "public"."health_hospitals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "health_programmes" ADD CONSTRAINT "health_programmes_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "health_programmes" ADD CONSTRAINT "health_programmes_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "health_results" ADD CONSTRAINT "health_results_booking_id_health_bookings_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."health_bookings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "health_slots" ADD CONSTRAINT "health_slots_programme_id_health_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."health_programmes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "health_slots" ADD CONSTRAINT "health_slots_hospital_id_health_hospitals_id_fk" FOREIGN KEY ("hospital_id") REFERENCES "public"."health_hospitals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "health_bookings_person_key" ON "health_bookings" USING btree ("programme_id","person_id");--> statement-breakpoint
CREATE INDEX "health_bookings_slot_idx" ON "health_bookings" USING btree ("slot_id");--> statement-breakpoint
CREATE INDEX "health_bookings_person_idx" ON "health_bookings" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "health_bookings_org_path_idx" ON "health_bookings" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "health_followups_booking_key" ON "health_followups" USING btree ("booking_id");--> statement-breakpoint
CREATE INDEX "health_followups_org_path_idx" ON "health_followups" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "health_hospitals_name_key" ON "health_hospitals" USING btree ("programme_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "health_packages_name_key" ON "health_packages" USING btree ("hospital_id","name");--> statement-breakpoint
CREATE INDEX "health_programmes_org_path_idx" ON "health_programmes" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "health_result_staging_import_idx" ON "health_result_staging" USING btree ("import_id","id_bidx");--> statement-breakpoint
CREATE UNIQUE INDEX "health_results_item_key" ON "health_results" USING btree ("booking_id","item");--> statement-breakpoint
CREATE UNIQUE INDEX "health_slots_day_key" ON "health_slots" USING btree ("hospital_id","day");--> statement-breakpoint
CREATE INDEX "health_slots_programme_idx" ON "health_slots" USING btree ("programme_id","day");--> statement-breakpoint
-- hand-written
ALTER TABLE "health_result_staging" SET UNLOGGED;
