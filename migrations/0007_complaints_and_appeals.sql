CREATE TYPE "public"."complaint_event" AS ENUM('lodged', 'assigned', 'closed');--> statement-breakpoint
CREATE TYPE "public"."complaint_kind" AS ENUM('complaint', 'appeal');--> statement-breakpoint
CREATE TYPE "public"."complaint_outcome" AS ENUM('upheld', 'rejected', 'withdrawn');--> statement-breakpoint
CREATE TYPE "public"."complaint_status" AS ENUM('received', 'assigned', 'closed');--> statement-breakpoint
CREATE TABLE "complaint_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"complaint_id" uuid NOT NULL,
	"event" "complaint_event" NOT NULL,
	"actor_id" uuid,
	"handler_id" uuid,
	"outcome" "complaint_outcome",
	"text" text,
	"on" date NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "complaints" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" "complaint_kind" NOT NULL,
	"reference" text NOT NULL,
	"year" integer NOT NULL,
	"sequence" integer NOT NULL,
	"organization_id" uuid NOT NULL,
	"assessment_id" uuid NOT NULL,
	"decision_id" uuid NOT NULL,
	"certificate_number" text,
	"text" text NOT NULL,
	"contact" text,
	"lodged_by" uuid,
	"received_on" date NOT NULL,
	"status" "complaint_status" DEFAULT 'received' NOT NULL,
	"handler_id" uuid,
	"outcome" "complaint_outcome",
	"outcome_text" text,
	"closed_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "complaint_events" ADD CONSTRAINT "complaint_events_complaint_id_complaints_id_fk" FOREIGN KEY ("complaint_id") REFERENCES "public"."complaints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint_events" ADD CONSTRAINT "complaint_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint_events" ADD CONSTRAINT "complaint_events_handler_id_users_id_fk" FOREIGN KEY ("handler_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_assessment_id_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_decision_id_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."decisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_certificate_number_certificates_number_fk" FOREIGN KEY ("certificate_number") REFERENCES "public"."certificates"("number") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_lodged_by_users_id_fk" FOREIGN KEY ("lodged_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_handler_id_users_id_fk" FOREIGN KEY ("handler_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "complaint_events_complaint" ON "complaint_events" USING btree ("complaint_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "complaints_reference" ON "complaints" USING btree ("reference");--> statement-breakpoint
CREATE UNIQUE INDEX "complaints_kind_year_sequence" ON "complaints" USING btree ("kind","year","sequence");--> statement-breakpoint
CREATE UNIQUE INDEX "complaints_open_appeal" ON "complaints" USING btree ("decision_id") WHERE "complaints"."kind" = 'appeal' and "complaints"."status" <> 'closed';--> statement-breakpoint
CREATE INDEX "complaints_organization" ON "complaints" USING btree ("organization_id");