CREATE TABLE "competition_advances" (
	"round_id" integer NOT NULL,
	"entry_id" integer NOT NULL,
	CONSTRAINT "competition_advances_round_id_entry_id_pk" PRIMARY KEY("round_id","entry_id")
);
--> statement-breakpoint
CREATE TABLE "competition_awards" (
	"entry_id" integer PRIMARY KEY NOT NULL,
	"trade_id" integer NOT NULL,
	"prize" text NOT NULL,
	"rank" smallint NOT NULL,
	"honoured" boolean DEFAULT false NOT NULL,
	"awarded_by" integer,
	"awarded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "competition_awards_prize_check" CHECK ("competition_awards"."prize" in ('first', 'second', 'third', 'merit')),
	CONSTRAINT "competition_awards_rank_check" CHECK ("competition_awards"."rank" >= 1)
);
--> statement-breakpoint
CREATE TABLE "competition_entries" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "competition_entries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"event_id" integer NOT NULL,
	"trade_id" integer NOT NULL,
	"kind" text NOT NULL,
	"team_name" text,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "competition_entries_trade_key" UNIQUE("id","trade_id"),
	CONSTRAINT "competition_entries_kind_check" CHECK ("competition_entries"."kind" in ('individual', 'team')),
	CONSTRAINT "competition_entries_team_check" CHECK (("competition_entries"."kind" = 'team') = ("competition_entries"."team_name" is not null))
);
--> statement-breakpoint
CREATE TABLE "competition_entry_members" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "competition_entry_members_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"entry_id" integer NOT NULL,
	"trade_id" integer NOT NULL,
	"person_id" bigint NOT NULL,
	CONSTRAINT "competition_entry_members_person_key" UNIQUE("entry_id","person_id"),
	CONSTRAINT "competition_entry_members_trade_key" UNIQUE("trade_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "competition_judges" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "competition_judges_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"round_id" integer NOT NULL,
	"trade_id" integer NOT NULL,
	"name" text NOT NULL,
	"account_id" integer,
	CONSTRAINT "competition_judges_name_key" UNIQUE("round_id","trade_id","name"),
	CONSTRAINT "competition_judges_ref_key" UNIQUE("id","round_id","trade_id")
);
--> statement-breakpoint
CREATE TABLE "competition_rounds" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "competition_rounds_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"event_id" integer NOT NULL,
	"seq" smallint NOT NULL,
	"name" text NOT NULL,
	"advance" smallint,
	"status" text DEFAULT 'open' NOT NULL,
	"closed_at" timestamp with time zone,
	CONSTRAINT "competition_rounds_seq_key" UNIQUE("event_id","seq"),
	CONSTRAINT "competition_rounds_name_key" UNIQUE("event_id","name"),
	CONSTRAINT "competition_rounds_seq_check" CHECK ("competition_rounds"."seq" between 1 and 9),
	CONSTRAINT "competition_rounds_advance_check" CHECK ("competition_rounds"."advance" is null or "competition_rounds"."advance" >= 1),
	CONSTRAINT "competition_rounds_status_check" CHECK ("competition_rounds"."status" in ('open', 'closed')),
	CONSTRAINT "competition_rounds_closed_check" CHECK (("competition_rounds"."status" = 'closed') = ("competition_rounds"."closed_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "competition_scores" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "competition_scores_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"round_id" integer NOT NULL,
	"trade_id" integer NOT NULL,
	"judge_id" integer NOT NULL,
	"entry_id" integer NOT NULL,
	"tenths" smallint NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "competition_scores_judge_entry_key" UNIQUE("judge_id","entry_id"),
	CONSTRAINT "competition_scores_tenths_check" CHECK ("competition_scores"."tenths" between 0 and 1000)
);
--> statement-breakpoint
CREATE TABLE "competition_trades" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "competition_trades_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"event_id" integer NOT NULL,
	"name" text NOT NULL,
	"occupation" text,
	"first_prizes" smallint DEFAULT 1 NOT NULL,
	"second_prizes" smallint DEFAULT 2 NOT NULL,
	"third_prizes" smallint DEFAULT 3 NOT NULL,
	"merit_prizes" smallint DEFAULT 0 NOT NULL,
	CONSTRAINT "competition_trades_name_key" UNIQUE("event_id","name"),
	CONSTRAINT "competition_trades_prizes_check" CHECK ("competition_trades"."first_prizes" >= 0 and "competition_trades"."second_prizes" >= 0 and "competition_trades"."third_prizes" >= 0 and "competition_trades"."merit_prizes" >= 0)
);
--> statement-breakpoint
CREATE TABLE "competitions" (
	"event_id" integer PRIMARY KEY NOT NULL,
	"hosts" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "competition_advances" ADD CONSTRAINT "competition_advances_round_id_competition_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."competition_rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competition_advances" ADD CONSTRAINT "competition_advances_entry_id_competition_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."competition_entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competition_awards" ADD CONSTRAINT "competition_awards_entry_id_competition_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."competition_entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competition_awards" ADD CONSTRAINT "competition_awards_trade_id_competition_trades_id_fk" FOREIGN KEY ("trade_id") REFERENCES "public"."competition_trades"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competition_awards" ADD CONSTRAINT "competition_awards_awarded_by_accounts_id_fk" FOREIGN KEY ("awarded_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competition_entries" ADD CONSTRAINT "competition_entries_event_id_competitions_event_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."competitions"("event_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competition_entries" ADD CONSTRAINT "competition_entries_trade_id_competition_trades_id_fk" FOREIGN KEY ("trade_id") REFERENCES "public"."competition_trades"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competition_entries" ADD CONSTRAINT "competition_entries_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competition_entry_members" ADD CONSTRAINT "competition_entry_members_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competition_entry_members" ADD CONSTRAINT "competition_entry_members_entry_fk" FOREIGN KEY ("entry_id","trade_id") REFERENCES "public"."competition_entries"("id","trade_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competition_judges" ADD CONSTRAINT "competition_judges_round_id_competition_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."competition_rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competition_judges" ADD CONSTRAINT "competition_judges_trade_id_competition_trades_id_fk" FOREIGN KEY ("trade_id") REFERENCES "public"."competition_trades"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competition_judges" ADD CONSTRAINT "competition_judges_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competition_rounds" ADD CONSTRAINT "competition_rounds_event_id_competitions_event_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."competitions"("event_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competition_scores" ADD CONSTRAINT "competition_scores_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competition_scores" ADD CONSTRAINT "competition_scores_judge_fk" FOREIGN KEY ("judge_id","round_id","trade_id") REFERENCES "public"."competition_judges"("id","round_id","trade_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competition_scores" ADD CONSTRAINT "competition_scores_entry_fk" FOREIGN KEY ("entry_id","trade_id") REFERENCES "public"."competition_entries"("id","trade_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competition_trades" ADD CONSTRAINT "competition_trades_event_id_competitions_event_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."competitions"("event_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competition_trades" ADD CONSTRAINT "competition_trades_occupation_occupations_code_fk" FOREIGN KEY ("occupation") REFERENCES "public"."occupations"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competitions" ADD CONSTRAINT "competitions_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "competition_awards_trade_idx" ON "competition_awards" USING btree ("trade_id");--> statement-breakpoint
CREATE UNIQUE INDEX "competition_entries_team_key" ON "competition_entries" USING btree ("trade_id","team_name") WHERE "competition_entries"."team_name" is not null;--> statement-breakpoint
CREATE INDEX "competition_entries_event_idx" ON "competition_entries" USING btree ("event_id","trade_id");--> statement-breakpoint
CREATE INDEX "competition_entry_members_person_idx" ON "competition_entry_members" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "competition_judges_account_key" ON "competition_judges" USING btree ("round_id","trade_id","account_id") WHERE "competition_judges"."account_id" is not null;--> statement-breakpoint
CREATE INDEX "competition_scores_round_idx" ON "competition_scores" USING btree ("round_id","trade_id");