CREATE TABLE "lecture_items" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "lecture_items_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"org_id" integer NOT NULL,
	"kind" text NOT NULL,
	"topic" text NOT NULL,
	"summary" text,
	"performer_id" integer NOT NULL,
	"duration_minutes" integer NOT NULL,
	"max_audience" integer NOT NULL,
	"host_requirements" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lecture_items_kind_check" CHECK ("lecture_items"."kind" in ('lecture', 'performance')),
	CONSTRAINT "lecture_items_duration_check" CHECK ("lecture_items"."duration_minutes" between 15 and 720),
	CONSTRAINT "lecture_items_audience_check" CHECK ("lecture_items"."max_audience" between 1 and 100000)
);
--> statement-breakpoint
CREATE TABLE "lecture_order_photos" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "lecture_order_photos_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"order_id" integer NOT NULL,
	"filename" text NOT NULL,
	"mime" text NOT NULL,
	"size" integer NOT NULL,
	"data" "bytea" NOT NULL,
	"by_account_id" integer,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lecture_order_photos_mime_check" CHECK ("lecture_order_photos"."mime" in ('image/jpeg', 'image/png', 'image/webp')),
	CONSTRAINT "lecture_order_photos_size_check" CHECK ("lecture_order_photos"."size" between 1 and 5242880)
);
--> statement-breakpoint
CREATE TABLE "lecture_orders" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "lecture_orders_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"item_id" integer NOT NULL,
	"performer_id" integer NOT NULL,
	"host_org_id" integer NOT NULL,
	"wished_dates" date[] NOT NULL,
	"place" text NOT NULL,
	"address" text,
	"lng" double precision,
	"lat" double precision,
	"datum" text,
	"expected_audience" integer NOT NULL,
	"contact_name" text,
	"contact_phone" text,
	"note" text,
	"status" text DEFAULT 'ordered' NOT NULL,
	"starts_at" timestamp with time zone,
	"ends_at" timestamp with time zone,
	"reason" text,
	"event_id" integer,
	"attendance" integer,
	"online_viewers" integer,
	"rating" smallint,
	"feedback" text,
	"ordered_by" integer,
	"scheduled_by" integer,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lecture_orders_status_check" CHECK ("lecture_orders"."status" in ('ordered', 'scheduled', 'confirmed', 'delivered', 'closed', 'declined', 'cancelled')),
	CONSTRAINT "lecture_orders_wished_check" CHECK (cardinality("lecture_orders"."wished_dates") between 1 and 5),
	CONSTRAINT "lecture_orders_audience_check" CHECK ("lecture_orders"."expected_audience" between 1 and 100000),
	CONSTRAINT "lecture_orders_point_check" CHECK (("lecture_orders"."lng" is null) = ("lecture_orders"."lat" is null) and ("lecture_orders"."lng" is null) = ("lecture_orders"."datum" is null)),
	CONSTRAINT "lecture_orders_china_check" CHECK ("lecture_orders"."lng" is null or ("lecture_orders"."lng" between 73 and 136 and "lecture_orders"."lat" between 3 and 54)),
	CONSTRAINT "lecture_orders_datum_check" CHECK ("lecture_orders"."datum" is null or "lecture_orders"."datum" in ('gcj02', 'wgs84', 'bd09')),
	CONSTRAINT "lecture_orders_period_check" CHECK (("lecture_orders"."starts_at" is null) = ("lecture_orders"."ends_at" is null) and ("lecture_orders"."starts_at" is null or "lecture_orders"."starts_at" < "lecture_orders"."ends_at")),
	CONSTRAINT "lecture_orders_timed_check" CHECK ("lecture_orders"."status" not in ('scheduled', 'confirmed', 'delivered', 'closed') or "lecture_orders"."starts_at" is not null),
	CONSTRAINT "lecture_orders_reason_check" CHECK ("lecture_orders"."status" not in ('declined', 'cancelled') or "lecture_orders"."reason" is not null),
	CONSTRAINT "lecture_orders_closed_check" CHECK (("lecture_orders"."status" = 'closed') = ("lecture_orders"."closed_at" is not null) and ("lecture_orders"."status" <> 'closed' or ("lecture_orders"."attendance" is not null and "lecture_orders"."rating" is not null))),
	CONSTRAINT "lecture_orders_rating_check" CHECK ("lecture_orders"."rating" is null or "lecture_orders"."rating" between 1 and 5),
	CONSTRAINT "lecture_orders_counts_check" CHECK (("lecture_orders"."attendance" is null or "lecture_orders"."attendance" >= 0) and ("lecture_orders"."online_viewers" is null or "lecture_orders"."online_viewers" >= 0))
);
--> statement-breakpoint
CREATE TABLE "lecture_performers" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "lecture_performers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"org_id" integer NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"intro" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lecture_performers_kind_check" CHECK ("lecture_performers"."kind" in ('speaker', 'troupe'))
);
--> statement-breakpoint
ALTER TABLE "lecture_items" ADD CONSTRAINT "lecture_items_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lecture_items" ADD CONSTRAINT "lecture_items_performer_id_lecture_performers_id_fk" FOREIGN KEY ("performer_id") REFERENCES "public"."lecture_performers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lecture_items" ADD CONSTRAINT "lecture_items_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lecture_order_photos" ADD CONSTRAINT "lecture_order_photos_order_id_lecture_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."lecture_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lecture_order_photos" ADD CONSTRAINT "lecture_order_photos_by_account_id_accounts_id_fk" FOREIGN KEY ("by_account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lecture_orders" ADD CONSTRAINT "lecture_orders_item_id_lecture_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."lecture_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lecture_orders" ADD CONSTRAINT "lecture_orders_performer_id_lecture_performers_id_fk" FOREIGN KEY ("performer_id") REFERENCES "public"."lecture_performers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lecture_orders" ADD CONSTRAINT "lecture_orders_host_org_id_orgs_id_fk" FOREIGN KEY ("host_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lecture_orders" ADD CONSTRAINT "lecture_orders_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lecture_orders" ADD CONSTRAINT "lecture_orders_ordered_by_accounts_id_fk" FOREIGN KEY ("ordered_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lecture_orders" ADD CONSTRAINT "lecture_orders_scheduled_by_accounts_id_fk" FOREIGN KEY ("scheduled_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lecture_performers" ADD CONSTRAINT "lecture_performers_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "lecture_items_org_idx" ON "lecture_items" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "lecture_order_photos_order_idx" ON "lecture_order_photos" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "lecture_orders_host_idx" ON "lecture_orders" USING btree ("host_org_id","created_at");--> statement-breakpoint
CREATE INDEX "lecture_orders_item_idx" ON "lecture_orders" USING btree ("item_id");--> statement-breakpoint
CREATE INDEX "lecture_orders_performer_idx" ON "lecture_orders" USING btree ("performer_id","starts_at");--> statement-breakpoint
CREATE INDEX "lecture_performers_org_idx" ON "lecture_performers" USING btree ("org_id");