CREATE TABLE "person_consents" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "person_consents_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"person_id" bigint NOT NULL,
	"purpose" text NOT NULL,
	"granted" boolean NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "person_consents_purpose_check" CHECK ("person_consents"."purpose" in ('sms_notices', 'surveys'))
);
--> statement-breakpoint
CREATE TABLE "person_corrections" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "person_corrections_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"person_id" bigint NOT NULL,
	"field" text NOT NULL,
	"proposed" text NOT NULL,
	"proposed_shown" text NOT NULL,
	"current" text,
	"note" text,
	"status" text DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" integer,
	"decided_at" timestamp with time zone,
	"reason" text,
	CONSTRAINT "person_corrections_status_check" CHECK ("person_corrections"."status" in ('open', 'accepted', 'rejected')),
	CONSTRAINT "person_corrections_field_check" CHECK ("person_corrections"."field" in ('name', 'phone', 'address', 'ethnicity', 'hukouType', 'politicalStatus', 'education', 'employerName', 'employerCreditCode', 'occupation', 'employmentForm', 'workStatus')),
	CONSTRAINT "person_corrections_decided_check" CHECK (("person_corrections"."status" = 'open') = ("person_corrections"."decided_at" is null)),
	CONSTRAINT "person_corrections_reason_check" CHECK ("person_corrections"."status" <> 'rejected' or coalesce(btrim("person_corrections"."reason"), '') <> '')
);
--> statement-breakpoint
ALTER TABLE "sms_outbox" DROP CONSTRAINT "sms_outbox_status_check";--> statement-breakpoint
ALTER TABLE "person_consents" ADD CONSTRAINT "person_consents_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_corrections" ADD CONSTRAINT "person_corrections_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_corrections" ADD CONSTRAINT "person_corrections_decided_by_accounts_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "person_consents_person_purpose_key" ON "person_consents" USING btree ("person_id","purpose");--> statement-breakpoint
CREATE UNIQUE INDEX "person_corrections_open_key" ON "person_corrections" USING btree ("person_id","field") WHERE "person_corrections"."status" = 'open';--> statement-breakpoint
CREATE INDEX "person_corrections_status_idx" ON "person_corrections" USING btree ("status","created_at");--> statement-breakpoint
ALTER TABLE "sms_outbox" ADD CONSTRAINT "sms_outbox_sent_check" CHECK (("sms_outbox"."status" = 'sent') = ("sms_outbox"."sent_at" is not null));--> statement-breakpoint
ALTER TABLE "sms_outbox" ADD CONSTRAINT "sms_outbox_status_check" CHECK ("sms_outbox"."status" in ('pending', 'sending', 'sent', 'failed', 'skipped'));