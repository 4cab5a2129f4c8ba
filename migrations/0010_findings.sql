CREATE TYPE "public"."finding_event" AS ENUM('recorded', 'plan_submitted', 'plan_accepted', 'plan_rejected', 'correction_submitted', 'verified', 'not_effective');--> statement-breakpoint
CREATE TYPE "public"."finding_kind" AS ENUM('major', 'minor', 'observation', 'improvement');--> statement-breakpoint
CREATE TYPE "public"."finding_state" AS ENUM('open', 'plan_submitted', 'plan_accepted', 'correction_submitted', 'verified');--> statement-breakpoint
CREATE TABLE "finding_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"finding_id" uuid NOT NULL,
	"event" "finding_event" NOT NULL,
	"actor_id" uuid NOT NULL,
	"comment" text,
	"detail" jsonb,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "findings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"assessment_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"kind" "finding_kind" NOT NULL,
	"clauses" jsonb NOT NULL,
	"statement" text NOT NULL,
	"evidence_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"state" "finding_state" DEFAULT 'open' NOT NULL,
	"correction" text,
	"root_cause" text,
	"action" text,
	"owner" text,
	"due_on" date,
	"correction_note" text,
	"correction_evidence_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"recorded_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "findings_clauses_array" CHECK (jsonb_typeof("findings"."clauses") = 'array')
);
--> statement-breakpoint
ALTER TABLE "finding_events" ADD CONSTRAINT "finding_events_finding_id_findings_id_fk" FOREIGN KEY ("finding_id") REFERENCES "public"."findings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finding_events" ADD CONSTRAINT "finding_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_assessment_id_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "finding_events_finding" ON "finding_events" USING btree ("finding_id");--> statement-breakpoint
CREATE UNIQUE INDEX "findings_assessment_number" ON "findings" USING btree ("assessment_id","number");