-- A rating write in one statement (issue 17). The rules of who may rate what stay in the API;
-- the database checks, under the assessment's lock, that the facts the API decided on still
-- hold, and then writes the rating, its trail entry and the summary together.

-- The user behind a live session, as the API reads it on every request: the session open,
-- unexpired and the user's, the user active; null otherwise. The API's session check and the
-- one-statement write both ask this function, so the two cannot disagree.
CREATE FUNCTION "ccmm_session_user"(p_session uuid, p_user uuid) RETURNS jsonb LANGUAGE plpgsql STABLE AS $$
BEGIN
	-- PL/pgSQL, not SQL: its query plan is kept for the connection instead of made at every call.
	RETURN (SELECT jsonb_build_object('userId', u.id, 'role', u.role, 'organizationId', u.organization_id,
			'locale', u.locale, 'twoFactor', u.totp_secret IS NOT NULL)
		FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.id = p_session AND s.user_id = p_user AND s.ended_at IS NULL AND s.expires_at > now()
			AND u.active);
END;
$$;--> statement-breakpoint
-- Everything the API's rules read to let a user rate a clause of an assessment: who the user is
-- now (null: no live session) and the assessment as the user stands on it (null: none).
CREATE FUNCTION "ccmm_write_facts"(p_session uuid, p_user uuid, p_assessment uuid) RETURNS jsonb LANGUAGE plpgsql STABLE AS $$
BEGIN
	RETURN jsonb_build_object(
		'user', ccmm_session_user(p_session, p_user),
		'assessment', (
			SELECT jsonb_build_object('kind', a.kind, 'organizationId', a.organization_id,
				'standardRef', a.standard_ref, 'status', a.status, 'assessedOn', a.assessed_on::text,
				'operatingSince', coalesce(a.operating_since, o.operating_since)::text,
				'assigned', EXISTS (SELECT 1 FROM assessment_auditors x
					WHERE x.assessment_id = a.id AND x.user_id = p_user),
				'raters', (SELECT count(*)::int FROM assessment_auditors x WHERE x.assessment_id = a.id),
				'planDomains', (SELECT m.domains FROM audit_team_members m
					WHERE m.assessment_id = a.id AND m.user_id = p_user))
			FROM assessments a JOIN organizations o ON o.id = a.organization_id
			WHERE a.id = p_assessment));
END;
$$;--> statement-breakpoint
-- A clause's values as the trail hashes them (the API's canonical JSON: keys sorted, no spaces).
CREATE FUNCTION "ccmm_values_json"(p_c smallint, p_f smallint, p_note text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
	SELECT '{"c":' || coalesce(p_c::text, 'null') || ',"f":' || coalesce(p_f::text, 'null')
		|| ',"note":' || coalesce(to_json(p_note)::text, 'null') || '}'
$$;--> statement-breakpoint
-- Rates one clause (the team rating, or with p_layer a rater's own layer) if the facts are still
-- p_expected, under the assessment's lock: the version check, the rating, the trail entry chained
-- to the last one, the summary adjusted by the change, a draft started. Answers one of
--   {outcome: 'stale', facts}       the facts changed (or none were given): nothing written
--   {outcome: 'refresh'}            no summary with the clause's areas to adjust: nothing written
--   {outcome: 'conflict', current}  p_version is not the clause's version: nothing written
--   {outcome: 'unchanged', current} the same values again: nothing written
--   {outcome: 'written', rating, started}
-- p_summary (the team rating only) carries what the standard says of the clause: its domain and
-- sections, the compliant value, what an unscored rate counts, the number of rates, and the
-- level criteria as thresholds the API derived from the engine's rules.
CREATE FUNCTION "ccmm_rate_clause"(
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
	v_total numeric; v_scored integer; v_areas jsonb;
	v_seq integer; v_prev text; v_hash text;
	v_unscored integer; v_compliant integer;
	v_points numeric; v_dc integer; v_df integer;
	v_path text[]; v_rule jsonb; v_level integer := 0;
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
		SELECT total, scored_rates, areas INTO v_total, v_scored, v_areas
			FROM assessment_summaries WHERE assessment_id = p_assessment;
		IF NOT FOUND
			OR (p_summary->>'domain' IS NOT NULL AND v_areas #> ARRAY['domains', p_summary->>'domain'] IS NULL)
			OR EXISTS (SELECT 1 FROM jsonb_array_elements_text(p_summary->'sections') s
				WHERE v_areas #> ARRAY['sections', s] IS NULL) THEN
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
		|| ',"new":' || ccmm_values_json(p_c, p_f, p_note)
		|| ',"old":' || ccmm_values_json(v_c, v_f, v_note)
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
		FOR v_path IN
			SELECT ARRAY['domains', p_summary->>'domain'] WHERE p_summary->>'domain' IS NOT NULL
			UNION ALL SELECT ARRAY['sections', s] FROM jsonb_array_elements_text(p_summary->'sections') s
		LOOP
			v_areas := jsonb_set(v_areas, v_path, jsonb_build_object(
				'points', (v_areas #>> (v_path || 'points'::text))::numeric + v_points,
				'compliantC', (v_areas #>> (v_path || 'compliantC'::text))::integer + v_dc,
				'compliantF', (v_areas #>> (v_path || 'compliantF'::text))::integer + v_df));
		END LOOP;
		-- The highest level whose criteria, and every lower level's, are met.
		FOR v_rule IN SELECT value FROM jsonb_array_elements(p_summary->'levels') LOOP
			EXIT WHEN EXISTS (SELECT 1 FROM jsonb_array_elements(v_rule->'criteria') k WHERE NOT CASE k->>'kind'
				WHEN 'total' THEN v_total >= (k->>'atLeast')::numeric
				WHEN 'share' THEN (SELECT coalesce(sum((v_areas #>> ARRAY['domains', d, k->>'rate'])::numeric), 0)
					FROM jsonb_array_elements_text(k->'domains') d) >= (k->>'atLeast')::numeric
				ELSE (k->>'met')::boolean END);
			v_level := (v_rule->>'level')::integer;
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
--> statement-breakpoint
-- Every team-rating write rewrites its assessment's summary row (its areas are 2–4 KB of JSON):
-- kept whole in the row, uncompressed, rather than compressed or moved out of line each time.
ALTER TABLE "assessment_summaries" SET (toast_tuple_target = 8160);
