-- Survey scores: NPS (with standard error and 95 % interval), CSAT, CES, and the portable
-- <score>_state(...) -> bytea / <score>_merge(bytea) pairs for sharded data (postgres_fdw).
--
-- Every state is an int8[3] of counters (src/core/survey.h): a concrete, constant-size state type
-- updated in place, so each aggregate runs as a partial aggregate in parallel workers and on
-- distributed workers (Citus needs a state type that is not a pseudo-type). The transition
-- functions are STRICT with an INITCOND, so NULL answers are skipped.
-- Scores are integers on a scale (int2, int4, int8); numeric/float answers are not accepted:
-- a non-integer answer is not a point of the scale.

CREATE TYPE cr_nps_summary AS (
    n          int8,
    promoters  int8,
    passives   int8,
    detractors int8,
    nps        float8,
    std_error  float8,
    ci_low     float8,
    ci_high    float8
);
COMMENT ON TYPE cr_nps_summary IS
'Result of nps_summary and nps_merge: answer counts (promoters 9-10, passives 7-8, detractors 0-6), NPS = 100 (P - D) in [-100, 100], its Wald standard error 100 sqrt(((P + D) - (P - D)^2) / n), and the 95 % interval nps -/+ 1.96 std_error clipped to [-100, 100]';
COMMENT ON COLUMN cr_nps_summary.n IS 'answers counted (count)';
COMMENT ON COLUMN cr_nps_summary.promoters IS 'answers of 9 or 10 (count)';
COMMENT ON COLUMN cr_nps_summary.passives IS 'answers of 7 or 8 (count)';
COMMENT ON COLUMN cr_nps_summary.detractors IS 'answers of 0 to 6 (count)';
COMMENT ON COLUMN cr_nps_summary.nps IS 'Net Promoter Score: 100 (promoters - detractors) / n, in points from -100 to 100';
COMMENT ON COLUMN cr_nps_summary.std_error IS 'Wald standard error of nps, in points';
COMMENT ON COLUMN cr_nps_summary.ci_low IS 'lower end of the 95 % interval of nps, in points (clipped to -100)';
COMMENT ON COLUMN cr_nps_summary.ci_high IS 'upper end of the 95 % interval of nps, in points (clipped to 100)';

-- ---- transition functions ------------------------------------------------------------------

CREATE FUNCTION nps_trans(int8[], int2) RETURNS int8[]
    AS 'MODULE_PATHNAME', 'nps_trans_int2' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION nps_trans(int8[], int4) RETURNS int8[]
    AS 'MODULE_PATHNAME', 'nps_trans_int4' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION nps_trans(int8[], int8) RETURNS int8[]
    AS 'MODULE_PATHNAME', 'nps_trans_int8' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION nps_trans(int8[], int2) IS
'Transition function of nps, nps_summary and nps_state: counts one 0-10 answer into {promoters, passives, detractors}';
COMMENT ON FUNCTION nps_trans(int8[], int4) IS
'Transition function of nps, nps_summary and nps_state: counts one 0-10 answer into {promoters, passives, detractors}';
COMMENT ON FUNCTION nps_trans(int8[], int8) IS
'Transition function of nps, nps_summary and nps_state: counts one 0-10 answer into {promoters, passives, detractors}';

CREATE FUNCTION csat_trans(int8[], int2) RETURNS int8[]
    AS 'MODULE_PATHNAME', 'csat_trans_int2' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION csat_trans(int8[], int4) RETURNS int8[]
    AS 'MODULE_PATHNAME', 'csat_trans_int4' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION csat_trans(int8[], int8) RETURNS int8[]
    AS 'MODULE_PATHNAME', 'csat_trans_int8' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION csat_trans(int8[], int2, int4) RETURNS int8[]
    AS 'MODULE_PATHNAME', 'csat_trans_scale_int2' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION csat_trans(int8[], int4, int4) RETURNS int8[]
    AS 'MODULE_PATHNAME', 'csat_trans_scale_int4' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION csat_trans(int8[], int8, int4) RETURNS int8[]
    AS 'MODULE_PATHNAME', 'csat_trans_scale_int8' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION csat_trans(int8[], int2) IS
