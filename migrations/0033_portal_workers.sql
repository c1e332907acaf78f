CREATE TABLE "worker_accounts" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "worker_accounts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"phone_bidx" text COLLATE "C" NOT NULL,
	"phone_enc" text NOT NULL,
	"phone_masked" text NOT NULL,
	"person_id" integer,
	"bound_at" timestamp with time zone,
	"wechat_openid" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_sign_in_at" timestamp with time zone,
	CONSTRAINT "worker_accounts_bound_check" CHECK (("worker_accounts"."person_id" is null) = ("worker_accounts"."bound_at" is null))
);
--> statement-breakpoint
CREATE TABLE "worker_sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"worker_id" integer NOT NULL,
	"csrf_token" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"ip" text,
	"user_agent" text
);
--> statement-breakpoint
ALTER TABLE "worker_accounts" ADD CONSTRAINT "worker_accounts_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "worker_sessions" ADD CONSTRAINT "worker_sessions_worker_id_worker_accounts_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."worker_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "worker_accounts_phone_key" ON "worker_accounts" USING btree ("phone_bidx");--> statement-breakpoint
CREATE UNIQUE INDEX "worker_accounts_person_key" ON "worker_accounts" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "worker_accounts_openid_key" ON "worker_accounts" USING btree ("wechat_openid");--> statement-breakpoint
CREATE INDEX "worker_sessions_worker_idx" ON "worker_sessions" USING btree ("worker_id");--> statement-breakpoint
CREATE INDEX "worker_sessions_expires_idx" ON "worker_sessions" USING btree ("expires_at");