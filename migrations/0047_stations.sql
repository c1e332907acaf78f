CREATE TABLE "station_visits" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "station_visits_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"station_id" integer NOT NULL,
	"person_id" bigint NOT NULL,
	"org_path" text NOT NULL,
	"occupation" text,
	"visited_at" timestamp with time zone DEFAULT now() NOT NULL,
	"hour" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stations" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "stations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"type" text NOT NULL,
	"name" text NOT NULL,
	"org_id" integer NOT NULL,
	"org_path" text NOT NULL,
	"address" text NOT NULL,
	"lng" double precision NOT NULL,
	"lat" double precision NOT NULL,
	"datum" text NOT NULL,
	"source" text NOT NULL,
	"wgs_lng" double precision NOT NULL,
	"wgs_lat" double precision NOT NULL,
	"opening_hours" text NOT NULL,
	"staffed_hours" text,
	"amenities" text[] DEFAULT '{}'::text[] NOT NULL,
	"phone" text,
	"intro" text,
	"status" text DEFAULT 'open' NOT NULL,
	"status_reason" text,
	"visit_code" text NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stations_type_check" CHECK ("stations"."type" in ('union', 'warm', 'outdoor', 'love')),
	CONSTRAINT "stations_status_check" CHECK ("stations"."status" in ('open', 'paused', 'closed')),
	CONSTRAINT "stations_datum_check" CHECK ("stations"."datum" in ('gcj02', 'wgs84', 'bd09')),
	CONSTRAINT "stations_source_datum_check" CHECK (("stations"."source" in ('amap', 'tencent', 'wechat') and "stations"."datum" = 'gcj02') or ("stations"."source" = 'baidu' and "stations"."datum" = 'bd09') or ("stations"."source" in ('gps', 'tianditu') and "stations"."datum" = 'wgs84')),
	CONSTRAINT "stations_china_check" CHECK ("stations"."lng" between 73 and 136 and "stations"."lat" between 3 and 54 and "stations"."wgs_lng" between 72 and 137 and "stations"."wgs_lat" between 2 and 55),
	CONSTRAINT "stations_amenities_check" CHECK ("stations"."amenities" <@ array['seats','microwave','water','climate','fridge','firstaid','charging','toilet','books','wifi','umbrella','repair']::text[])
);
--> statement-breakpoint
ALTER TABLE "station_visits" ADD CONSTRAINT "station_visits_station_id_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."stations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "station_visits" ADD CONSTRAINT "station_visits_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stations" ADD CONSTRAINT "stations_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stations" ADD CONSTRAINT "stations_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "station_visits_once_per_hour_key" ON "station_visits" USING btree ("station_id","person_id","hour");--> statement-breakpoint
CREATE INDEX "station_visits_org_path_idx" ON "station_visits" USING btree ("org_path" text_pattern_ops,"visited_at");--> statement-breakpoint
CREATE INDEX "station_visits_station_idx" ON "station_visits" USING btree ("station_id","visited_at");--> statement-breakpoint
CREATE INDEX "station_visits_person_idx" ON "station_visits" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "stations_org_path_idx" ON "stations" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "stations_open_point_idx" ON "stations" USING btree ("wgs_lat","wgs_lng") WHERE "stations"."status" = 'open';--> statement-breakpoint
CREATE UNIQUE INDEX "stations_visit_code_key" ON "stations" USING btree ("visit_code");