'Transition function of csat and csat_state on the default 1-5 scale: counts one answer into {n, top-two-box answers, scale_max}';
COMMENT ON FUNCTION csat_trans(int8[], int4) IS
'Transition function of csat and csat_state on the default 1-5 scale: counts one answer into {n, top-two-box answers, scale_max}';
COMMENT ON FUNCTION csat_trans(int8[], int8) IS
'Transition function of csat and csat_state on the default 1-5 scale: counts one answer into {n, top-two-box answers, scale_max}';
COMMENT ON FUNCTION csat_trans(int8[], int2, int4) IS
'Transition function of csat and csat_state on a 1..scale_max scale: counts one answer into {n, top-two-box answers, scale_max}';
COMMENT ON FUNCTION csat_trans(int8[], int4, int4) IS
'Transition function of csat and csat_state on a 1..scale_max scale: counts one answer into {n, top-two-box answers, scale_max}';
COMMENT ON FUNCTION csat_trans(int8[], int8, int4) IS
'Transition function of csat and csat_state on a 1..scale_max scale: counts one answer into {n, top-two-box answers, scale_max}';

CREATE FUNCTION ces_trans(int8[], int2) RETURNS int8[]
    AS 'MODULE_PATHNAME', 'ces_trans_int2' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ces_trans(int8[], int4) RETURNS int8[]
    AS 'MODULE_PATHNAME', 'ces_trans_int4' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ces_trans(int8[], int8) RETURNS int8[]
    AS 'MODULE_PATHNAME', 'ces_trans_int8' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ces_trans(int8[], int2, int4) RETURNS int8[]
    AS 'MODULE_PATHNAME', 'ces_trans_scale_int2' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ces_trans(int8[], int4, int4) RETURNS int8[]
    AS 'MODULE_PATHNAME', 'ces_trans_scale_int4' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ces_trans(int8[], int8, int4) RETURNS int8[]
    AS 'MODULE_PATHNAME', 'ces_trans_scale_int8' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ces_trans(int8[], int2) IS
'Transition function of ces and ces_state on the default 1-7 scale: counts one answer into {n, sum of answers, scale_max}';
COMMENT ON FUNCTION ces_trans(int8[], int4) IS
'Transition function of ces and ces_state on the default 1-7 scale: counts one answer into {n, sum of answers, scale_max}';
COMMENT ON FUNCTION ces_trans(int8[], int8) IS
'Transition function of ces and ces_state on the default 1-7 scale: counts one answer into {n, sum of answers, scale_max}';
COMMENT ON FUNCTION ces_trans(int8[], int2, int4) IS
'Transition function of ces and ces_state on a 1..scale_max scale: counts one answer into {n, sum of answers, scale_max}';
COMMENT ON FUNCTION ces_trans(int8[], int4, int4) IS
'Transition function of ces and ces_state on a 1..scale_max scale: counts one answer into {n, sum of answers, scale_max}';
COMMENT ON FUNCTION ces_trans(int8[], int8, int4) IS
'Transition function of ces and ces_state on a 1..scale_max scale: counts one answer into {n, sum of answers, scale_max}';

CREATE FUNCTION nps_merge_trans(int8[], bytea) RETURNS int8[]
    AS 'MODULE_PATHNAME', 'nps_merge_trans' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION nps_merge_trans(int8[], bytea) IS
'Transition function of nps_merge: checks and adds one state made by nps_state';
CREATE FUNCTION csat_merge_trans(int8[], bytea) RETURNS int8[]
    AS 'MODULE_PATHNAME', 'csat_merge_trans' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION csat_merge_trans(int8[], bytea) IS
'Transition function of csat_merge: checks and adds one state made by csat_state';
CREATE FUNCTION ces_merge_trans(int8[], bytea) RETURNS int8[]
    AS 'MODULE_PATHNAME', 'ces_merge_trans' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ces_merge_trans(int8[], bytea) IS
