CREATE TABLE "membership_applications" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "membership_applications_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"kind" text NOT NULL,
	"worker_id" integer,
	"person_id" bigint,
	"name" text NOT NULL,
	"id_type" text COLLATE "C",
	"id_number_enc" text,
	"id_number_bidx" text COLLATE "C",
	"id_masked" text,
	"id_last4" text COLLATE "C",
	"birth_date" text,
	"sex" text,
	"phone_masked" text,
	"employer_name" text,
	"employer_credit_code" text,
	"occupation" text,
	"org_id" integer NOT NULL,
	"from_org_id" integer,
	"channel" text NOT NULL,
	"via" text NOT NULL,
	"status" text DEFAULT 'submitted' NOT NULL,
	"member_no" text,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reviewed_at" timestamp with time zone,
	"decided_at" timestamp with time zone,
	"decided_by" integer,
	CONSTRAINT "membership_applications_kind_check" CHECK ("membership_applications"."kind" in ('join', 'transfer')),
	CONSTRAINT "membership_applications_status_check" CHECK ("membership_applications"."status" in ('submitted', 'reviewing', 'approved', 'refused')),
	CONSTRAINT "membership_applications_channel_check" CHECK ("membership_applications"."channel" in ('poster', 'portal', 'staff')),
	CONSTRAINT "membership_applications_via_check" CHECK ("membership_applications"."via" in ('poster', 'employer', 'joint')),
	CONSTRAINT "membership_applications_shape_check" CHECK (("membership_applications"."kind" = 'join' and "membership_applications"."id_number_bidx" is not null and "membership_applications"."id_number_enc" is not null and "membership_applications"."id_masked" is not null)
       or ("membership_applications"."kind" = 'transfer' and "membership_applications"."person_id" is not null and "membership_applications"."from_org_id" is not null)),
	CONSTRAINT "membership_applications_approved_check" CHECK (("membership_applications"."status" = 'approved') = ("membership_applications"."member_no" is not null)),
	CONSTRAINT "membership_applications_refused_check" CHECK ("membership_applications"."status" <> 'refused' or "membership_applications"."reason" is not null),
	CONSTRAINT "membership_applications_decided_check" CHECK (("membership_applications"."status" in ('approved', 'refused')) = ("membership_applications"."decided_at" is not null))
);
--> statement-breakpoint
ALTER TABLE "membership_applications" ADD CONSTRAINT "membership_applications_worker_id_worker_accounts_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."worker_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "membership_applications" ADD CONSTRAINT "membership_applications_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "membership_applications" ADD CONSTRAINT "membership_applications_occupation_occupations_code_fk" FOREIGN KEY ("occupation") REFERENCES "public"."occupations"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "membership_applications" ADD CONSTRAINT "membership_applications_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "membership_applications" ADD CONSTRAINT "membership_applications_from_org_id_orgs_id_fk" FOREIGN KEY ("from_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "membership_applications" ADD CONSTRAINT "membership_applications_decided_by_accounts_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "membership_applications_org_idx" ON "membership_applications" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE INDEX "membership_applications_worker_idx" ON "membership_applications" USING btree ("worker_id","created_at");--> statement-breakpoint
CREATE INDEX "membership_applications_person_idx" ON "membership_applications" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "membership_applications_open_worker_key" ON "membership_applications" USING btree ("worker_id") WHERE "membership_applications"."status" in ('submitted', 'reviewing');--> statement-breakpoint
CREATE UNIQUE INDEX "membership_applications_open_id_key" ON "membership_applications" USING btree ("id_number_bidx","id_type") WHERE "membership_applications"."status" in ('submitted', 'reviewing');