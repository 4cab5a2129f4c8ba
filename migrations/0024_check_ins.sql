CREATE TYPE "public"."check_in_kind" AS ENUM('in', 'out');--> statement-breakpoint
CREATE TABLE "check_in_explanations" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"check_in_id" uuid NOT NULL,
	"text" text NOT NULL,
	"explained_by" uuid NOT NULL,
	"explained_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "check_ins" (
	"id" uuid PRIMARY KEY NOT NULL,
	"assessment_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" "check_in_kind" NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"latitude" double precision,
	"longitude" double precision,
	"accuracy_m" double precision,
	"photo_evidence_id" uuid,
	"photo_sha256" text,
	"distance_m" double precision,
	"far" boolean DEFAULT false NOT NULL,
	CONSTRAINT "check_ins_location" CHECK (("check_ins"."latitude" is null) = ("check_ins"."longitude" is null) and ("check_ins"."latitude" is null) = ("check_ins"."accuracy_m" is null)),
	CONSTRAINT "check_ins_photo" CHECK (("check_ins"."photo_evidence_id" is null) = ("check_ins"."photo_sha256" is null))
);
--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "site_latitude" double precision;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "site_longitude" double precision;--> statement-breakpoint
ALTER TABLE "check_in_explanations" ADD CONSTRAINT "check_in_explanations_check_in_id_check_ins_id_fk" FOREIGN KEY ("check_in_id") REFERENCES "public"."check_ins"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "check_in_explanations" ADD CONSTRAINT "check_in_explanations_explained_by_users_id_fk" FOREIGN KEY ("explained_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "check_ins" ADD CONSTRAINT "check_ins_assessment_id_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "check_ins" ADD CONSTRAINT "check_ins_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "check_ins" ADD CONSTRAINT "check_ins_photo_evidence_id_evidence_id_fk" FOREIGN KEY ("photo_evidence_id") REFERENCES "public"."evidence"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "check_in_explanations_check_in" ON "check_in_explanations" USING btree ("check_in_id","id");--> statement-breakpoint
CREATE INDEX "check_ins_assessment" ON "check_ins" USING btree ("assessment_id","at");--> statement-breakpoint
ALTER TABLE "organizations" ADD CONSTRAINT "organizations_site_coordinates" CHECK (("organizations"."site_latitude" is null) = ("organizations"."site_longitude" is null));--> statement-breakpoint
-- Presence on record is append-only below the API too: no row of a check-in or of its
-- explanations is ever changed or removed (TRUNCATE, for a restore, is not a row change).
CREATE FUNCTION "check_ins_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END;
$$;--> statement-breakpoint
CREATE TRIGGER "check_ins_append_only" BEFORE UPDATE OR DELETE ON "check_ins" FOR EACH ROW EXECUTE FUNCTION "check_ins_append_only"();--> statement-breakpoint
CREATE TRIGGER "check_in_explanations_append_only" BEFORE UPDATE OR DELETE ON "check_in_explanations" FOR EACH ROW EXECUTE FUNCTION "check_ins_append_only"();
