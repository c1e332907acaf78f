CREATE TABLE "worker_identity_checks" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "worker_identity_checks_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"worker_id" integer NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"ok" boolean NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sign_in_codes" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "sign_in_codes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"phone_bidx" text COLLATE "C" NOT NULL,
	"code_hash" text NOT NULL,
	"ip" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"tries" integer DEFAULT 0 NOT NULL,
	"used_at" timestamp with time zone,
	CONSTRAINT "sign_in_codes_tries_check" CHECK ("sign_in_codes"."tries" between 0 and 5),
	CONSTRAINT "sign_in_codes_expiry_check" CHECK ("sign_in_codes"."expires_at" > "sign_in_codes"."created_at")
);
--> statement-breakpoint
ALTER TABLE "worker_identity_checks" ADD CONSTRAINT "worker_identity_checks_worker_id_worker_accounts_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."worker_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "worker_identity_checks_worker_idx" ON "worker_identity_checks" USING btree ("worker_id","at");--> statement-breakpoint
CREATE INDEX "sign_in_codes_phone_idx" ON "sign_in_codes" USING btree ("phone_bidx","created_at");--> statement-breakpoint
CREATE INDEX "sign_in_codes_ip_idx" ON "sign_in_codes" USING btree ("ip","created_at");--> statement-breakpoint
CREATE INDEX "sign_in_codes_created_idx" ON "sign_in_codes" USING btree ("created_at");