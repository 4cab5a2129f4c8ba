CREATE TYPE "public"."team_role" AS ENUM('lead', 'auditor', 'technical_expert', 'observer');--> statement-breakpoint
CREATE TABLE "audit_plans" (
	"assessment_id" uuid PRIMARY KEY NOT NULL,
	"on_site_from" date NOT NULL,
	"on_site_to" date NOT NULL,
	"man_days" double precision NOT NULL,
	"updated_by" uuid NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "audit_plans_dates" CHECK ("audit_plans"."on_site_to" >= "audit_plans"."on_site_from"),
	CONSTRAINT "audit_plans_man_days" CHECK ("audit_plans"."man_days" > 0 and "audit_plans"."man_days" <= 100)
);
--> statement-breakpoint
CREATE TABLE "audit_team_members" (
	"assessment_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"role" "team_role" NOT NULL,
	"domains" jsonb DEFAULT '[]'::jsonb NOT NULL,
	CONSTRAINT "audit_team_members_assessment_id_user_id_pk" PRIMARY KEY("assessment_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "auditor_competences" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"auditor_id" uuid NOT NULL,
	"qualification" text NOT NULL,
	"industries" jsonb NOT NULL,
	"valid_until" date NOT NULL,
	"recorded_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "audit_plans" ADD CONSTRAINT "audit_plans_assessment_id_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_plans" ADD CONSTRAINT "audit_plans_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_team_members" ADD CONSTRAINT "audit_team_members_assessment_id_audit_plans_assessment_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."audit_plans"("assessment_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_team_members" ADD CONSTRAINT "audit_team_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auditor_competences" ADD CONSTRAINT "auditor_competences_auditor_id_users_id_fk" FOREIGN KEY ("auditor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auditor_competences" ADD CONSTRAINT "auditor_competences_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "audit_team_members_one_lead" ON "audit_team_members" USING btree ("assessment_id") WHERE "audit_team_members"."role" = 'lead';--> statement-breakpoint
CREATE INDEX "auditor_competences_auditor" ON "auditor_competences" USING btree ("auditor_id","id");