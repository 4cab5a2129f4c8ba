CREATE TYPE "public"."sign_off_party" AS ENUM('lead_auditor', 'center');--> statement-breakpoint
CREATE TABLE "report_sign_offs" (
	"assessment_id" uuid NOT NULL,
	"party" "sign_off_party" NOT NULL,
	"user_id" uuid NOT NULL,
	"signed_on" date NOT NULL,
	"signed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "report_sign_offs_assessment_id_party_pk" PRIMARY KEY("assessment_id","party")
);
--> statement-breakpoint
ALTER TABLE "report_sign_offs" ADD CONSTRAINT "report_sign_offs_assessment_id_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_sign_offs" ADD CONSTRAINT "report_sign_offs_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;