ALTER TABLE "assessment_summaries" ADD COLUMN "scored_rates" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Existing summaries: the rates their assessments' (team) ratings have scored.
UPDATE "assessment_summaries" s SET "scored_rates" = r.n
FROM (
  SELECT "assessment_id", (count("c") + count("f"))::int AS n FROM "ratings" GROUP BY "assessment_id"
) r
WHERE r."assessment_id" = s."assessment_id";
