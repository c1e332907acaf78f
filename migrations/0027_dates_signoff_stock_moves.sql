CREATE TABLE "campaign_stock_moves" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "campaign_stock_moves_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"campaign_id" integer NOT NULL,
	"from_point_id" integer NOT NULL,
	"to_point_id" integer NOT NULL,
	"package_id" integer NOT NULL,
	"quantity" integer NOT NULL,
	"reason" text,
	"by_account_id" integer,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaign_stock_moves_check" CHECK ("campaign_stock_moves"."quantity" > 0 and "campaign_stock_moves"."from_point_id" <> "campaign_stock_moves"."to_point_id")
);
--> statement-breakpoint
ALTER TABLE "campaign_points" ADD COLUMN "hours" text;--> statement-breakpoint
ALTER TABLE "campaign_points" ADD COLUMN "closes_on" date;--> statement-breakpoint
ALTER TABLE "hardship_assistance" ADD COLUMN "status" text DEFAULT 'paid' NOT NULL;--> statement-breakpoint
ALTER TABLE "hardship_assistance" ADD COLUMN "signed_off_by" integer;--> statement-breakpoint
ALTER TABLE "hardship_assistance" ADD COLUMN "signed_off_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "hardship_cases" ADD COLUMN "noticed_on" date;--> statement-breakpoint
ALTER TABLE "campaign_stock_moves" ADD CONSTRAINT "campaign_stock_moves_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_stock_moves" ADD CONSTRAINT "campaign_stock_moves_from_point_id_campaign_points_id_fk" FOREIGN KEY ("from_point_id") REFERENCES "public"."campaign_points"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_stock_moves" ADD CONSTRAINT "campaign_stock_moves_to_point_id_campaign_points_id_fk" FOREIGN KEY ("to_point_id") REFERENCES "public"."campaign_points"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_stock_moves" ADD CONSTRAINT "campaign_stock_moves_package_id_campaign_packages_id_fk" FOREIGN KEY ("package_id") REFERENCES "public"."campaign_packages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_stock_moves" ADD CONSTRAINT "campaign_stock_moves_by_account_id_accounts_id_fk" FOREIGN KEY ("by_account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "campaign_stock_moves_campaign_idx" ON "campaign_stock_moves" USING btree ("campaign_id");--> statement-breakpoint
ALTER TABLE "hardship_assistance" ADD CONSTRAINT "hardship_assistance_signed_off_by_accounts_id_fk" FOREIGN KEY ("signed_off_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_points" ADD CONSTRAINT "campaign_points_dates_check" CHECK ("campaign_points"."opens_on" is null or "campaign_points"."closes_on" is null or "campaign_points"."opens_on" <= "campaign_points"."closes_on");--> statement-breakpoint
ALTER TABLE "hardship_assistance" ADD CONSTRAINT "hardship_assistance_status_check" CHECK ("hardship_assistance"."status" in ('pending', 'paid') and ("hardship_assistance"."status" = 'paid' or "hardship_assistance"."signed_off_by" is null));--> statement-breakpoint
ALTER TABLE "hardship_assistance" ADD CONSTRAINT "hardship_assistance_signoff_check" CHECK ("hardship_assistance"."signed_off_by" is null or "hardship_assistance"."handled_by" is null or "hardship_assistance"."signed_off_by" <> "hardship_assistance"."handled_by");--> statement-breakpoint
-- Files already in public notice: the notice started on the day of their 'notice' step (China time).
UPDATE "hardship_cases" c SET "noticed_on" = (
  SELECT max((e."at" AT TIME ZONE 'Asia/Shanghai')::date) FROM "hardship_events" e WHERE e."case_id" = c."id" AND e."action" = 'notice'
) WHERE c."noticed_by" IS NOT NULL;
