CREATE TABLE "event_checkin_handouts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "event_checkin_handouts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"point_id" integer NOT NULL,
	"beneficiary_id" bigint,
	"idempotency_key" text NOT NULL,
	"device_id" text NOT NULL,
	"account_id" integer,
	"scanned_at" timestamp with time zone NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	"result" text NOT NULL,
	"reason" text,
	"line_id" bigint,
	"name_masked" text,
	"code_hash" text NOT NULL,
	CONSTRAINT "event_checkin_handouts_result_check" CHECK ("event_checkin_handouts"."result" in ('ok', 'duplicate', 'refused')),
	CONSTRAINT "event_checkin_handouts_ok_check" CHECK (("event_checkin_handouts"."result" = 'ok') = ("event_checkin_handouts"."line_id" is not null)),
	CONSTRAINT "event_checkin_handouts_reason_check" CHECK ("event_checkin_handouts"."result" = 'ok' or "event_checkin_handouts"."reason" is not null)
);
--> statement-breakpoint
CREATE TABLE "event_checkin_lists" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "event_checkin_lists_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"event_id" integer NOT NULL,
	"session_id" integer,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"mode" text NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "event_checkin_lists_name_key" UNIQUE("event_id","name"),
	CONSTRAINT "event_checkin_lists_mode_key" UNIQUE("id","mode"),
	CONSTRAINT "event_checkin_lists_kind_check" CHECK ("event_checkin_lists"."kind" in ('entry', 'meal', 'souvenir', 'other')),
	CONSTRAINT "event_checkin_lists_mode_check" CHECK ("event_checkin_lists"."mode" in ('once', 'daily', 'unlimited'))
);
--> statement-breakpoint
CREATE TABLE "event_checkins" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "event_checkins_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"list_id" integer NOT NULL,
	"mode" text NOT NULL,
	"signup_id" bigint,
	"day" date NOT NULL,
	"idempotency_key" text NOT NULL,
	"device_id" text NOT NULL,
	"account_id" integer,
	"scanned_at" timestamp with time zone NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	"result" text NOT NULL,
	"reason" text,
	"duplicate_of" bigint,
	"code_hash" text NOT NULL,
	CONSTRAINT "event_checkins_mode_check" CHECK ("event_checkins"."mode" in ('once', 'daily', 'unlimited')),
	CONSTRAINT "event_checkins_result_check" CHECK ("event_checkins"."result" in ('ok', 'duplicate', 'refused')),
	CONSTRAINT "event_checkins_ok_check" CHECK ("event_checkins"."result" <> 'ok' or ("event_checkins"."signup_id" is not null and "event_checkins"."reason" is null)),
	CONSTRAINT "event_checkins_reason_check" CHECK ("event_checkins"."result" = 'ok' or "event_checkins"."reason" is not null),
	CONSTRAINT "event_checkins_duplicate_check" CHECK (("event_checkins"."result" = 'duplicate') = ("event_checkins"."duplicate_of" is not null))
);
--> statement-breakpoint
ALTER TABLE "event_checkin_handouts" ADD CONSTRAINT "event_checkin_handouts_point_id_campaign_points_id_fk" FOREIGN KEY ("point_id") REFERENCES "public"."campaign_points"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_checkin_handouts" ADD CONSTRAINT "event_checkin_handouts_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_checkin_lists" ADD CONSTRAINT "event_checkin_lists_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_checkin_lists" ADD CONSTRAINT "event_checkin_lists_session_id_event_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."event_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_checkin_lists" ADD CONSTRAINT "event_checkin_lists_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_checkins" ADD CONSTRAINT "event_checkins_signup_id_event_signups_id_fk" FOREIGN KEY ("signup_id") REFERENCES "public"."event_signups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_checkins" ADD CONSTRAINT "event_checkins_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_checkins" ADD CONSTRAINT "event_checkins_duplicate_of_event_checkins_id_fk" FOREIGN KEY ("duplicate_of") REFERENCES "public"."event_checkins"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_checkins" ADD CONSTRAINT "event_checkins_list_fk" FOREIGN KEY ("list_id","mode") REFERENCES "public"."event_checkin_lists"("id","mode") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "event_checkin_handouts_key" ON "event_checkin_handouts" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "event_checkin_handouts_point_idx" ON "event_checkin_handouts" USING btree ("point_id","result","id");--> statement-breakpoint
CREATE UNIQUE INDEX "event_checkins_key" ON "event_checkins" USING btree ("idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "event_checkins_once_key" ON "event_checkins" USING btree ("list_id","signup_id") WHERE "event_checkins"."result" = 'ok' and "event_checkins"."mode" = 'once';--> statement-breakpoint
CREATE UNIQUE INDEX "event_checkins_daily_key" ON "event_checkins" USING btree ("list_id","signup_id","day") WHERE "event_checkins"."result" = 'ok' and "event_checkins"."mode" = 'daily';--> statement-breakpoint
CREATE INDEX "event_checkins_list_idx" ON "event_checkins" USING btree ("list_id","result","id");--> statement-breakpoint
CREATE INDEX "event_checkins_signup_idx" ON "event_checkins" USING btree ("signup_id");