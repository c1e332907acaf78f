ALTER TABLE "hardship_cases" ADD COLUMN "source" text DEFAULT 'staff' NOT NULL;--> statement-breakpoint
ALTER TABLE "hardship_cases" ADD COLUMN "statement" text;--> statement-breakpoint
ALTER TABLE "hardship_cases" ADD CONSTRAINT "hardship_cases_source_check" CHECK ("hardship_cases"."source" in ('staff', 'worker') and ("hardship_cases"."source" = 'staff' or "hardship_cases"."filed_by" is null));