ALTER TABLE "event_signups" ADD COLUMN "queue_no" integer;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "queued" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Sign-ups already waiting keep their order (by id) as their numbers; each event's counter starts after them.
UPDATE "event_signups" s SET "queue_no" = w.n FROM (SELECT "id", row_number() OVER (PARTITION BY "event_id" ORDER BY "id") AS n FROM "event_signups" WHERE "status" = 'waiting') w WHERE w."id" = s."id";--> statement-breakpoint
UPDATE "events" e SET "queued" = q.n FROM (SELECT "event_id", max("queue_no") AS n FROM "event_signups" WHERE "queue_no" IS NOT NULL GROUP BY "event_id") q WHERE q."event_id" = e."id";--> statement-breakpoint
CREATE INDEX "event_signups_queue_idx" ON "event_signups" USING btree ("event_id","queue_no") WHERE "event_signups"."status" = 'waiting';--> statement-breakpoint
ALTER TABLE "event_signups" ADD CONSTRAINT "event_signups_queue_check" CHECK ("event_signups"."status" <> 'waiting' or "event_signups"."queue_no" is not null);