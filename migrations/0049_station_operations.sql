CREATE TABLE "station_goods" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "station_goods_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"station_id" integer NOT NULL,
	"name" text NOT NULL,
	"unit" text NOT NULL,
	"low_stock" integer DEFAULT 0 NOT NULL,
	"balance" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "station_goods_balance_check" CHECK ("station_goods"."balance" >= 0),
	CONSTRAINT "station_goods_low_stock_check" CHECK ("station_goods"."low_stock" >= 0)
);
--> statement-breakpoint
CREATE TABLE "station_inspections" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "station_inspections_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"station_id" integer NOT NULL,
	"inspected_on" date NOT NULL,
	"inspector" text NOT NULL,
	"hygiene" smallint NOT NULL,
	"facilities" smallint NOT NULL,
	"hours" smallint NOT NULL,
	"ledger" smallint NOT NULL,
	"safety" smallint NOT NULL,
	"remarks" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"notes" text,
	"total" smallint GENERATED ALWAYS AS (hygiene + facilities + hours + ledger + safety) STORED NOT NULL,
	"stars" smallint GENERATED ALWAYS AS (case when hygiene + facilities + hours + ledger + safety >= 90 then 5 when hygiene + facilities + hours + ledger + safety >= 80 then 4 when hygiene + facilities + hours + ledger + safety >= 70 then 3 when hygiene + facilities + hours + ledger + safety >= 60 then 2 else 1 end) STORED NOT NULL,
	"by_account_id" integer,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "station_inspections_scores_check" CHECK ("station_inspections"."hygiene" between 0 and 20 and "station_inspections"."facilities" between 0 and 20 and "station_inspections"."hours" between 0 and 20 and "station_inspections"."ledger" between 0 and 20 and "station_inspections"."safety" between 0 and 20)
);
--> statement-breakpoint
CREATE TABLE "station_managers" (
	"station_id" integer NOT NULL,
	"account_id" integer NOT NULL,
	"assigned_by" integer,
	"assigned_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "station_managers_pkey" PRIMARY KEY("station_id","account_id")
);
--> statement-breakpoint
CREATE TABLE "station_photos" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "station_photos_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"station_id" integer NOT NULL,
	"filename" text NOT NULL,
	"caption" text,
	"mime" text NOT NULL,
	"size" integer NOT NULL,
	"data" "bytea" NOT NULL,
	"is_cover" boolean DEFAULT false NOT NULL,
	"by_account_id" integer,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "station_photos_mime_check" CHECK ("station_photos"."mime" in ('image/jpeg', 'image/png', 'image/webp')),
	CONSTRAINT "station_photos_size_check" CHECK ("station_photos"."size" > 0 and "station_photos"."size" <= 5242880 and "station_photos"."size" = octet_length("station_photos"."data"))
);
--> statement-breakpoint
CREATE TABLE "station_services" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "station_services_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"station_id" integer NOT NULL,
	"held_on" date NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"provider" text NOT NULL,
	"participants" integer NOT NULL,
	"notes" text,
	"by_account_id" integer,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "station_services_kind_check" CHECK ("station_services"."kind" in ('legal', 'health', 'culture', 'theory', 'skills', 'other')),
	CONSTRAINT "station_services_participants_check" CHECK ("station_services"."participants" between 0 and 100000)
);
--> statement-breakpoint
CREATE TABLE "station_stock_moves" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "station_stock_moves_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"goods_id" integer NOT NULL,
	"station_id" integer NOT NULL,
	"direction" text NOT NULL,
	"quantity" integer NOT NULL,
	"balance_after" integer NOT NULL,
	"donor" text,
	"purpose" text,
	"moved_on" date NOT NULL,
	"by_account_id" integer,
	"by_name" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "station_stock_moves_quantity_check" CHECK ("station_stock_moves"."quantity" > 0 and "station_stock_moves"."balance_after" >= 0),
	CONSTRAINT "station_stock_moves_direction_check" CHECK (("station_stock_moves"."direction" = 'in' and "station_stock_moves"."donor" is not null) or ("station_stock_moves"."direction" = 'out' and "station_stock_moves"."purpose" is not null))
);
--> statement-breakpoint
ALTER TABLE "station_goods" ADD CONSTRAINT "station_goods_station_id_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."stations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "station_inspections" ADD CONSTRAINT "station_inspections_station_id_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."stations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "station_inspections" ADD CONSTRAINT "station_inspections_by_account_id_accounts_id_fk" FOREIGN KEY ("by_account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "station_managers" ADD CONSTRAINT "station_managers_station_id_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."stations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "station_managers" ADD CONSTRAINT "station_managers_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "station_managers" ADD CONSTRAINT "station_managers_assigned_by_accounts_id_fk" FOREIGN KEY ("assigned_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "station_photos" ADD CONSTRAINT "station_photos_station_id_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."stations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "station_photos" ADD CONSTRAINT "station_photos_by_account_id_accounts_id_fk" FOREIGN KEY ("by_account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "station_services" ADD CONSTRAINT "station_services_station_id_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."stations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "station_services" ADD CONSTRAINT "station_services_by_account_id_accounts_id_fk" FOREIGN KEY ("by_account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "station_stock_moves" ADD CONSTRAINT "station_stock_moves_goods_id_station_goods_id_fk" FOREIGN KEY ("goods_id") REFERENCES "public"."station_goods"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "station_stock_moves" ADD CONSTRAINT "station_stock_moves_station_id_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."stations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "station_stock_moves" ADD CONSTRAINT "station_stock_moves_by_account_id_accounts_id_fk" FOREIGN KEY ("by_account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "station_goods_name_key" ON "station_goods" USING btree ("station_id","name");--> statement-breakpoint
CREATE INDEX "station_inspections_station_idx" ON "station_inspections" USING btree ("station_id","inspected_on");--> statement-breakpoint
CREATE INDEX "station_managers_account_idx" ON "station_managers" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "station_photos_station_idx" ON "station_photos" USING btree ("station_id");--> statement-breakpoint
CREATE UNIQUE INDEX "station_photos_one_cover_key" ON "station_photos" USING btree ("station_id") WHERE "station_photos"."is_cover";--> statement-breakpoint
CREATE INDEX "station_services_station_idx" ON "station_services" USING btree ("station_id","held_on");--> statement-breakpoint
CREATE INDEX "station_stock_moves_goods_idx" ON "station_stock_moves" USING btree ("goods_id","id");--> statement-breakpoint
CREATE INDEX "station_stock_moves_station_idx" ON "station_stock_moves" USING btree ("station_id","id");