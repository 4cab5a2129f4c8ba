CREATE TYPE "public"."kpi_indicator" AS ENUM('service_level', 'asa', 'aht', 'abandonment', 'fcr', 'csat', 'nps', 'occupancy');--> statement-breakpoint
CREATE TABLE "grant_views" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"grant_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"consultant_id" uuid NOT NULL,
	"view" text NOT NULL,
	"viewed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kpi_changes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"month" date NOT NULL,
	"indicator" "kpi_indicator" NOT NULL,
	"value" double precision,
	"target" double precision,
	"method" jsonb,
	"changed_by" uuid NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kpi_values" (
	"organization_id" uuid NOT NULL,
	"month" date NOT NULL,
	"indicator" "kpi_indicator" NOT NULL,
	"value" double precision NOT NULL,
	"target" double precision,
	"method" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"updated_by" uuid NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kpi_values_organization_id_month_indicator_pk" PRIMARY KEY("organization_id","month","indicator"),
	CONSTRAINT "kpi_values_first_of_month" CHECK (extract(day from "kpi_values"."month") = 1)
);
--> statement-breakpoint
ALTER TABLE "grant_views" ADD CONSTRAINT "grant_views_grant_id_consultant_grants_id_fk" FOREIGN KEY ("grant_id") REFERENCES "public"."consultant_grants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grant_views" ADD CONSTRAINT "grant_views_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grant_views" ADD CONSTRAINT "grant_views_consultant_id_users_id_fk" FOREIGN KEY ("consultant_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi_changes" ADD CONSTRAINT "kpi_changes_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi_changes" ADD CONSTRAINT "kpi_changes_changed_by_users_id_fk" FOREIGN KEY ("changed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi_values" ADD CONSTRAINT "kpi_values_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi_values" ADD CONSTRAINT "kpi_values_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "grant_views_organization" ON "grant_views" USING btree ("organization_id","id");--> statement-breakpoint
CREATE INDEX "kpi_changes_organization" ON "kpi_changes" USING btree ("organization_id","id");--> statement-breakpoint
CREATE INDEX "kpi_values_indicator_month" ON "kpi_values" USING btree ("indicator","month");