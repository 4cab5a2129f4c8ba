CREATE TYPE "public"."certificate_status" AS ENUM('active', 'suspended', 'withdrawn');--> statement-breakpoint
CREATE TYPE "public"."conflict_kind" AS ENUM('consulted', 'declared');--> statement-breakpoint
CREATE TYPE "public"."decision_outcome" AS ENUM('certify', 'return', 'refuse');--> statement-breakpoint
ALTER TYPE "public"."assessment_status" ADD VALUE 'in_review';--> statement-breakpoint
ALTER TYPE "public"."assessment_status" ADD VALUE 'decided';--> statement-breakpoint
ALTER TYPE "public"."assessment_status" ADD VALUE 'returned';--> statement-breakpoint
ALTER TYPE "public"."assessment_status" ADD VALUE 'refused';--> statement-breakpoint
CREATE TABLE "certificate_status_changes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"certificate_number" text NOT NULL,
	"status" "certificate_status" NOT NULL,
	"reason" text NOT NULL,
	"until" date,
	"changed_by" uuid NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "certificates" (
	"number" text PRIMARY KEY NOT NULL,
	"year" integer NOT NULL,
	"sequence" integer NOT NULL,
	"decision_id" uuid NOT NULL,
	"assessment_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"organization_name" text NOT NULL,
	"sites" jsonb NOT NULL,
	"scope" text,
	"level" smallint NOT NULL,
	"standard_ref" text NOT NULL,
	"issued_on" date NOT NULL,
	"expires_on" date NOT NULL,
	"surveillance_due" jsonb NOT NULL,
	"certifying_body" text NOT NULL,
	"snapshot" jsonb NOT NULL,
	"snapshot_hash" text NOT NULL,
	"signature" text NOT NULL,
	"key_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "conflicts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"auditor_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"kind" "conflict_kind" NOT NULL,
	"since" date,
	"until" date,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"assessment_id" uuid NOT NULL,
	"decider_id" uuid NOT NULL,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_on" date NOT NULL,
	"outcome" "decision_outcome" NOT NULL,
	"level" smallint,
	"reason" text,
	"comments" text,
	"eligible_level" smallint NOT NULL,
	"snapshot_hash" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "public_listing" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "certificate_status_changes" ADD CONSTRAINT "certificate_status_changes_certificate_number_certificates_number_fk" FOREIGN KEY ("certificate_number") REFERENCES "public"."certificates"("number") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificate_status_changes" ADD CONSTRAINT "certificate_status_changes_changed_by_users_id_fk" FOREIGN KEY ("changed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_decision_id_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."decisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_assessment_id_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_standard_ref_standard_versions_ref_fk" FOREIGN KEY ("standard_ref") REFERENCES "public"."standard_versions"("ref") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conflicts" ADD CONSTRAINT "conflicts_auditor_id_users_id_fk" FOREIGN KEY ("auditor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conflicts" ADD CONSTRAINT "conflicts_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_assessment_id_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_decider_id_users_id_fk" FOREIGN KEY ("decider_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "certificate_status_changes_certificate" ON "certificate_status_changes" USING btree ("certificate_number","id");--> statement-breakpoint
CREATE UNIQUE INDEX "certificates_year_sequence" ON "certificates" USING btree ("year","sequence");--> statement-breakpoint
CREATE INDEX "certificates_organization" ON "certificates" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "conflicts_organization_auditor" ON "conflicts" USING btree ("organization_id","auditor_id");--> statement-breakpoint
CREATE INDEX "decisions_assessment" ON "decisions" USING btree ("assessment_id");