CREATE TABLE "event_quotas" (
	"event_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"parent_org_id" integer,
	"org_path" text NOT NULL,
	"places" integer NOT NULL,
	"child_places" integer DEFAULT 0 NOT NULL,
	"taken" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "event_quotas_event_id_org_id_pk" PRIMARY KEY("event_id","org_id"),
	CONSTRAINT "event_quotas_places_check" CHECK ("event_quotas"."places" >= 0 and "event_quotas"."child_places" >= 0 and "event_quotas"."taken" >= 0 and "event_quotas"."child_places" + "event_quotas"."taken" <= "event_quotas"."places")
);
--> statement-breakpoint
CREATE TABLE "event_sessions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "event_sessions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"event_id" integer NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"place" text NOT NULL,
	"address" text,
	"lng" double precision,
	"lat" double precision,
	"datum" text,
	CONSTRAINT "event_sessions_period_check" CHECK ("event_sessions"."starts_at" < "event_sessions"."ends_at"),
	CONSTRAINT "event_sessions_point_check" CHECK (("event_sessions"."lng" is null) = ("event_sessions"."lat" is null) and ("event_sessions"."lng" is null) = ("event_sessions"."datum" is null)),
	CONSTRAINT "event_sessions_china_check" CHECK ("event_sessions"."lng" is null or ("event_sessions"."lng" between 73 and 136 and "event_sessions"."lat" between 3 and 54)),
	CONSTRAINT "event_sessions_datum_check" CHECK ("event_sessions"."datum" is null or "event_sessions"."datum" in ('gcj02', 'wgs84', 'bd09'))
);
--> statement-breakpoint
CREATE TABLE "event_signups" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "event_signups_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"event_id" integer NOT NULL,
	"person_id" bigint NOT NULL,
	"org_id" integer NOT NULL,
	"org_path" text NOT NULL,
	"quota_org_id" integer,
	"status" text NOT NULL,
	"source" text NOT NULL,
	"created_by" integer,
	"worker_id" integer,
	"offered_until" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"cancel_reason" text,
	"attended_at" timestamp with time zone,
	"rating" smallint,
	"feedback" text,
	"rated_at" timestamp with time zone,
	"certificate_no" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "event_signups_status_check" CHECK ("event_signups"."status" in ('confirmed', 'waiting', 'offered', 'cancelled', 'declined', 'expired')),
	CONSTRAINT "event_signups_source_check" CHECK ("event_signups"."source" in ('staff', 'worker', 'selection')),
	CONSTRAINT "event_signups_offer_check" CHECK ("event_signups"."status" <> 'offered' or "event_signups"."offered_until" is not null),
	CONSTRAINT "event_signups_cancel_check" CHECK (("event_signups"."status" = 'cancelled') = ("event_signups"."cancelled_at" is not null)),
	CONSTRAINT "event_signups_rating_check" CHECK ("event_signups"."rating" is null or ("event_signups"."rating" between 1 and 5 and "event_signups"."attended_at" is not null)),
	CONSTRAINT "event_signups_attended_check" CHECK ("event_signups"."attended_at" is null or "event_signups"."status" = 'confirmed')
);
--> statement-breakpoint
CREATE TABLE "events" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"org_id" integer NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"audience" jsonb,
	"capacity" integer,
	"taken" integer DEFAULT 0 NOT NULL,
	"worker_signup" boolean DEFAULT true NOT NULL,
	"signup_opens_at" timestamp with time zone,
	"signup_closes_at" timestamp with time zone,
	"offer_hours" integer DEFAULT 24 NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"cancel_reason" text,
	"created_by" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "events_kind_check" CHECK ("events"."kind" in ('lecture', 'performance', 'competition', 'reading', 'training', 'summer_camp', 'recuperation', 'other')),
	CONSTRAINT "events_status_check" CHECK ("events"."status" in ('draft', 'open', 'closed', 'finished', 'cancelled')),
	CONSTRAINT "events_capacity_check" CHECK ("events"."capacity" is null or "events"."capacity" >= 1),
	CONSTRAINT "events_taken_check" CHECK ("events"."taken" >= 0 and ("events"."capacity" is null or "events"."taken" <= "events"."capacity")),
	CONSTRAINT "events_offer_hours_check" CHECK ("events"."offer_hours" between 1 and 720),
	CONSTRAINT "events_signup_window_check" CHECK ("events"."signup_opens_at" is null or "events"."signup_closes_at" is null or "events"."signup_opens_at" < "events"."signup_closes_at"),
	CONSTRAINT "events_cancel_reason_check" CHECK ("events"."status" <> 'cancelled' or "events"."cancel_reason" is not null)
);
--> statement-breakpoint
ALTER TABLE "event_quotas" ADD CONSTRAINT "event_quotas_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_quotas" ADD CONSTRAINT "event_quotas_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_quotas" ADD CONSTRAINT "event_quotas_parent_org_id_orgs_id_fk" FOREIGN KEY ("parent_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_sessions" ADD CONSTRAINT "event_sessions_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_signups" ADD CONSTRAINT "event_signups_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_signups" ADD CONSTRAINT "event_signups_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_signups" ADD CONSTRAINT "event_signups_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_signups" ADD CONSTRAINT "event_signups_quota_org_id_orgs_id_fk" FOREIGN KEY ("quota_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_signups" ADD CONSTRAINT "event_signups_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_signups" ADD CONSTRAINT "event_signups_worker_id_worker_accounts_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."worker_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "event_quotas_path_idx" ON "event_quotas" USING btree ("event_id","org_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "event_sessions_event_idx" ON "event_sessions" USING btree ("event_id","starts_at");--> statement-breakpoint
CREATE INDEX "event_sessions_starts_idx" ON "event_sessions" USING btree ("starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "event_signups_live_key" ON "event_signups" USING btree ("event_id","person_id") WHERE "event_signups"."status" in ('confirmed', 'waiting', 'offered');--> statement-breakpoint
CREATE INDEX "event_signups_event_idx" ON "event_signups" USING btree ("event_id","status","id");--> statement-breakpoint
CREATE INDEX "event_signups_path_idx" ON "event_signups" USING btree ("event_id","org_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "event_signups_person_idx" ON "event_signups" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "event_signups_offer_idx" ON "event_signups" USING btree ("offered_until") WHERE "event_signups"."status" = 'offered';--> statement-breakpoint
CREATE UNIQUE INDEX "event_signups_certificate_key" ON "event_signups" USING btree ("certificate_no");--> statement-breakpoint
CREATE INDEX "events_org_idx" ON "events" USING btree ("org_id","created_at");