'Transition function of ces_merge: checks and adds one state made by ces_state';

-- ---- combine functions (not strict: they handle NULL states) --------------------------------

CREATE FUNCTION nps_combine(int8[], int8[]) RETURNS int8[]
    AS 'MODULE_PATHNAME', 'nps_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION nps_combine(int8[], int8[]) IS
'Combine function of the NPS aggregates: adds two {promoters, passives, detractors} states';
CREATE FUNCTION csat_combine(int8[], int8[]) RETURNS int8[]
    AS 'MODULE_PATHNAME', 'csat_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION csat_combine(int8[], int8[]) IS
'Combine function of the CSAT aggregates: adds two {n, top-two-box answers, scale_max} states of the same scale';
CREATE FUNCTION ces_combine(int8[], int8[]) RETURNS int8[]
    AS 'MODULE_PATHNAME', 'ces_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION ces_combine(int8[], int8[]) IS
'Combine function of the CES aggregates: adds two {n, sum of answers, scale_max} states of the same scale';

-- ---- final functions (read the state, return NULL for an empty group) -----------------------

CREATE FUNCTION nps_final(int8[]) RETURNS float8
    AS 'MODULE_PATHNAME', 'nps_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION nps_final(int8[]) IS
'Final function of nps: 100 (promoters - detractors) / n, NULL when there are no answers';
CREATE FUNCTION nps_summary_final(int8[]) RETURNS cr_nps_summary
    AS 'MODULE_PATHNAME', 'nps_summary_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION nps_summary_final(int8[]) IS
'Final function of nps_summary and nps_merge: counts, NPS, standard error and 95 % interval, NULL when there are no answers';
CREATE FUNCTION csat_final(int8[]) RETURNS float8
    AS 'MODULE_PATHNAME', 'csat_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION csat_final(int8[]) IS
'Final function of csat and csat_merge: percentage of answers in the top two boxes, NULL when there are no answers';
CREATE FUNCTION ces_final(int8[]) RETURNS float8
    AS 'MODULE_PATHNAME', 'ces_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ces_final(int8[]) IS
'Final function of ces and ces_merge: mean answer, NULL when there are no answers';
CREATE FUNCTION nps_state_final(int8[]) RETURNS bytea
    AS 'MODULE_PATHNAME', 'nps_state_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION nps_state_final(int8[]) IS
'Final function of nps_state: the counters as a portable 26-byte state (version byte, kind byte, three big-endian int8), NULL when there are no answers';
CREATE FUNCTION csat_state_final(int8[]) RETURNS bytea
    AS 'MODULE_PATHNAME', 'csat_state_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION csat_state_final(int8[]) IS
'Final function of csat_state: the counters as a portable 26-byte state (version byte, kind byte, three big-endian int8), NULL when there are no answers';
CREATE FUNCTION ces_state_final(int8[]) RETURNS bytea
    AS 'MODULE_PATHNAME', 'ces_state_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ces_state_final(int8[]) IS
'Final function of ces_state: the counters as a portable 26-byte state (version byte, kind byte, three big-endian int8), NULL when there are no answers';

-- ---- the aggregates --------------------------------------------------------------------------

CREATE AGGREGATE nps(score int2) (SFUNC = nps_trans, STYPE = int8[], INITCOND = '{0,0,0}',
    COMBINEFUNC = nps_combine, FINALFUNC = nps_final, PARALLEL = SAFE);
CREATE AGGREGATE nps(score int4) (SFUNC = nps_trans, STYPE = int8[], INITCOND = '{0,0,0}',
    COMBINEFUNC = nps_combine, FINALFUNC = nps_final, PARALLEL = SAFE);
CREATE AGGREGATE nps(score int8) (SFUNC = nps_trans, STYPE = int8[], INITCOND = '{0,0,0}',
    COMBINEFUNC = nps_combine, FINALFUNC = nps_final, PARALLEL = SAFE);
