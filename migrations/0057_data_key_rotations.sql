CREATE TABLE "data_key_rotations" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "data_key_rotations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"from_key_id" text NOT NULL,
	"to_key_id" text NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"progress" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"rewritten" bigint DEFAULT 0 NOT NULL,
	"started_by" text NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "data_key_rotations_status_check" CHECK ("data_key_rotations"."status" in ('running', 'done') and ("data_key_rotations"."status" = 'done') = ("data_key_rotations"."finished_at" is not null))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "data_key_rotations_one_running" ON "data_key_rotations" USING btree ("status") WHERE "data_key_rotations"."status" = 'running';