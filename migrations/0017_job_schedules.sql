CREATE TABLE "job_schedules" (
	"name" text PRIMARY KEY NOT NULL,
	"next_run_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_started_at" timestamp with time zone,
	"last_finished_at" timestamp with time zone,
	"last_status" text,
	"last_error" text,
	"locked_until" timestamp with time zone,
	"locked_by" text,
	CONSTRAINT "job_schedules_last_status_check" CHECK ("job_schedules"."last_status" in ('done', 'failed'))
);