COMMENT ON AGGREGATE nps(int2) IS
'Net Promoter Score of 0-10 answers: percent promoters (9-10) minus percent detractors (0-6), in [-100, 100]; NULLs ignored, NULL for no answers, 22003 for an answer outside 0-10';
COMMENT ON AGGREGATE nps(int4) IS
'Net Promoter Score of 0-10 answers: percent promoters (9-10) minus percent detractors (0-6), in [-100, 100]; NULLs ignored, NULL for no answers, 22003 for an answer outside 0-10';
COMMENT ON AGGREGATE nps(int8) IS
'Net Promoter Score of 0-10 answers: percent promoters (9-10) minus percent detractors (0-6), in [-100, 100]; NULLs ignored, NULL for no answers, 22003 for an answer outside 0-10';

CREATE AGGREGATE nps_summary(score int2) (SFUNC = nps_trans, STYPE = int8[], INITCOND = '{0,0,0}',
    COMBINEFUNC = nps_combine, FINALFUNC = nps_summary_final, PARALLEL = SAFE);
CREATE AGGREGATE nps_summary(score int4) (SFUNC = nps_trans, STYPE = int8[], INITCOND = '{0,0,0}',
    COMBINEFUNC = nps_combine, FINALFUNC = nps_summary_final, PARALLEL = SAFE);
CREATE AGGREGATE nps_summary(score int8) (SFUNC = nps_trans, STYPE = int8[], INITCOND = '{0,0,0}',
    COMBINEFUNC = nps_combine, FINALFUNC = nps_summary_final, PARALLEL = SAFE);
COMMENT ON AGGREGATE nps_summary(int2) IS
'NPS of 0-10 answers with its counts, Wald standard error and 95 % interval (cr_nps_summary); NULLs ignored, NULL for no answers';
COMMENT ON AGGREGATE nps_summary(int4) IS
'NPS of 0-10 answers with its counts, Wald standard error and 95 % interval (cr_nps_summary); NULLs ignored, NULL for no answers';
COMMENT ON AGGREGATE nps_summary(int8) IS
'NPS of 0-10 answers with its counts, Wald standard error and 95 % interval (cr_nps_summary); NULLs ignored, NULL for no answers';

CREATE AGGREGATE csat(score int2) (SFUNC = csat_trans, STYPE = int8[], INITCOND = '{0,0,5}',
    COMBINEFUNC = csat_combine, FINALFUNC = csat_final, PARALLEL = SAFE);
CREATE AGGREGATE csat(score int4) (SFUNC = csat_trans, STYPE = int8[], INITCOND = '{0,0,5}',
    COMBINEFUNC = csat_combine, FINALFUNC = csat_final, PARALLEL = SAFE);
CREATE AGGREGATE csat(score int8) (SFUNC = csat_trans, STYPE = int8[], INITCOND = '{0,0,5}',
    COMBINEFUNC = csat_combine, FINALFUNC = csat_final, PARALLEL = SAFE);
CREATE AGGREGATE csat(score int2, scale_max int4) (SFUNC = csat_trans, STYPE = int8[], INITCOND = '{0,0,0}',
    COMBINEFUNC = csat_combine, FINALFUNC = csat_final, PARALLEL = SAFE);
CREATE AGGREGATE csat(score int4, scale_max int4) (SFUNC = csat_trans, STYPE = int8[], INITCOND = '{0,0,0}',
    COMBINEFUNC = csat_combine, FINALFUNC = csat_final, PARALLEL = SAFE);
CREATE AGGREGATE csat(score int8, scale_max int4) (SFUNC = csat_trans, STYPE = int8[], INITCOND = '{0,0,0}',
    COMBINEFUNC = csat_combine, FINALFUNC = csat_final, PARALLEL = SAFE);
