CREATE TYPE "public"."certificate_event" AS ENUM('issued', 'maintained', 'lowered', 'suspended', 'reinstated', 'withdrawn', 'superseded', 'renewed');--> statement-breakpoint
ALTER TYPE "public"."certificate_status" ADD VALUE 'superseded';--> statement-breakpoint
ALTER TYPE "public"."decision_outcome" ADD VALUE 'maintain';--> statement-breakpoint
ALTER TYPE "public"."decision_outcome" ADD VALUE 'lower';--> statement-breakpoint
ALTER TYPE "public"."decision_outcome" ADD VALUE 'suspend';--> statement-breakpoint
ALTER TYPE "public"."decision_outcome" ADD VALUE 'withdraw';--> statement-breakpoint
CREATE TABLE "certificate_revisions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"certificate_number" text NOT NULL,
	"revision" integer NOT NULL,
	"event" "certificate_event" NOT NULL,
	"level" smallint NOT NULL,
	"status" "certificate_status" NOT NULL,
	"effective_on" date NOT NULL,
	"until" date,
	"reason_code" text,
	"reason" text,
	"superseded_by" text,
	"decision_id" uuid,
	"decided_by" uuid,
	"signature" text,
	"key_id" text,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "until" date;--> statement-breakpoint
ALTER TABLE "certificate_revisions" ADD CONSTRAINT "certificate_revisions_certificate_number_certificates_number_fk" FOREIGN KEY ("certificate_number") REFERENCES "public"."certificates"("number") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificate_revisions" ADD CONSTRAINT "certificate_revisions_decision_id_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."decisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificate_revisions" ADD CONSTRAINT "certificate_revisions_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "certificate_revisions_number_revision" ON "certificate_revisions" USING btree ("certificate_number","revision");--> statement-breakpoint
-- Backfill (hand-written): each certificate's issue becomes revision 1, each status change recorded
-- before revisions existed a following revision, in the order recorded. Their signatures are left
-- null here (SQL cannot sign): the server signs them at its next start (certificate jobs).
INSERT INTO "certificate_revisions" ("certificate_number", "revision", "event", "level", "status", "effective_on", "decision_id", "decided_by", "recorded_at")
SELECT c."number", 1, 'issued', c."level", 'active', c."issued_on", c."decision_id", d."decider_id", c."created_at"
FROM "certificates" c JOIN "decisions" d ON d."id" = c."decision_id";--> statement-breakpoint
INSERT INTO "certificate_revisions" ("certificate_number", "revision", "event", "level", "status", "effective_on", "until", "reason_code", "reason", "decided_by", "recorded_at")
SELECT s."certificate_number",
  1 + row_number() OVER (PARTITION BY s."certificate_number" ORDER BY s."id"),
  (CASE s."status" WHEN 'suspended' THEN 'suspended' WHEN 'withdrawn' THEN 'withdrawn' ELSE 'reinstated' END)::"certificate_event",
  c."level", s."status", (s."changed_at" AT TIME ZONE 'UTC')::date, s."until", 'status_change', s."reason", s."changed_by", s."changed_at"
FROM "certificate_status_changes" s JOIN "certificates" c ON c."number" = s."certificate_number";--> statement-breakpoint
-- A suspension whose end date had passed was lifted by the old rule (on the day after it): record
-- that lifting, so no certificate changes status through the migration.
INSERT INTO "certificate_revisions" ("certificate_number", "revision", "event", "level", "status", "effective_on", "reason_code", "reason", "recorded_at")
SELECT r."certificate_number", r."revision" + 1, 'reinstated', r."level", 'active', r."until" + 1, 'suspension_ended',
  'the suspension ended on its end date (the rule before revisions)', now()
FROM "certificate_revisions" r
WHERE r."status" = 'suspended' AND r."until" IS NOT NULL AND r."until" < (now() AT TIME ZONE 'UTC')::date
  AND r."revision" = (SELECT max(x."revision") FROM "certificate_revisions" x WHERE x."certificate_number" = r."certificate_number");
