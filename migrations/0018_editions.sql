CREATE TABLE "standard_mappings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"from_ref" text NOT NULL,
	"to_ref" text NOT NULL,
	"content" jsonb NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "rating_events" ADD COLUMN "edition" text;--> statement-breakpoint
ALTER TABLE "standard_versions" ADD COLUMN "origin" text DEFAULT 'file' NOT NULL;--> statement-breakpoint
ALTER TABLE "standard_versions" ADD COLUMN "published_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "standard_versions" ADD COLUMN "replaces" text;--> statement-breakpoint
ALTER TABLE "standard_versions" ADD COLUMN "revision_reason" text;--> statement-breakpoint
ALTER TABLE "standard_versions" ADD COLUMN "created_by" uuid;--> statement-breakpoint
ALTER TABLE "standard_mappings" ADD CONSTRAINT "standard_mappings_from_ref_standard_versions_ref_fk" FOREIGN KEY ("from_ref") REFERENCES "public"."standard_versions"("ref") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "standard_mappings" ADD CONSTRAINT "standard_mappings_to_ref_standard_versions_ref_fk" FOREIGN KEY ("to_ref") REFERENCES "public"."standard_versions"("ref") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "standard_mappings" ADD CONSTRAINT "standard_mappings_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "standard_mappings_pair" ON "standard_mappings" USING btree ("from_ref","to_ref");--> statement-breakpoint
ALTER TABLE "standard_versions" ADD CONSTRAINT "standard_versions_replaces_standard_versions_ref_fk" FOREIGN KEY ("replaces") REFERENCES "public"."standard_versions"("ref") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "standard_versions" ADD CONSTRAINT "standard_versions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;