CREATE TABLE "rater_ratings" (
	"assessment_id" uuid NOT NULL,
	"clause" integer NOT NULL,
	"rater_id" uuid NOT NULL,
	"c" smallint,
	"f" smallint,
	"note" text,
	"carried" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" uuid NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rater_ratings_assessment_id_clause_rater_id_pk" PRIMARY KEY("assessment_id","clause","rater_id"),
	CONSTRAINT "rater_ratings_c_scale" CHECK ("rater_ratings"."c" in (0, 5, 10)),
	CONSTRAINT "rater_ratings_f_scale" CHECK ("rater_ratings"."f" in (0, 5, 10))
);
--> statement-breakpoint
ALTER TABLE "assessments" ADD COLUMN "layers_visible" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "rating_events" ADD COLUMN "layer" uuid;--> statement-breakpoint
ALTER TABLE "rater_ratings" ADD CONSTRAINT "rater_ratings_assessment_id_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rater_ratings" ADD CONSTRAINT "rater_ratings_rater_id_users_id_fk" FOREIGN KEY ("rater_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rater_ratings" ADD CONSTRAINT "rater_ratings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "rater_ratings_rater" ON "rater_ratings" USING btree ("rater_id");--> statement-breakpoint
ALTER TABLE "rating_events" ADD CONSTRAINT "rating_events_layer_users_id_fk" FOREIGN KEY ("layer") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;