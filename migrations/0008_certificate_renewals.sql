ALTER TABLE "certificate_revisions" ADD COLUMN "expires_on" date;--> statement-breakpoint
ALTER TABLE "certificate_revisions" ADD COLUMN "surveillance_due" jsonb;--> statement-breakpoint
ALTER TABLE "certificate_revisions" ADD COLUMN "snapshot_hash" text;