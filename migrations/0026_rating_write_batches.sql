-- Rating writes that reach a process while its earlier ones are on their way to the database go
-- together in one statement: one round trip and one commit for all of them (a group commit).
-- Each is still ccmm_rate_clause, under its own assessment's lock, with its own facts, version
-- check and trail entry; the API sends them ordered by assessment, so that two batches lock
-- their assessments in the same order. p_writes is an array of ccmm_rate_clause's arguments
-- (each an array in its order; the facts and the summary change as JSON); the answer is the
-- array of their answers, in the same order. An error undoes the whole batch: the API then
-- sends each write again on its own.
CREATE FUNCTION "ccmm_rate_clauses"(p_writes jsonb) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
	v_write jsonb;
	v_answers jsonb := '[]'::jsonb;
BEGIN
	FOR v_write IN SELECT value FROM jsonb_array_elements(p_writes) LOOP
		v_answers := v_answers || jsonb_build_array(ccmm_rate_clause(
			(v_write->>0)::uuid, (v_write->>1)::uuid, (v_write->>2)::uuid, v_write->3,
			(v_write->>4)::integer, (v_write->>5)::smallint, (v_write->>6)::smallint, v_write->>7,
			(v_write->>8)::integer, (v_write->>9)::uuid, (v_write->>10)::timestamptz,
			nullif(v_write->11, 'null'::jsonb)));
	END LOOP;
	RETURN v_answers;
END;
$$;
