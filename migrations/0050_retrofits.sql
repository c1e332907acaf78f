CREATE TABLE "retrofit_changes" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "retrofit_changes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"plan_id" integer NOT NULL,
	"amount_fen" bigint NOT NULL,
	"reason" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"requested_by" integer,
	"reviewed_by" integer,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "retrofit_changes_amount_check" CHECK ("retrofit_changes"."amount_fen" > 0),
	CONSTRAINT "retrofit_changes_status_check" CHECK ("retrofit_changes"."status" in ('pending', 'approved', 'rejected')),
	CONSTRAINT "retrofit_changes_four_eyes_check" CHECK ("retrofit_changes"."reviewed_by" is null or "retrofit_changes"."requested_by" is null or "retrofit_changes"."reviewed_by" <> "retrofit_changes"."requested_by")
);
--> statement-breakpoint
CREATE TABLE "retrofit_items" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "retrofit_items_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"plan_id" integer NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"budget_fen" bigint NOT NULL,
	"actual_fen" bigint,
	"done" boolean DEFAULT false NOT NULL,
	"note" text,
	CONSTRAINT "retrofit_items_kind_check" CHECK ("retrofit_items"."kind" in ('handrail','antislip','bathroom','lighting','alarm','entrance','bed','kitchen','other')),
	CONSTRAINT "retrofit_items_money_check" CHECK ("retrofit_items"."budget_fen" > 0 and ("retrofit_items"."actual_fen" is null or "retrofit_items"."actual_fen" >= 0))
);
--> statement-breakpoint
CREATE TABLE "retrofit_photos" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "retrofit_photos_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"plan_id" integer NOT NULL,
	"kind" text NOT NULL,
	"filename" text NOT NULL,
	"mime" text NOT NULL,
	"size" integer NOT NULL,
	"data" "bytea" NOT NULL,
	"by_account_id" integer,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "retrofit_photos_kind_check" CHECK ("retrofit_photos"."kind" in ('assessment', 'progress', 'acceptance', 'signature')),
	CONSTRAINT "retrofit_photos_mime_check" CHECK ("retrofit_photos"."mime" in ('image/jpeg', 'image/png'))
);
--> statement-breakpoint
CREATE TABLE "retrofit_plans" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "retrofit_plans_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"programme_id" integer NOT NULL,
	"person_id" bigint NOT NULL,
	"org_id" integer NOT NULL,
	"org_path" text NOT NULL,
	"stage" text DEFAULT 'survey' NOT NULL,
	"assessed_on" date,
	"findings" text,
	"lives_alone" boolean,
	"assessed_by" integer,
	"planned_by" integer,
	"approved_by" integer,
	"review_note" text,
	"approved_fen" bigint DEFAULT 0 NOT NULL,
	"actual_fen" bigint DEFAULT 0 NOT NULL,
	"contractor" text,
	"started_on" date,
	"accepted_on" date,
	"acceptance_note" text,
	"accepted_by" integer,
	"settled_on" date,
	"settlement_note" text,
	"settled_by" integer,
	"cancel_reason" text,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "retrofit_plans_stage_check" CHECK ("retrofit_plans"."stage" in ('survey','design','review','approved','building','accepted','settled','cancelled')),
	CONSTRAINT "retrofit_plans_four_eyes_check" CHECK ("retrofit_plans"."approved_by" is null or "retrofit_plans"."planned_by" is null or "retrofit_plans"."approved_by" <> "retrofit_plans"."planned_by"),
	CONSTRAINT "retrofit_plans_cost_check" CHECK ("retrofit_plans"."actual_fen" >= 0 and "retrofit_plans"."approved_fen" >= 0 and "retrofit_plans"."actual_fen" <= "retrofit_plans"."approved_fen")
);
--> statement-breakpoint
CREATE TABLE "retrofit_programmes" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "retrofit_programmes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"year" integer NOT NULL,
	"org_id" integer NOT NULL,
	"org_path" text NOT NULL,
	"budget_fen" bigint NOT NULL,
	"committed_fen" bigint DEFAULT 0 NOT NULL,
	"spent_fen" bigint DEFAULT 0 NOT NULL,
	"funds" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "retrofit_programmes_budget_check" CHECK ("retrofit_programmes"."budget_fen" > 0 and "retrofit_programmes"."committed_fen" >= 0 and "retrofit_programmes"."committed_fen" <= "retrofit_programmes"."budget_fen"),
	CONSTRAINT "retrofit_programmes_spent_check" CHECK ("retrofit_programmes"."spent_fen" >= 0 and "retrofit_programmes"."spent_fen" <= "retrofit_programmes"."committed_fen"),
	CONSTRAINT "retrofit_programmes_status_check" CHECK ("retrofit_programmes"."status" in ('open', 'closed'))
);
--> statement-breakpoint
ALTER TABLE "retrofit_changes" ADD CONSTRAINT "retrofit_changes_plan_id_retrofit_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."retrofit_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retrofit_changes" ADD CONSTRAINT "retrofit_changes_requested_by_accounts_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retrofit_changes" ADD CONSTRAINT "retrofit_changes_reviewed_by_accounts_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retrofit_items" ADD CONSTRAINT "retrofit_items_plan_id_retrofit_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."retrofit_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retrofit_photos" ADD CONSTRAINT "retrofit_photos_plan_id_retrofit_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."retrofit_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retrofit_photos" ADD CONSTRAINT "retrofit_photos_by_account_id_accounts_id_fk" FOREIGN KEY ("by_account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retrofit_plans" ADD CONSTRAINT "retrofit_plans_programme_id_retrofit_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."retrofit_programmes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retrofit_plans" ADD CONSTRAINT "retrofit_plans_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retrofit_plans" ADD CONSTRAINT "retrofit_plans_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retrofit_plans" ADD CONSTRAINT "retrofit_plans_assessed_by_accounts_id_fk" FOREIGN KEY ("assessed_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retrofit_plans" ADD CONSTRAINT "retrofit_plans_planned_by_accounts_id_fk" FOREIGN KEY ("planned_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retrofit_plans" ADD CONSTRAINT "retrofit_plans_approved_by_accounts_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retrofit_plans" ADD CONSTRAINT "retrofit_plans_accepted_by_accounts_id_fk" FOREIGN KEY ("accepted_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retrofit_plans" ADD CONSTRAINT "retrofit_plans_settled_by_accounts_id_fk" FOREIGN KEY ("settled_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retrofit_plans" ADD CONSTRAINT "retrofit_plans_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retrofit_programmes" ADD CONSTRAINT "retrofit_programmes_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retrofit_programmes" ADD CONSTRAINT "retrofit_programmes_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "retrofit_changes_plan_idx" ON "retrofit_changes" USING btree ("plan_id");--> statement-breakpoint
CREATE INDEX "retrofit_items_plan_idx" ON "retrofit_items" USING btree ("plan_id");--> statement-breakpoint
CREATE INDEX "retrofit_photos_plan_idx" ON "retrofit_photos" USING btree ("plan_id");--> statement-breakpoint
CREATE INDEX "retrofit_plans_programme_idx" ON "retrofit_plans" USING btree ("programme_id","stage");--> statement-breakpoint
CREATE INDEX "retrofit_plans_person_idx" ON "retrofit_plans" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "retrofit_plans_org_path_idx" ON "retrofit_plans" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "retrofit_plans_open_key" ON "retrofit_plans" USING btree ("person_id") WHERE "retrofit_plans"."stage" not in ('settled', 'cancelled');--> statement-breakpoint
CREATE UNIQUE INDEX "retrofit_programmes_name_key" ON "retrofit_programmes" USING btree ("org_id","year","name");--> statement-breakpoint
CREATE INDEX "retrofit_programmes_org_path_idx" ON "retrofit_programmes" USING btree ("org_path" text_pattern_ops);