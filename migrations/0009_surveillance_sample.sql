ALTER TABLE "assessments" ADD COLUMN "carried_from" uuid;--> statement-breakpoint
ALTER TABLE "assessments" ADD COLUMN "sample" jsonb;--> statement-breakpoint
ALTER TABLE "rating_events" ADD COLUMN "carried_from" uuid;--> statement-breakpoint
ALTER TABLE "ratings" ADD COLUMN "carried" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_carried_from_assessments_id_fk" FOREIGN KEY ("carried_from") REFERENCES "public"."assessments"("id") ON DELETE no action ON UPDATE no action;