-- Relationship family: relationship quality (RQ) index, scale reliability (Cronbach's alpha),
-- decayed engagement, and the composite relationship health score. See README "Relationship quality".

-- ---------------------------------------------------------------------------------------------
-- Relationship quality

CREATE TYPE cr_rq_profile AS (
    index               float8,
    n_answers           int8,
    n_dimensions        int4,
    coverage            float8,
    weakest_dimension   text,
    strongest_dimension text,
    dimensions          jsonb,
    note                text
);
COMMENT ON TYPE cr_rq_profile IS
'relationship-quality profile: index 0-100 (NULL below coverage 0.5, see note), answers, answered dimensions, coverage 0-1 (answered share of the total weight), weakest and strongest dimension, per-dimension {mean, n, weight} as jsonb';
COMMENT ON COLUMN cr_rq_profile.index IS 'relationship-quality index, 0-100 (NULL when coverage is below 0.5; see note)';
COMMENT ON COLUMN cr_rq_profile.n_answers IS 'answers counted (count)';
COMMENT ON COLUMN cr_rq_profile.n_dimensions IS 'dimensions with at least one answer (count)';
COMMENT ON COLUMN cr_rq_profile.coverage IS 'share of the total dimension weight that was answered, 0-1';
COMMENT ON COLUMN cr_rq_profile.weakest_dimension IS 'the answered dimension with the lowest mean (text)';
COMMENT ON COLUMN cr_rq_profile.strongest_dimension IS 'the answered dimension with the highest mean (text)';
COMMENT ON COLUMN cr_rq_profile.dimensions IS 'per dimension {"mean": 0-100, "n": count, "weight": number} (jsonb)';
COMMENT ON COLUMN cr_rq_profile.note IS 'why index is NULL, or NULL (text)';

CREATE FUNCTION relationship_quality_trans(bytea, text, float8, float8, float8)
RETURNS bytea
AS 'MODULE_PATHNAME', 'relationship_quality_trans'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION relationship_quality_trans(bytea, text, float8, float8, float8) IS
'transition function of relationship_quality(dimension, score, scale_min, scale_max)';

CREATE FUNCTION relationship_quality_trans(bytea, text, float8, float8, float8, jsonb)
RETURNS bytea
AS 'MODULE_PATHNAME', 'relationship_quality_trans'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION relationship_quality_trans(bytea, text, float8, float8, float8, jsonb) IS
'transition function of relationship_quality(dimension, score, scale_min, scale_max, weights)';

CREATE FUNCTION relationship_quality_combine(bytea, bytea)
RETURNS bytea
AS 'MODULE_PATHNAME', 'relationship_quality_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION relationship_quality_combine(bytea, bytea) IS
'combine function of relationship_quality: adds two partial states of the same instrument';

CREATE FUNCTION relationship_quality_final(bytea)
RETURNS cr_rq_profile
AS 'MODULE_PATHNAME', 'relationship_quality_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION relationship_quality_final(bytea) IS
'final function of relationship_quality: the cr_rq_profile of a state';

CREATE AGGREGATE relationship_quality(dimension text, score float8, scale_min float8, scale_max float8) (
    SFUNC = relationship_quality_trans,
    STYPE = bytea,
    FINALFUNC = relationship_quality_final,
    COMBINEFUNC = relationship_quality_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE relationship_quality(text, float8, float8, float8) IS
'relationship-quality index 0-100 over answers (dimension, score on [scale_min, scale_max]): each answer normalised to 0-100, averaged per dimension, dimensions weighted equally over trust, communication, respect, fairness, honesty, seriousness, recognition, commitment, engagement';

CREATE AGGREGATE relationship_quality(dimension text, score float8, scale_min float8, scale_max float8, weights jsonb) (
    SFUNC = relationship_quality_trans,
    STYPE = bytea,
    FINALFUNC = relationship_quality_final,
    COMBINEFUNC = relationship_quality_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE relationship_quality(text, float8, float8, float8, jsonb) IS
'relationship-quality index 0-100 with an instrument of your own: weights is a JSON object {"dimension": non-negative number, ...} naming every valid dimension (NULL: the nine default dimensions, equal weights)';

-- Sharded data (README "Scaling out"): the state is already a portable bytea (constant size per
-- instrument), so the pair is the aggregate without its final function, and one with the
-- combine function as transition.
CREATE AGGREGATE relationship_quality_state(dimension text, score float8, scale_min float8, scale_max float8) (
    SFUNC = relationship_quality_trans,
    STYPE = bytea,
    COMBINEFUNC = relationship_quality_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE relationship_quality_state(text, float8, float8, float8) IS
'the partial state of relationship_quality (per-dimension sums and counts, bytea), to ship from a shard and finish with relationship_quality_merge; NULL for no rows';

CREATE AGGREGATE relationship_quality_state(dimension text, score float8, scale_min float8, scale_max float8, weights jsonb) (
    SFUNC = relationship_quality_trans,
    STYPE = bytea,
    COMBINEFUNC = relationship_quality_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE relationship_quality_state(text, float8, float8, float8, jsonb) IS
'the partial state of relationship_quality with an instrument of your own (the weights travel inside it), for relationship_quality_merge; NULL for no rows';

CREATE AGGREGATE relationship_quality_merge(state bytea) (
    SFUNC = relationship_quality_combine,
    STYPE = bytea,
    FINALFUNC = relationship_quality_final,
    COMBINEFUNC = relationship_quality_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE relationship_quality_merge(bytea) IS
'the cr_rq_profile of all the answers behind relationship_quality_state values (one instrument); equal to relationship_quality over all their rows; NULL states are skipped';

-- ---------------------------------------------------------------------------------------------
-- Scale reliability

CREATE TYPE cr_cronbach_summary AS (
    alpha            float8,
    n                int8,
    k                int4,
    ci_low           float8,
    ci_high          float8,
    alpha_if_deleted float8[],
    n_skipped        int8
);
COMMENT ON TYPE cr_cronbach_summary IS
'Cronbach''s alpha with n complete respondents, k items, the Feldt 95 % confidence interval, alpha with each item deleted, and n_skipped respondents left out for a missing answer';
COMMENT ON COLUMN cr_cronbach_summary.alpha IS 'Cronbachs alpha (dimensionless, at most 1)';
COMMENT ON COLUMN cr_cronbach_summary.n IS 'complete respondents (count)';
COMMENT ON COLUMN cr_cronbach_summary.k IS 'items (count)';
COMMENT ON COLUMN cr_cronbach_summary.ci_low IS 'lower end of the Feldt 95 % interval of alpha';
COMMENT ON COLUMN cr_cronbach_summary.ci_high IS 'upper end of the Feldt 95 % interval of alpha';
COMMENT ON COLUMN cr_cronbach_summary.alpha_if_deleted IS 'alpha of the scale without item i, for each item i (float8[], k values)';
COMMENT ON COLUMN cr_cronbach_summary.n_skipped IS 'respondents left out for a missing answer (count)';

CREATE FUNCTION cronbach_alpha_trans(float8[], float8[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'cronbach_alpha_trans'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION cronbach_alpha_trans(float8[], float8[]) IS
'transition function of cronbach_alpha and cronbach_alpha_summary: [format 2, k, n, n_skipped, item sums, sums of products], sums as exact (hi, lo) pairs';

CREATE FUNCTION cronbach_alpha_combine(float8[], float8[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'cronbach_alpha_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION cronbach_alpha_combine(float8[], float8[]) IS
'combine function of cronbach_alpha and cronbach_alpha_summary (adds the exact sums)';

CREATE FUNCTION cronbach_alpha_final(float8[])
RETURNS float8
AS 'MODULE_PATHNAME', 'cronbach_alpha_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cronbach_alpha_final(float8[]) IS
'final function of cronbach_alpha';

CREATE FUNCTION cronbach_alpha_summary_final(float8[])
RETURNS cr_cronbach_summary
AS 'MODULE_PATHNAME', 'cronbach_alpha_summary_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cronbach_alpha_summary_final(float8[]) IS
'final function of cronbach_alpha_summary';

CREATE AGGREGATE cronbach_alpha(items float8[]) (
    SFUNC = cronbach_alpha_trans,
    STYPE = float8[],
    FINALFUNC = cronbach_alpha_final,
    COMBINEFUNC = cronbach_alpha_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE cronbach_alpha(float8[]) IS
'Cronbach''s alpha of a k-item scale, one array of item answers per respondent; respondents with a NULL answer are skipped; NULL with fewer than 2 respondents or no variance';

CREATE AGGREGATE cronbach_alpha_summary(items float8[]) (
    SFUNC = cronbach_alpha_trans,
    STYPE = float8[],
    FINALFUNC = cronbach_alpha_summary_final,
    COMBINEFUNC = cronbach_alpha_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE cronbach_alpha_summary(float8[]) IS
'Cronbach''s alpha with the Feldt (1987) 95 % interval, alpha-if-item-deleted and the counts of complete and skipped respondents';

-- Sharded data: the float8[] state (constant size for k items) is the portable state.
CREATE AGGREGATE cronbach_alpha_state(items float8[]) (
    SFUNC = cronbach_alpha_trans,
    STYPE = float8[],
    COMBINEFUNC = cronbach_alpha_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE cronbach_alpha_state(float8[]) IS
'the partial state of cronbach_alpha ([format 2, k, n, n_skipped, item sums, sums of products], sums as exact (hi, lo) pairs: the same rows give the same state in any order), to ship from a shard and finish with cronbach_alpha_merge or cronbach_alpha_summary_merge; NULL for no rows';

CREATE AGGREGATE cronbach_alpha_summary_state(items float8[]) (
    SFUNC = cronbach_alpha_trans,
    STYPE = float8[],
    COMBINEFUNC = cronbach_alpha_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE cronbach_alpha_summary_state(float8[]) IS
'the same state as cronbach_alpha_state (either merge accepts it), named for cronbach_alpha_summary_merge';

CREATE AGGREGATE cronbach_alpha_merge(state float8[]) (
    SFUNC = cronbach_alpha_combine,
    STYPE = float8[],
    FINALFUNC = cronbach_alpha_final,
    COMBINEFUNC = cronbach_alpha_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE cronbach_alpha_merge(float8[]) IS
'Cronbach''s alpha of all the respondents behind cronbach_alpha_state values (the exact sums added); equal to cronbach_alpha over all their rows';

CREATE AGGREGATE cronbach_alpha_summary_merge(state float8[]) (
    SFUNC = cronbach_alpha_combine,
    STYPE = float8[],
    FINALFUNC = cronbach_alpha_summary_final,
    COMBINEFUNC = cronbach_alpha_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE cronbach_alpha_summary_merge(float8[]) IS
'cronbach_alpha_summary of all the respondents behind cronbach_alpha_state values';

CREATE FUNCTION cronbach_alpha_feldt_ci(alpha float8, n int8, k int4, confidence float8 DEFAULT 0.95,
                                        OUT ci_low float8, OUT ci_high float8)
AS 'MODULE_PATHNAME', 'cronbach_alpha_feldt_ci'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cronbach_alpha_feldt_ci(float8, int8, int4, float8) IS
'Feldt, Woodruff & Salih (1987) confidence interval of Cronbach''s alpha from its estimate, n respondents and k items: (1 - alpha)/(1 - alpha_hat) ~ F(n-1, (n-1)(k-1))';

-- ---------------------------------------------------------------------------------------------
-- Engagement

CREATE FUNCTION engagement_trans(float8[], timestamptz, float8, interval, timestamptz)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'engagement_transfn_timestamptz'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION engagement_trans(float8[], timestamptz, float8, interval, timestamptz) IS
'transition function of engagement(timestamptz, ...): [format 2, rows, decayed sum (hi, lo)]';

CREATE FUNCTION engagement_trans(float8[], timestamp, float8, interval, timestamp)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'engagement_transfn_timestamptz'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION engagement_trans(float8[], timestamp, float8, interval, timestamp) IS
'transition function of engagement(timestamp, ...): [format 2, rows, decayed sum (hi, lo)]';

CREATE FUNCTION engagement_trans(float8[], date, float8, interval, date)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'engagement_transfn_date'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION engagement_trans(float8[], date, float8, interval, date) IS
'transition function of engagement(date, ...): [format 2, rows, decayed sum (hi, lo)]';

CREATE FUNCTION engagement_combine(float8[], float8[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'engagement_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION engagement_combine(float8[], float8[]) IS
'combine function of engagement: adds two partial states';

CREATE FUNCTION engagement_final(float8[])
RETURNS float8
AS 'MODULE_PATHNAME', 'engagement_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION engagement_final(float8[]) IS
'final function of engagement: the decayed sum, NULL for a group without rows';

CREATE AGGREGATE engagement(ts timestamptz, weight float8, half_life interval, as_of timestamptz) (
    SFUNC = engagement_trans,
    STYPE = float8[],
    INITCOND = '{2,0,0,0}',
    FINALFUNC = engagement_final,
    COMBINEFUNC = engagement_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE engagement(timestamptz, float8, interval, timestamptz) IS
'decayed engagement: sum of weight * 2^(-(as_of - ts)/half_life) over interactions at or before as_of; rows with a NULL argument are skipped; a month of half_life counts 30 days';

CREATE AGGREGATE engagement(ts timestamp, weight float8, half_life interval, as_of timestamp) (
    SFUNC = engagement_trans,
    STYPE = float8[],
    INITCOND = '{2,0,0,0}',
    FINALFUNC = engagement_final,
    COMBINEFUNC = engagement_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE engagement(timestamp, float8, interval, timestamp) IS
'decayed engagement over timestamp without time zone: sum of weight * 2^(-(as_of - ts)/half_life), interactions after as_of ignored';

CREATE AGGREGATE engagement(ts date, weight float8, half_life interval, as_of date) (
    SFUNC = engagement_trans,
    STYPE = float8[],
    INITCOND = '{2,0,0,0}',
    FINALFUNC = engagement_final,
    COMBINEFUNC = engagement_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE engagement(date, float8, interval, date) IS
'decayed engagement over dates (whole days): sum of weight * 2^(-(as_of - ts)/half_life), interactions after as_of ignored';

-- Sharded data: [format 2, rows, decayed sum (hi, lo)] is the portable state; every term is final when added, so
-- states of one customer from several shards add up.
CREATE AGGREGATE engagement_state(ts timestamptz, weight float8, half_life interval, as_of timestamptz) (
    SFUNC = engagement_trans,
    STYPE = float8[],
    INITCOND = '{2,0,0,0}',
    COMBINEFUNC = engagement_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE engagement_state(timestamptz, float8, interval, timestamptz) IS
'the partial state of engagement over timestamptz ([format 2, rows, decayed sum as an exact (hi, lo) pair]: the same rows give the same state in any order), to ship from a shard and finish with engagement_merge; {2,0,0,0} for no rows';

CREATE AGGREGATE engagement_state(ts timestamp, weight float8, half_life interval, as_of timestamp) (
    SFUNC = engagement_trans,
    STYPE = float8[],
    INITCOND = '{2,0,0,0}',
    COMBINEFUNC = engagement_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE engagement_state(timestamp, float8, interval, timestamp) IS
'the partial state of engagement over timestamp ([format 2, rows, decayed sum as an exact (hi, lo) pair]: the same rows give the same state in any order), to ship from a shard and finish with engagement_merge; {2,0,0,0} for no rows';

CREATE AGGREGATE engagement_state(ts date, weight float8, half_life interval, as_of date) (
    SFUNC = engagement_trans,
    STYPE = float8[],
    INITCOND = '{2,0,0,0}',
    COMBINEFUNC = engagement_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE engagement_state(date, float8, interval, date) IS
'the partial state of engagement over date ([format 2, rows, decayed sum as an exact (hi, lo) pair]: the same rows give the same state in any order), to ship from a shard and finish with engagement_merge; {2,0,0,0} for no rows';

CREATE AGGREGATE engagement_merge(state float8[]) (
    SFUNC = engagement_combine,
    STYPE = float8[],
    FINALFUNC = engagement_final,
    COMBINEFUNC = engagement_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE engagement_merge(float8[]) IS
'decayed engagement of all the interactions behind engagement_state values (each term is final when added, so states of one customer from several shards add up); equal to engagement over all their rows; NULL when no row was seen';

CREATE FUNCTION engagement_score(engagement float8, reference float8)
RETURNS float8
AS 'MODULE_PATHNAME', 'engagement_score'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION engagement_score(float8, float8) IS
'engagement on a 0-100 scale against a reference level: 100 * min(1, engagement / reference)';

-- ---------------------------------------------------------------------------------------------
-- Relationship health

CREATE TYPE cr_relationship_health AS (
    score      float8,
    band       text,
    driver     text,
    driver_gap float8,
    coverage   float8
);
COMMENT ON TYPE cr_relationship_health IS
'relationship health: score 0-100, band (strong, stable, at risk, critical), driver (the component with the largest weighted shortfall), driver_gap (score points it costs), coverage (share of the total weight that was present)';
COMMENT ON COLUMN cr_relationship_health.score IS 'relationship health, 0-100';
COMMENT ON COLUMN cr_relationship_health.band IS 'strong, stable, at risk or critical (text)';
COMMENT ON COLUMN cr_relationship_health.driver IS 'the component with the largest weighted shortfall: p_alive, recency_score, rq_index, nps_answer or engagement_score (text; NULL when nothing falls short)';
COMMENT ON COLUMN cr_relationship_health.driver_gap IS 'score points the driver costs, 0-100';
COMMENT ON COLUMN cr_relationship_health.coverage IS 'share of the total weight whose component was given, 0-1';

CREATE FUNCTION relationship_health(
    p_alive                 float8 DEFAULT NULL,
    recency_score           float8 DEFAULT NULL,
    rq_index                float8 DEFAULT NULL,
    nps_answer              float8 DEFAULT NULL,
    engagement_score        float8 DEFAULT NULL,
    p_alive_weight          float8 DEFAULT 0.30,
    recency_score_weight    float8 DEFAULT 0.10,
    rq_index_weight         float8 DEFAULT 0.30,
    nps_answer_weight       float8 DEFAULT 0.10,
    engagement_score_weight float8 DEFAULT 0.20,
    strong_min              float8 DEFAULT 75,
    stable_min              float8 DEFAULT 55,
    at_risk_min             float8 DEFAULT 35)
RETURNS cr_relationship_health
AS 'MODULE_PATHNAME', 'relationship_health'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION relationship_health(float8, float8, float8, float8, float8, float8, float8, float8, float8, float8, float8, float8, float8) IS
'relationship health 0-100: weighted mean of the scores p_alive (0-1), recency_score (0-1, see relationship_recency_score), rq_index (0-100), nps_answer (0-10) and engagement_score (0-100, see engagement_score) on a common 0-100 scale, each range-checked (22003); NULL components are left out and the rest re-weighted; band and driver (largest weighted shortfall)';

CREATE FUNCTION relationship_recency_score(since float8, typical_gap float8)
RETURNS float8
AS 'MODULE_PATHNAME', 'relationship_recency_score'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION relationship_recency_score(float8, float8) IS
'recency score 0-1: exp(-since/typical_gap), the chance that an active customer with that mean time between purchases stays silent this long (since and typical_gap in the same unit)';