COMMENT ON AGGREGATE csat(int2) IS
'Customer satisfaction on a 1-5 scale: percent of answers in the top two boxes (4-5), 0-100; NULLs ignored, NULL for no answers, 22003 for an answer outside 1-5';
COMMENT ON AGGREGATE csat(int4) IS
'Customer satisfaction on a 1-5 scale: percent of answers in the top two boxes (4-5), 0-100; NULLs ignored, NULL for no answers, 22003 for an answer outside 1-5';
COMMENT ON AGGREGATE csat(int8) IS
'Customer satisfaction on a 1-5 scale: percent of answers in the top two boxes (4-5), 0-100; NULLs ignored, NULL for no answers, 22003 for an answer outside 1-5';
COMMENT ON AGGREGATE csat(int2, int4) IS
'Customer satisfaction on a 1..scale_max scale (scale_max 3-100, the same for the whole group): percent of answers in the top two boxes, 0-100; rows with a NULL are ignored';
COMMENT ON AGGREGATE csat(int4, int4) IS
'Customer satisfaction on a 1..scale_max scale (scale_max 3-100, the same for the whole group): percent of answers in the top two boxes, 0-100; rows with a NULL are ignored';
COMMENT ON AGGREGATE csat(int8, int4) IS
'Customer satisfaction on a 1..scale_max scale (scale_max 3-100, the same for the whole group): percent of answers in the top two boxes, 0-100; rows with a NULL are ignored';

CREATE AGGREGATE ces(score int2) (SFUNC = ces_trans, STYPE = int8[], INITCOND = '{0,0,7}',
    COMBINEFUNC = ces_combine, FINALFUNC = ces_final, PARALLEL = SAFE);
CREATE AGGREGATE ces(score int4) (SFUNC = ces_trans, STYPE = int8[], INITCOND = '{0,0,7}',
    COMBINEFUNC = ces_combine, FINALFUNC = ces_final, PARALLEL = SAFE);
CREATE AGGREGATE ces(score int8) (SFUNC = ces_trans, STYPE = int8[], INITCOND = '{0,0,7}',
    COMBINEFUNC = ces_combine, FINALFUNC = ces_final, PARALLEL = SAFE);
CREATE AGGREGATE ces(score int2, scale_max int4) (SFUNC = ces_trans, STYPE = int8[], INITCOND = '{0,0,0}',
    COMBINEFUNC = ces_combine, FINALFUNC = ces_final, PARALLEL = SAFE);
CREATE AGGREGATE ces(score int4, scale_max int4) (SFUNC = ces_trans, STYPE = int8[], INITCOND = '{0,0,0}',
    COMBINEFUNC = ces_combine, FINALFUNC = ces_final, PARALLEL = SAFE);
CREATE AGGREGATE ces(score int8, scale_max int4) (SFUNC = ces_trans, STYPE = int8[], INITCOND = '{0,0,0}',
    COMBINEFUNC = ces_combine, FINALFUNC = ces_final, PARALLEL = SAFE);
COMMENT ON AGGREGATE ces(int2) IS
'Customer effort score on a 1-7 scale: the mean answer, 1-7; NULLs ignored, NULL for no answers, 22003 for an answer outside 1-7';
COMMENT ON AGGREGATE ces(int4) IS
'Customer effort score on a 1-7 scale: the mean answer, 1-7; NULLs ignored, NULL for no answers, 22003 for an answer outside 1-7';
COMMENT ON AGGREGATE ces(int8) IS
'Customer effort score on a 1-7 scale: the mean answer, 1-7; NULLs ignored, NULL for no answers, 22003 for an answer outside 1-7';
COMMENT ON AGGREGATE ces(int2, int4) IS
'Customer effort score on a 1..scale_max scale (scale_max 2-100, the same for the whole group): the mean answer; rows with a NULL are ignored';
COMMENT ON AGGREGATE ces(int4, int4) IS
'Customer effort score on a 1..scale_max scale (scale_max 2-100, the same for the whole group): the mean answer; rows with a NULL are ignored';
COMMENT ON AGGREGATE ces(int8, int4) IS
'Customer effort score on a 1..scale_max scale (scale_max 2-100, the same for the whole group): the mean answer; rows with a NULL are ignored';

-- ---- portable states for sharded data: <score>_state(...) -> bytea, <score>_merge(bytea) ----

CREATE AGGREGATE nps_state(score int2) (SFUNC = nps_trans, STYPE = int8[], INITCOND = '{0,0,0}',
    COMBINEFUNC = nps_combine, FINALFUNC = nps_state_final, PARALLEL = SAFE);
