-- Relationship family: relationship quality (RQ) index, scale reliability (Cronbach's alpha),
-- decayed engagement, and the composite relationship health score. See doc/relationship.md.

-- ---------------------------------------------------------------------------------------------
-- Relationship quality

CREATE TYPE rq_profile AS (
    index               float8,
    n_answers           int8,
    n_dimensions        int4,
    coverage            float8,
    weakest_dimension   text,
    strongest_dimension text,
    dimensions          jsonb,
    note                text
);
COMMENT ON TYPE rq_profile IS
'relationship-quality profile: index 0-100 (NULL below coverage 0.5, see note), answers, answered dimensions, coverage 0-1 (answered share of the total weight), weakest and strongest dimension, per-dimension {mean, n, weight} as jsonb';

CREATE FUNCTION relationship_quality_transfn(bytea, text, float8, float8, float8)
RETURNS bytea
AS 'MODULE_PATHNAME', 'relationship_quality_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION relationship_quality_transfn(bytea, text, float8, float8, float8) IS
'transition function of relationship_quality(dimension, score, scale_min, scale_max)';

CREATE FUNCTION relationship_quality_transfn(bytea, text, float8, float8, float8, jsonb)
RETURNS bytea
AS 'MODULE_PATHNAME', 'relationship_quality_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION relationship_quality_transfn(bytea, text, float8, float8, float8, jsonb) IS
'transition function of relationship_quality(dimension, score, scale_min, scale_max, weights)';

CREATE FUNCTION relationship_quality_combine(bytea, bytea)
RETURNS bytea
AS 'MODULE_PATHNAME', 'relationship_quality_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION relationship_quality_combine(bytea, bytea) IS
'combine function of relationship_quality: adds two partial states of the same instrument';

CREATE FUNCTION relationship_quality_final(bytea)
RETURNS rq_profile
AS 'MODULE_PATHNAME', 'relationship_quality_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION relationship_quality_final(bytea) IS
'final function of relationship_quality: the rq_profile of a state';

CREATE AGGREGATE relationship_quality(dimension text, score float8, scale_min float8, scale_max float8) (
    SFUNC = relationship_quality_transfn,
    STYPE = bytea,
    FINALFUNC = relationship_quality_final,
    COMBINEFUNC = relationship_quality_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE relationship_quality(text, float8, float8, float8) IS
'relationship-quality index 0-100 over answers (dimension, score on [scale_min, scale_max]): each answer normalised to 0-100, averaged per dimension, dimensions weighted equally over trust, communication, respect, fairness, honesty, seriousness, recognition, commitment, engagement';

CREATE AGGREGATE relationship_quality(dimension text, score float8, scale_min float8, scale_max float8, weights jsonb) (
    SFUNC = relationship_quality_transfn,
    STYPE = bytea,
    FINALFUNC = relationship_quality_final,
    COMBINEFUNC = relationship_quality_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE relationship_quality(text, float8, float8, float8, jsonb) IS
'relationship-quality index 0-100 with an instrument of your own: weights is a JSON object {"dimension": non-negative number, ...} naming every valid dimension (NULL: the nine default dimensions, equal weights)';

-- ---------------------------------------------------------------------------------------------
-- Scale reliability

CREATE TYPE cronbach_summary AS (
    alpha            float8,
    n                int8,
    k                int4,
    ci_low           float8,
    ci_high          float8,
    alpha_if_deleted float8[],
    n_skipped        int8
);
COMMENT ON TYPE cronbach_summary IS
'Cronbach''s alpha with n complete respondents, k items, the Feldt 95 % confidence interval, alpha with each item deleted, and n_skipped respondents left out for a missing answer';

CREATE FUNCTION cronbach_alpha_transfn(float8[], float8[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'cronbach_alpha_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION cronbach_alpha_transfn(float8[], float8[]) IS
'transition function of cronbach_alpha and cronbach_alpha_summary: [k, n, n_skipped, item means, co-moments]';

CREATE FUNCTION cronbach_alpha_combine(float8[], float8[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'cronbach_alpha_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION cronbach_alpha_combine(float8[], float8[]) IS
'combine function of cronbach_alpha and cronbach_alpha_summary (pairwise merge of co-moments)';

CREATE FUNCTION cronbach_alpha_final(float8[])
RETURNS float8
AS 'MODULE_PATHNAME', 'cronbach_alpha_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cronbach_alpha_final(float8[]) IS
'final function of cronbach_alpha';

CREATE FUNCTION cronbach_alpha_summary_final(float8[])
RETURNS cronbach_summary
AS 'MODULE_PATHNAME', 'cronbach_alpha_summary_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cronbach_alpha_summary_final(float8[]) IS
'final function of cronbach_alpha_summary';

CREATE AGGREGATE cronbach_alpha(items float8[]) (
    SFUNC = cronbach_alpha_transfn,
    STYPE = float8[],
    FINALFUNC = cronbach_alpha_final,
    COMBINEFUNC = cronbach_alpha_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE cronbach_alpha(float8[]) IS
'Cronbach''s alpha of a k-item scale, one array of item answers per respondent; respondents with a NULL answer are skipped; NULL with fewer than 2 respondents or no variance';

CREATE AGGREGATE cronbach_alpha_summary(items float8[]) (
    SFUNC = cronbach_alpha_transfn,
    STYPE = float8[],
    FINALFUNC = cronbach_alpha_summary_final,
    COMBINEFUNC = cronbach_alpha_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE cronbach_alpha_summary(float8[]) IS
'Cronbach''s alpha with the Feldt (1987) 95 % interval, alpha-if-item-deleted and the counts of complete and skipped respondents';

CREATE FUNCTION cronbach_alpha_feldt_ci(alpha float8, n int8, k int4, confidence float8 DEFAULT 0.95,
                                        OUT ci_low float8, OUT ci_high float8)
AS 'MODULE_PATHNAME', 'cronbach_alpha_feldt_ci'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cronbach_alpha_feldt_ci(float8, int8, int4, float8) IS
'Feldt, Woodruff & Salih (1987) confidence interval of Cronbach''s alpha from its estimate, n respondents and k items: (1 - alpha)/(1 - alpha_hat) ~ F(n-1, (n-1)(k-1))';

-- ---------------------------------------------------------------------------------------------
-- Engagement

CREATE FUNCTION engagement_transfn(float8[], timestamptz, float8, interval, timestamptz)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'engagement_transfn_timestamptz'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION engagement_transfn(float8[], timestamptz, float8, interval, timestamptz) IS
'transition function of engagement(timestamptz, ...): [rows, decayed sum]';

CREATE FUNCTION engagement_transfn(float8[], timestamp, float8, interval, timestamp)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'engagement_transfn_timestamptz'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION engagement_transfn(float8[], timestamp, float8, interval, timestamp) IS
'transition function of engagement(timestamp, ...): [rows, decayed sum]';

CREATE FUNCTION engagement_transfn(float8[], date, float8, interval, date)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'engagement_transfn_date'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION engagement_transfn(float8[], date, float8, interval, date) IS
'transition function of engagement(date, ...): [rows, decayed sum]';

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
    SFUNC = engagement_transfn,
    STYPE = float8[],
    INITCOND = '{0,0}',
    FINALFUNC = engagement_final,
    COMBINEFUNC = engagement_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE engagement(timestamptz, float8, interval, timestamptz) IS
'decayed engagement: sum of weight * 2^(-(as_of - ts)/half_life) over interactions at or before as_of; rows with a NULL argument are skipped; a month of half_life counts 30 days';

CREATE AGGREGATE engagement(ts timestamp, weight float8, half_life interval, as_of timestamp) (
    SFUNC = engagement_transfn,
    STYPE = float8[],
    INITCOND = '{0,0}',
    FINALFUNC = engagement_final,
    COMBINEFUNC = engagement_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE engagement(timestamp, float8, interval, timestamp) IS
'decayed engagement over timestamp without time zone: sum of weight * 2^(-(as_of - ts)/half_life), interactions after as_of ignored';

CREATE AGGREGATE engagement(ts date, weight float8, half_life interval, as_of date) (
    SFUNC = engagement_transfn,
    STYPE = float8[],
    INITCOND = '{0,0}',
    FINALFUNC = engagement_final,
    COMBINEFUNC = engagement_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE engagement(date, float8, interval, date) IS
'decayed engagement over dates (whole days): sum of weight * 2^(-(as_of - ts)/half_life), interactions after as_of ignored';

CREATE FUNCTION engagement_score(engagement float8, reference float8)
RETURNS float8
AS 'MODULE_PATHNAME', 'engagement_score'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION engagement_score(float8, float8) IS
'engagement on a 0-100 scale against a reference level: 100 * min(1, engagement / reference)';

-- ---------------------------------------------------------------------------------------------
-- Relationship health

CREATE TYPE relationship_health_profile AS (
    score      float8,
    band       text,
    driver     text,
    driver_gap float8,
    coverage   float8
);
COMMENT ON TYPE relationship_health_profile IS
'relationship health: score 0-100, band (strong, stable, at risk, critical), driver (the component with the largest weighted shortfall), driver_gap (score points it costs), coverage (share of the total weight that was present)';

CREATE FUNCTION relationship_health(
    p_alive           float8 DEFAULT NULL,
    recency           float8 DEFAULT NULL,
    rq_index          float8 DEFAULT NULL,
    nps_answer        float8 DEFAULT NULL,
    engagement        float8 DEFAULT NULL,
    p_alive_weight    float8 DEFAULT 0.30,
    recency_weight    float8 DEFAULT 0.10,
    rq_weight         float8 DEFAULT 0.30,
    nps_weight        float8 DEFAULT 0.10,
    engagement_weight float8 DEFAULT 0.20,
    strong_min        float8 DEFAULT 75,
    stable_min        float8 DEFAULT 55,
    at_risk_min       float8 DEFAULT 35)
RETURNS relationship_health_profile
AS 'MODULE_PATHNAME', 'relationship_health'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION relationship_health(float8, float8, float8, float8, float8, float8, float8, float8, float8, float8, float8, float8, float8) IS
'relationship health 0-100: weighted mean of p_alive (0-1), recency (0-1), rq_index (0-100), nps_answer (0-10) and engagement (0-100) on a common 0-100 scale; NULL components are left out and the rest re-weighted; band and driver (largest weighted shortfall)';

CREATE FUNCTION relationship_recency_score(since float8, typical_gap float8)
RETURNS float8
AS 'MODULE_PATHNAME', 'relationship_recency_score'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION relationship_recency_score(float8, float8) IS
'recency score 0-1: exp(-since/typical_gap), the chance that an active customer with that mean time between purchases stays silent this long (since and typical_gap in the same unit)';
