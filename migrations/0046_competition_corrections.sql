ALTER TABLE "competition_entries" ADD COLUMN "disqualified_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "competition_entries" ADD COLUMN "disqualify_reason" text;--> statement-breakpoint
ALTER TABLE "competition_entries" ADD COLUMN "disqualified_by" integer;--> statement-breakpoint
ALTER TABLE "competition_entries" ADD CONSTRAINT "competition_entries_disqualified_by_accounts_id_fk" FOREIGN KEY ("disqualified_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "competition_entries" ADD CONSTRAINT "competition_entries_disqualified_check" CHECK (("competition_entries"."disqualified_at" is null) = ("competition_entries"."disqualify_reason" is null));