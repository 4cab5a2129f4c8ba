CREATE TYPE "public"."assessment_kind" AS ENUM('self', 'certification', 'surveillance');--> statement-breakpoint
CREATE TYPE "public"."assessment_status" AS ENUM('draft', 'in_progress', 'submitted');--> statement-breakpoint
CREATE TYPE "public"."evidence_kind" AS ENUM('file', 'note', 'link');--> statement-breakpoint
CREATE TYPE "public"."role" AS ENUM('cb_admin', 'cb_reviewer', 'auditor', 'center_admin', 'center_member', 'consultant');--> statement-breakpoint
CREATE TABLE "assessment_auditors" (
	"assessment_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assessment_auditors_assessment_id_user_id_pk" PRIMARY KEY("assessment_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "assessments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"standard_ref" text NOT NULL,
	"kind" "assessment_kind" NOT NULL,
	"status" "assessment_status" DEFAULT 'draft' NOT NULL,
	"assessed_on" date NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "consultant_grants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"consultant_id" uuid NOT NULL,
	"granted_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "evidence" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"assessment_id" uuid NOT NULL,
	"kind" "evidence_kind" NOT NULL,
	"caption" text,
	"sha256" text,
	"media_type" text,
	"size" integer,
	"file_name" text,
	"url" text,
	"text" text,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "evidence_clauses" (
	"evidence_id" uuid NOT NULL,
	"clause" integer NOT NULL,
	CONSTRAINT "evidence_clauses_evidence_id_clause_pk" PRIMARY KEY("evidence_id","clause")
);
--> statement-breakpoint
CREATE TABLE "organizations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"industry" text,
	"business_type" text,
	"region" text,
	"seats" integer,
	"operating_since" date NOT NULL,
	"sites" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rating_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"assessment_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"clause" integer NOT NULL,
	"actor_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"old_c" smallint,
	"old_f" smallint,
	"old_note" text,
	"new_c" smallint,
	"new_f" smallint,
	"new_note" text,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ratings" (
	"assessment_id" uuid NOT NULL,
	"clause" integer NOT NULL,
	"c" smallint,
	"f" smallint,
	"note" text,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" uuid NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ratings_assessment_id_clause_pk" PRIMARY KEY("assessment_id","clause"),
	CONSTRAINT "ratings_c_scale" CHECK ("ratings"."c" in (0, 5, 10)),
	CONSTRAINT "ratings_f_scale" CHECK ("ratings"."f" in (0, 5, 10))
);
--> statement-breakpoint
CREATE TABLE "standard_versions" (
	"ref" text PRIMARY KEY NOT NULL,
	"standard" text NOT NULL,
	"version" text NOT NULL,
	"status" text NOT NULL,
	"content_hash" text NOT NULL,
	"content" jsonb NOT NULL,
	"clause_count" integer NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" "role" NOT NULL,
	"organization_id" uuid,
	"locale" text DEFAULT 'zh-Hans' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "assessment_auditors" ADD CONSTRAINT "assessment_auditors_assessment_id_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_auditors" ADD CONSTRAINT "assessment_auditors_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_standard_ref_standard_versions_ref_fk" FOREIGN KEY ("standard_ref") REFERENCES "public"."standard_versions"("ref") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultant_grants" ADD CONSTRAINT "consultant_grants_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultant_grants" ADD CONSTRAINT "consultant_grants_consultant_id_users_id_fk" FOREIGN KEY ("consultant_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultant_grants" ADD CONSTRAINT "consultant_grants_granted_by_users_id_fk" FOREIGN KEY ("granted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_assessment_id_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_clauses" ADD CONSTRAINT "evidence_clauses_evidence_id_evidence_id_fk" FOREIGN KEY ("evidence_id") REFERENCES "public"."evidence"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rating_events" ADD CONSTRAINT "rating_events_assessment_id_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rating_events" ADD CONSTRAINT "rating_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ratings" ADD CONSTRAINT "ratings_assessment_id_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ratings" ADD CONSTRAINT "ratings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assessment_auditors_user" ON "assessment_auditors" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "assessments_organization" ON "assessments" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "consultant_grants_consultant" ON "consultant_grants" USING btree ("consultant_id") WHERE "consultant_grants"."revoked_at" is null;--> statement-breakpoint
CREATE INDEX "evidence_assessment" ON "evidence" USING btree ("assessment_id");--> statement-breakpoint
CREATE UNIQUE INDEX "rating_events_chain" ON "rating_events" USING btree ("assessment_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_unique" ON "users" USING btree (lower("email"));