CREATE TABLE "hardship_followups" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "hardship_followups_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"case_id" integer NOT NULL,
	"due_on" date NOT NULL,
	"done_on" date,
	"result" text,
	"hardship_returned" boolean,
	"by_account_id" integer
);
--> statement-breakpoint
ALTER TABLE "hardship_followups" ADD CONSTRAINT "hardship_followups_case_id_hardship_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."hardship_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hardship_followups" ADD CONSTRAINT "hardship_followups_by_account_id_accounts_id_fk" FOREIGN KEY ("by_account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "hardship_followups_due_idx" ON "hardship_followups" USING btree ("due_on") WHERE "hardship_followups"."done_on" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "hardship_followups_open_key" ON "hardship_followups" USING btree ("case_id") WHERE "hardship_followups"."done_on" is null;