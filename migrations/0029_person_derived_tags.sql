CREATE TABLE "person_derived_tags" (
	"person_id" bigint NOT NULL,
	"tag" text NOT NULL,
	"source" text NOT NULL,
	"reason" text NOT NULL,
	"since" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "person_derived_tags_pkey" PRIMARY KEY("person_id","tag","source")
);
--> statement-breakpoint
ALTER TABLE "person_derived_tags" ADD CONSTRAINT "person_derived_tags_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;