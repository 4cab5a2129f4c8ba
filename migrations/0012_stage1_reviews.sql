CREATE TYPE "public"."stage1_result" AS ENUM('ready', 'not_ready');--> statement-breakpoint
CREATE TABLE "stage1_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"standard_ref" text NOT NULL,
	"reviewed_on" date NOT NULL,
	"result" "stage1_result" NOT NULL,
	"notes" text NOT NULL,
	"recorded_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "stage1_reviews" ADD CONSTRAINT "stage1_reviews_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stage1_reviews" ADD CONSTRAINT "stage1_reviews_standard_ref_standard_versions_ref_fk" FOREIGN KEY ("standard_ref") REFERENCES "public"."standard_versions"("ref") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stage1_reviews" ADD CONSTRAINT "stage1_reviews_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "stage1_reviews_organization" ON "stage1_reviews" USING btree ("organization_id","standard_ref","reviewed_on");