CREATE AGGREGATE nps_state(score int4) (SFUNC = nps_trans, STYPE = int8[], INITCOND = '{0,0,0}',
    COMBINEFUNC = nps_combine, FINALFUNC = nps_state_final, PARALLEL = SAFE);
CREATE AGGREGATE nps_state(score int8) (SFUNC = nps_trans, STYPE = int8[], INITCOND = '{0,0,0}',
    COMBINEFUNC = nps_combine, FINALFUNC = nps_state_final, PARALLEL = SAFE);
COMMENT ON AGGREGATE nps_state(int2) IS
'NPS counts of 0-10 answers as a portable 26-byte state, to be combined by nps_merge on another server (one state per shard); NULL for no answers';
COMMENT ON AGGREGATE nps_state(int4) IS
'NPS counts of 0-10 answers as a portable 26-byte state, to be combined by nps_merge on another server (one state per shard); NULL for no answers';
COMMENT ON AGGREGATE nps_state(int8) IS
'NPS counts of 0-10 answers as a portable 26-byte state, to be combined by nps_merge on another server (one state per shard); NULL for no answers';
CREATE AGGREGATE nps_merge(state bytea) (SFUNC = nps_merge_trans, STYPE = int8[], INITCOND = '{0,0,0}',
    COMBINEFUNC = nps_combine, FINALFUNC = nps_summary_final, PARALLEL = SAFE);
COMMENT ON AGGREGATE nps_merge(bytea) IS
'Combines states made by nps_state into the cr_nps_summary of all their answers; 22023 on a malformed state, NULLs ignored';

CREATE AGGREGATE csat_state(score int2) (SFUNC = csat_trans, STYPE = int8[], INITCOND = '{0,0,5}',
    COMBINEFUNC = csat_combine, FINALFUNC = csat_state_final, PARALLEL = SAFE);
CREATE AGGREGATE csat_state(score int4) (SFUNC = csat_trans, STYPE = int8[], INITCOND = '{0,0,5}',
    COMBINEFUNC = csat_combine, FINALFUNC = csat_state_final, PARALLEL = SAFE);
CREATE AGGREGATE csat_state(score int8) (SFUNC = csat_trans, STYPE = int8[], INITCOND = '{0,0,5}',
    COMBINEFUNC = csat_combine, FINALFUNC = csat_state_final, PARALLEL = SAFE);
CREATE AGGREGATE csat_state(score int2, scale_max int4) (SFUNC = csat_trans, STYPE = int8[], INITCOND = '{0,0,0}',
    COMBINEFUNC = csat_combine, FINALFUNC = csat_state_final, PARALLEL = SAFE);
CREATE AGGREGATE csat_state(score int4, scale_max int4) (SFUNC = csat_trans, STYPE = int8[], INITCOND = '{0,0,0}',
    COMBINEFUNC = csat_combine, FINALFUNC = csat_state_final, PARALLEL = SAFE);
CREATE AGGREGATE csat_state(score int8, scale_max int4) (SFUNC = csat_trans, STYPE = int8[], INITCOND = '{0,0,0}',
    COMBINEFUNC = csat_combine, FINALFUNC = csat_state_final, PARALLEL = SAFE);
COMMENT ON AGGREGATE csat_state(int2) IS
'CSAT counts of 1-5 answers as a portable 26-byte state, to be combined by csat_merge on another server; NULL for no answers';
COMMENT ON AGGREGATE csat_state(int4) IS
'CSAT counts of 1-5 answers as a portable 26-byte state, to be combined by csat_merge on another server; NULL for no answers';
COMMENT ON AGGREGATE csat_state(int8) IS
'CSAT counts of 1-5 answers as a portable 26-byte state, to be combined by csat_merge on another server; NULL for no answers';
COMMENT ON AGGREGATE csat_state(int2, int4) IS
'CSAT counts of 1..scale_max answers as a portable 26-byte state, to be combined by csat_merge on another server; NULL for no answers';
COMMENT ON AGGREGATE csat_state(int4, int4) IS
'CSAT counts of 1..scale_max answers as a portable 26-byte state, to be combined by csat_merge on another server; NULL for no answers';
COMMENT ON AGGREGATE csat_state(int8, int4) IS
'CSAT counts of 1..scale_max answers as a portable 26-byte state, to be combined by csat_merge on another server; NULL for no answers';
CREATE AGGREGATE csat_merge(state bytea) (SFUNC = csat_merge_trans, STYPE = int8[], INITCOND = '{0,0,0}',
    COMBINEFUNC = csat_combine, FINALFUNC = csat_final, PARALLEL = SAFE);
