CREATE TABLE "person_imports" (
	"person_id" bigint NOT NULL,
	"job_id" uuid NOT NULL,
	"action" text NOT NULL,
	CONSTRAINT "person_imports_pkey" PRIMARY KEY("person_id","job_id"),
	CONSTRAINT "person_imports_action_check" CHECK ("person_imports"."action" in ('create', 'update'))
);
