CREATE TABLE "assessment_summaries" (
	"assessment_id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"standard_ref" text NOT NULL,
	"kind" "assessment_kind" NOT NULL,
	"assessed_on" date NOT NULL,
	"level" smallint NOT NULL,
	"total" integer NOT NULL,
	"complete" boolean NOT NULL,
	"areas" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "benchmarking_opt_in" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "assessment_summaries" ADD CONSTRAINT "assessment_summaries_assessment_id_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_summaries" ADD CONSTRAINT "assessment_summaries_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_summaries" ADD CONSTRAINT "assessment_summaries_standard_ref_standard_versions_ref_fk" FOREIGN KEY ("standard_ref") REFERENCES "public"."standard_versions"("ref") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assessment_summaries_latest_complete" ON "assessment_summaries" USING btree ("standard_ref","organization_id","assessed_on" DESC NULLS LAST,"assessment_id" DESC NULLS LAST) WHERE "assessment_summaries"."complete";--> statement-breakpoint
CREATE INDEX "assessment_summaries_organization" ON "assessment_summaries" USING btree ("organization_id","assessed_on" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "assessment_summaries_level_total" ON "assessment_summaries" USING btree ("standard_ref","level","total");