COMMENT ON AGGREGATE csat_merge(bytea) IS
'Combines states made by csat_state (all of one scale) into the CSAT percentage of all their answers; 22023 on a malformed state or mixed scales, NULLs ignored';

CREATE AGGREGATE ces_state(score int2) (SFUNC = ces_trans, STYPE = int8[], INITCOND = '{0,0,7}',
    COMBINEFUNC = ces_combine, FINALFUNC = ces_state_final, PARALLEL = SAFE);
CREATE AGGREGATE ces_state(score int4) (SFUNC = ces_trans, STYPE = int8[], INITCOND = '{0,0,7}',
    COMBINEFUNC = ces_combine, FINALFUNC = ces_state_final, PARALLEL = SAFE);
CREATE AGGREGATE ces_state(score int8) (SFUNC = ces_trans, STYPE = int8[], INITCOND = '{0,0,7}',
    COMBINEFUNC = ces_combine, FINALFUNC = ces_state_final, PARALLEL = SAFE);
CREATE AGGREGATE ces_state(score int2, scale_max int4) (SFUNC = ces_trans, STYPE = int8[], INITCOND = '{0,0,0}',
    COMBINEFUNC = ces_combine, FINALFUNC = ces_state_final, PARALLEL = SAFE);
CREATE AGGREGATE ces_state(score int4, scale_max int4) (SFUNC = ces_trans, STYPE = int8[], INITCOND = '{0,0,0}',
    COMBINEFUNC = ces_combine, FINALFUNC = ces_state_final, PARALLEL = SAFE);
CREATE AGGREGATE ces_state(score int8, scale_max int4) (SFUNC = ces_trans, STYPE = int8[], INITCOND = '{0,0,0}',
    COMBINEFUNC = ces_combine, FINALFUNC = ces_state_final, PARALLEL = SAFE);
COMMENT ON AGGREGATE ces_state(int2) IS
'CES counts of 1-7 answers as a portable 26-byte state, to be combined by ces_merge on another server; NULL for no answers';
COMMENT ON AGGREGATE ces_state(int4) IS
'CES counts of 1-7 answers as a portable 26-byte state, to be combined by ces_merge on another server; NULL for no answers';
COMMENT ON AGGREGATE ces_state(int8) IS
'CES counts of 1-7 answers as a portable 26-byte state, to be combined by ces_merge on another server; NULL for no answers';
COMMENT ON AGGREGATE ces_state(int2, int4) IS
'CES counts of 1..scale_max answers as a portable 26-byte state, to be combined by ces_merge on another server; NULL for no answers';
COMMENT ON AGGREGATE ces_state(int4, int4) IS
'CES counts of 1..scale_max answers as a portable 26-byte state, to be combined by ces_merge on another server; NULL for no answers';
COMMENT ON AGGREGATE ces_state(int8, int4) IS
'CES counts of 1..scale_max answers as a portable 26-byte state, to be combined by ces_merge on another server; NULL for no answers';
CREATE AGGREGATE ces_merge(state bytea) (SFUNC = ces_merge_trans, STYPE = int8[], INITCOND = '{0,0,0}',
    COMBINEFUNC = ces_combine, FINALFUNC = ces_final, PARALLEL = SAFE);
COMMENT ON AGGREGATE ces_merge(bytea) IS
'Combines states made by ces_state (all of one scale) into the mean effort score of all their answers; 22023 on a malformed state or mixed scales, NULLs ignored';
