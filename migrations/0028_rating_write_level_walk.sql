-- The rating write's level, found without a query (issue 17). ccmm_rate_clause found the level
-- reached by a query over the standard's JSON (levels, their criteria, a criterion's domains):
-- nested function scans, aggregates and sub-plans, set up by an executor of their own at every
-- write, the function's costliest statement. The level is now walked in PL/pgSQL expressions,
-- which run without an executor: under the write load of `pnpm bench` (10 connections,
-- different assessments) the server's CPU per write fell from ~0.49 ms to ~0.40 ms.
-- Merging the function's other statements (the three reads into one, the three writes into
-- one with data-modifying WITH queries) was measured too and changed nothing measurable: left
-- as they are. What the function checks, writes and answers is as in migration 0027.
CREATE OR REPLACE FUNCTION "ccmm_rate_clause"(
	p_session uuid, p_user uuid, p_assessment uuid, p_expected jsonb,
	p_clause integer, p_c smallint, p_f smallint, p_note text, p_version integer, p_layer uuid,
	p_at timestamptz, p_summary jsonb
) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
	v_at text := to_char(p_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
	v_facts jsonb;
	v_found boolean;
	v_c smallint; v_f smallint; v_note text; v_carried boolean; v_version integer;
	v_updated_by uuid; v_updated_at timestamptz;
	v_total numeric; v_scored integer; v_areas jsonb; v_unknown_area boolean;
	v_seq integer; v_prev text; v_hash text;
	v_unscored integer; v_compliant integer;
	v_points numeric; v_dc integer; v_df integer;
	v_path text[]; v_level integer;
	v_criteria jsonb; v_criterion jsonb; v_met boolean; v_count numeric;
	v_started boolean := false;
BEGIN
	-- Writes, summary refreshes and decisions on one assessment are serialized by this lock.
	PERFORM 1 FROM assessments WHERE id = p_assessment FOR UPDATE;
	v_facts := ccmm_write_facts(p_session, p_user, p_assessment);
	IF p_expected IS NULL OR v_facts IS DISTINCT FROM p_expected THEN
		RETURN jsonb_build_object('outcome', 'stale', 'facts', v_facts);
	END IF;

	IF p_layer IS NULL THEN
		SELECT c, f, note, carried, version, updated_by, updated_at
			INTO v_c, v_f, v_note, v_carried, v_version, v_updated_by, v_updated_at
			FROM ratings WHERE assessment_id = p_assessment AND clause = p_clause;
	ELSE
		SELECT c, f, note, carried, version, updated_by, updated_at
			INTO v_c, v_f, v_note, v_carried, v_version, v_updated_by, v_updated_at
			FROM rater_ratings WHERE assessment_id = p_assessment AND clause = p_clause AND rater_id = p_layer;
	END IF;
	v_found := FOUND;
	IF p_version <> coalesce(v_version, 0) OR (v_found AND v_c IS NOT DISTINCT FROM p_c
			AND v_f IS NOT DISTINCT FROM p_f AND v_note IS NOT DISTINCT FROM p_note AND NOT v_carried) THEN
		RETURN jsonb_build_object(
			'outcome', CASE WHEN p_version <> coalesce(v_version, 0) THEN 'conflict' ELSE 'unchanged' END,
			'current', CASE WHEN v_found THEN jsonb_build_object('assessmentId', p_assessment, 'clause', p_clause,
				'c', v_c, 'f', v_f, 'note', v_note, 'carried', v_carried, 'version', v_version,
				'updatedBy', v_updated_by,
				'updatedAt', to_char(v_updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
				|| CASE WHEN p_layer IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('raterId', p_layer) END
			END);
	END IF;

	IF p_layer IS NULL THEN
		SELECT total, scored_rates, areas,
				(p_summary->>'domain' IS NOT NULL AND areas #> ARRAY['domains', p_summary->>'domain'] IS NULL)
				OR EXISTS (SELECT 1 FROM jsonb_array_elements_text(p_summary->'sections') s
					WHERE areas #> ARRAY['sections', s] IS NULL)
			INTO v_total, v_scored, v_areas, v_unknown_area
			FROM assessment_summaries WHERE assessment_id = p_assessment;
		IF NOT FOUND OR v_unknown_area THEN
			RETURN jsonb_build_object('outcome', 'refresh');
		END IF;
	END IF;

	v_version := coalesce(v_version, 0) + 1;
	IF p_layer IS NULL THEN
		v_carried := false;
		INSERT INTO ratings (assessment_id, clause, c, f, note, carried, version, updated_by, updated_at)
			VALUES (p_assessment, p_clause, p_c, p_f, p_note, false, v_version, p_user, p_at)
			ON CONFLICT (assessment_id, clause) DO UPDATE SET c = excluded.c, f = excluded.f,
				note = excluded.note, carried = false, version = excluded.version,
				updated_by = excluded.updated_by, updated_at = excluded.updated_at;
	ELSE
		-- A layer's row keeps its carried mark.
		v_carried := coalesce(v_carried, false);
		INSERT INTO rater_ratings (assessment_id, clause, rater_id, c, f, note, version, updated_by, updated_at)
			VALUES (p_assessment, p_clause, p_layer, p_c, p_f, p_note, v_version, p_user, p_at)
			ON CONFLICT (assessment_id, clause, rater_id) DO UPDATE SET c = excluded.c, f = excluded.f,
				note = excluded.note, version = excluded.version, updated_by = excluded.updated_by,
				updated_at = excluded.updated_at;
	END IF;

	-- The trail entry, hashed as the API verifies it: sha256 of the previous hash, a newline and
	-- the entry's canonical JSON.
	SELECT seq, hash INTO v_seq, v_prev FROM rating_events
		WHERE assessment_id = p_assessment ORDER BY seq DESC LIMIT 1;
	v_seq := coalesce(v_seq, 0) + 1;
	v_prev := coalesce(v_prev, repeat('0', 64));
	v_hash := encode(sha256(convert_to(v_prev || E'\n'
		|| '{"actorId":' || to_json(p_user::text)::text
		|| ',"assessmentId":' || to_json(p_assessment::text)::text
		|| ',"at":' || to_json(v_at)::text
		|| ',"clause":' || p_clause
		|| CASE WHEN p_layer IS NULL THEN '' ELSE ',"layer":' || to_json(p_layer::text)::text END
		|| ',"new":{"c":' || coalesce(p_c::text, 'null') || ',"f":' || coalesce(p_f::text, 'null')
			|| ',"note":' || coalesce(to_json(p_note)::text, 'null') || '}'
		|| ',"old":{"c":' || coalesce(v_c::text, 'null') || ',"f":' || coalesce(v_f::text, 'null')
			|| ',"note":' || coalesce(to_json(v_note)::text, 'null') || '}'
		|| ',"seq":' || v_seq || '}', 'UTF8')), 'hex');
	INSERT INTO rating_events (assessment_id, seq, clause, actor_id, at, old_c, old_f, old_note,
			new_c, new_f, new_note, layer, prev_hash, hash)
		VALUES (p_assessment, v_seq, p_clause, p_user, p_at, v_c, v_f, v_note, p_c, p_f, p_note,
			p_layer, v_prev, v_hash);

	-- The team rating's summary, adjusted by the change of this clause alone.
	IF p_layer IS NULL THEN
		v_unscored := (p_summary->>'unscored')::integer;
		v_compliant := (p_summary->>'compliant')::integer;
		v_points := coalesce(p_c, v_unscored) + coalesce(p_f, v_unscored)
			- coalesce(v_c, v_unscored) - coalesce(v_f, v_unscored);
		v_dc := coalesce(p_c = v_compliant, false)::integer - coalesce(v_c = v_compliant, false)::integer;
		v_df := coalesce(p_f = v_compliant, false)::integer - coalesce(v_f = v_compliant, false)::integer;
		v_total := v_total + v_points;
		v_scored := v_scored + (p_c IS NOT NULL)::integer + (p_f IS NOT NULL)::integer
			- (v_c IS NOT NULL)::integer - (v_f IS NOT NULL)::integer;
		FOR i IN CASE WHEN p_summary->>'domain' IS NULL THEN 0 ELSE -1 END
				.. jsonb_array_length(p_summary->'sections') - 1 LOOP
			v_path := CASE WHEN i < 0 THEN ARRAY['domains', p_summary->>'domain']
				ELSE ARRAY['sections', p_summary->'sections'->>i] END;
			v_areas := jsonb_set(v_areas, v_path, jsonb_build_object(
				'points', (v_areas #>> (v_path || 'points'::text))::numeric + v_points,
				'compliantC', (v_areas #>> (v_path || 'compliantC'::text))::integer + v_dc,
				'compliantF', (v_areas #>> (v_path || 'compliantF'::text))::integer + v_df));
		END LOOP;
		-- The highest level whose criteria, and every lower level's, are met: walked in PL/pgSQL
		-- expressions, which run without starting an executor (a query over the JSON did).
		v_level := 0;
		<<levels>>
		FOR l IN 0 .. coalesce(jsonb_array_length(p_summary->'levels'), 0) - 1 LOOP
			v_criteria := p_summary->'levels'->l->'criteria';
			FOR k IN 0 .. coalesce(jsonb_array_length(v_criteria), 0) - 1 LOOP
				v_criterion := v_criteria->k;
				CASE v_criterion->>'kind'
				WHEN 'total' THEN
					v_met := v_total >= (v_criterion->>'atLeast')::numeric;
				WHEN 'share' THEN
					v_count := 0;
					FOR d IN 0 .. coalesce(jsonb_array_length(v_criterion->'domains'), 0) - 1 LOOP
						v_count := v_count + coalesce((v_areas #>> ARRAY['domains',
							v_criterion->'domains'->>d, v_criterion->>'rate'])::numeric, 0);
					END LOOP;
					v_met := v_count >= (v_criterion->>'atLeast')::numeric;
				ELSE
					v_met := (v_criterion->>'met')::boolean;
				END CASE;
				-- A criterion that cannot be read (null) does not hold a level back, as before.
				EXIT levels WHEN NOT coalesce(v_met, true);
			END LOOP;
			v_level := (p_summary->'levels'->l->>'level')::integer;
		END LOOP;
		UPDATE assessment_summaries SET level = v_level, total = v_total,
			complete = v_scored = (p_summary->>'rates')::integer, scored_rates = v_scored,
			areas = v_areas, updated_at = p_at
			WHERE assessment_id = p_assessment;
	END IF;

	-- A draft's first rating puts it in progress (the status is one of the facts checked above).
	IF p_expected #>> '{assessment,status}' = 'draft' THEN
		UPDATE assessments SET status = 'in_progress', updated_at = p_at WHERE id = p_assessment;
		v_started := true;
	END IF;

	RETURN jsonb_build_object('outcome', 'written', 'started', v_started,
		'rating', jsonb_build_object('assessmentId', p_assessment, 'clause', p_clause, 'c', p_c,
			'f', p_f, 'note', p_note, 'carried', v_carried, 'version', v_version, 'updatedBy', p_user,
			'updatedAt', v_at)
			|| CASE WHEN p_layer IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('raterId', p_layer) END);
END;
$$;
