-- Newton-step statistics (issue 15): constant-size states of BG/NBD and Pareto/NBD summed at
-- given parameters, and the Newton steps that iterate them to the fit's optimum. The
-- reference is the fit of the whole data in one process (bgnbd_fit, pareto_nbd_fit), reached
-- here from a fit of a 1 % sample, to 1e-8 relative; CDNOW is in newton_stats_cdnow.sql.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS customer_rel;
RESET client_min_messages;
SET extra_float_digits = 0;

-- 100,000 simulated customers with exact (unrounded) times, every (frequency, recency, t)
-- distinct: the case where the fit's histogram state holds one row per customer.
CREATE TEMP TABLE sim AS
SELECT c AS id, s.frequency::float8 AS frequency, s.recency, s.t
FROM generate_series(1, 100000) c,
     LATERAL bgnbd_simulate(bgnbd_model(0.25, 4.4, 0.8, 2.4), 1, 20 + c * 1e-4, c, 0) s;
CREATE TEMP TABLE psim AS
SELECT c AS id, s.frequency::float8 AS frequency, s.recency, s.t
FROM generate_series(1, 100000) c,
     LATERAL pareto_nbd_simulate(pareto_nbd_model(0.55, 10.6, 0.6, 11.7), 1, 20 + c * 1e-4, c, 0) s;
SELECT count(*) AS customers, count(DISTINCT (frequency, recency, t)) AS distinct_rows FROM sim;
SELECT count(*) AS customers, count(DISTINCT (frequency, recency, t)) AS distinct_rows FROM psim;

-- The iteration of the README: start from a fit of a sample, one full scan per Newton step,
-- halve the step when the log-likelihood fell.
CREATE TEMP TABLE runs (name text, bg cr_bgnbd_model, pnbd cr_pareto_nbd_model, scans int);
DO $$
DECLARE
    m     cr_bgnbd_model := (SELECT bgnbd_fit(frequency, recency, t) FROM sim WHERE id % 100 = 0);
    s     float8[] := (SELECT bgnbd_newton_stats(frequency, recency, t, m) FROM sim);
    nxt   cr_bgnbd_model;
    s_nxt float8[];
    scale float8 := 1;
    scans int := 1;
BEGIN
    LOOP
        nxt := bgnbd_newton_step(m, s, scale);
        EXIT WHEN nxt.converged OR scans >= 50;
        s_nxt := (SELECT bgnbd_newton_stats(frequency, recency, t, nxt) FROM sim);
        scans := scans + 1;
        IF (newton_stats(s_nxt)).loglik >= (newton_stats(s)).loglik - 1e-12 * abs((newton_stats(s)).loglik) THEN
            m := nxt; s := s_nxt; scale := 1;
        ELSE
            scale := scale / 2;
        END IF;
    END LOOP;
    INSERT INTO runs (name, bg, scans) VALUES ('bgnbd sim', nxt, scans);
END $$;
DO $$
DECLARE
    m     cr_pareto_nbd_model := (SELECT pareto_nbd_fit(frequency, recency, t) FROM psim WHERE id % 100 = 0);
    s     float8[] := (SELECT pareto_nbd_newton_stats(frequency, recency, t, m) FROM psim);
    nxt   cr_pareto_nbd_model;
    s_nxt float8[];
    scale float8 := 1;
    scans int := 1;
BEGIN
    LOOP
        nxt := pareto_nbd_newton_step(m, s, scale);
        EXIT WHEN nxt.converged OR scans >= 50;
        s_nxt := (SELECT pareto_nbd_newton_stats(frequency, recency, t, nxt) FROM psim);
        scans := scans + 1;
        IF (newton_stats(s_nxt)).loglik >= (newton_stats(s)).loglik - 1e-12 * abs((newton_stats(s)).loglik) THEN
            m := nxt; s := s_nxt; scale := 1;
        ELSE
            scale := scale / 2;
        END IF;
    END LOOP;
    INSERT INTO runs (name, pnbd, scans) VALUES ('pareto_nbd sim', nxt, scans);
END $$;

-- the fits of all the data in one process, the reference
CREATE TEMP TABLE ref AS
SELECT (SELECT bgnbd_fit(frequency, recency, t) FROM sim) AS bg,
       (SELECT pareto_nbd_fit(frequency, recency, t) FROM psim) AS pnbd;

SELECT r.name, (r.bg).converged, r.scans BETWEEN 3 AND 10 AS few_scans,
       round((r.bg).r::numeric, 4) AS r, round((r.bg).alpha::numeric, 4) AS alpha,
       round((r.bg).a::numeric, 4) AS a, round((r.bg).b::numeric, 4) AS b, (r.bg).n,
       greatest(abs((r.bg).r / (f.bg).r - 1), abs((r.bg).alpha / (f.bg).alpha - 1),
                abs((r.bg).a / (f.bg).a - 1), abs((r.bg).b / (f.bg).b - 1)) < 1e-8 AS params_1e8,
       abs((r.bg).loglik / (f.bg).loglik - 1) < 1e-12 AS loglik_1e12,
       greatest(abs((r.bg).se_r / (f.bg).se_r - 1), abs((r.bg).se_alpha / (f.bg).se_alpha - 1),
                abs((r.bg).se_a / (f.bg).se_a - 1), abs((r.bg).se_b / (f.bg).se_b - 1)) < 1e-6 AS se_1e6
FROM runs r, ref f WHERE r.name = 'bgnbd sim';
SELECT r.name, (r.pnbd).converged, r.scans BETWEEN 3 AND 10 AS few_scans,
       round((r.pnbd).r::numeric, 4) AS r, round((r.pnbd).alpha::numeric, 4) AS alpha,
       round((r.pnbd).s::numeric, 4) AS s, round((r.pnbd).beta::numeric, 4) AS beta, (r.pnbd).n,
       greatest(abs((r.pnbd).r / (f.pnbd).r - 1), abs((r.pnbd).alpha / (f.pnbd).alpha - 1),
                abs((r.pnbd).s / (f.pnbd).s - 1), abs((r.pnbd).beta / (f.pnbd).beta - 1)) < 1e-8 AS params_1e8,
       abs((r.pnbd).loglik / (f.pnbd).loglik - 1) < 1e-12 AS loglik_1e12,
       greatest(abs((r.pnbd).se_r / (f.pnbd).se_r - 1), abs((r.pnbd).se_alpha / (f.pnbd).se_alpha - 1),
                abs((r.pnbd).se_s / (f.pnbd).se_s - 1), abs((r.pnbd).se_beta / (f.pnbd).se_beta - 1)) < 1e-6 AS se_1e6
FROM runs r, ref f WHERE r.name = 'pareto_nbd sim';

-- At the optimum the statistics are the fit's: log-likelihood, zero gradient, and a negative
-- definite Hessian whose inverse gives the standard errors.
SELECT st.model, st.rows, st.weight, round(st.loglik::numeric, 3) AS loglik,
       (SELECT max(abs(g)) FROM unnest(st.gradient) g) < 1e-11 * st.weight AS gradient_zero,
       array_dims(st.hessian) AS hessian_dims, st.hessian[1][2] = st.hessian[2][1] AS symmetric,
       st.hessian[1][1] < 0 AND st.hessian[4][4] < 0 AS negative_diagonal
FROM runs r, LATERAL newton_stats((SELECT bgnbd_newton_stats(frequency, recency, t, r.bg) FROM sim)) st
WHERE r.name = 'bgnbd sim';
SELECT (r.bg).loglik = st.loglik AS step_loglik_is_stats_loglik
FROM runs r, LATERAL newton_stats((SELECT bgnbd_newton_stats(frequency, recency, t, r.bg) FROM sim)) st
WHERE r.name = 'bgnbd sim';

-- A step that does not stop: the next model, converged false, loglik and errors unknown,
-- iterations one more than the model's; step_scale shortens it in log space.
SELECT s.converged, s.loglik IS NULL AS loglik_null, s.se_r IS NULL AS se_null, s.iterations,
       round(s.r::numeric, 6) AS r, round(h.r::numeric, 6) AS r_half,
       round(ln(h.r / 0.3)::numeric, 8) = round((ln(s.r / 0.3) / 2)::numeric, 8) AS half_in_log_space
FROM (SELECT bgnbd_newton_stats(frequency, recency, t, bgnbd_model(0.3, 4, 1, 2)) AS st FROM sim) x,
     LATERAL bgnbd_newton_step(bgnbd_model(0.3, 4, 1, 2), x.st) s,
     LATERAL bgnbd_newton_step(bgnbd_model(0.3, 4, 1, 2), x.st, 0.5) h;
-- the model's time unit is kept
SELECT (bgnbd_newton_step(m, st)).unit
FROM (SELECT bgnbd_model(0.3, 4, 1, 2, '7 days') AS m) mm,
     LATERAL (SELECT bgnbd_newton_stats(frequency, recency, t, mm.m) AS st FROM sim) x;

-- Weights: rows standing for several customers give the statistics of the repeated rows.
CREATE TEMP TABLE grouped AS
SELECT frequency, recency, t, count(*)::float8 AS w FROM (SELECT frequency, floor(recency) AS recency, ceil(t) AS t FROM sim) s GROUP BY 1, 2, 3;
SELECT a.rows AS rows_ungrouped, b.rows AS rows_grouped, a.weight = b.weight AS same_weight,
       abs(a.loglik / b.loglik - 1) < 1e-13 AS same_loglik,
       (SELECT max(abs(x - y)) FROM unnest(a.hessian, b.hessian) u(x, y)) < 1e-8 * abs(a.hessian[1][1]) AS same_hessian
FROM newton_stats((SELECT bgnbd_newton_stats(frequency, floor(recency), ceil(t), bgnbd_model(0.3, 4, 1, 2)) FROM sim)) a,
     newton_stats((SELECT bgnbd_newton_stats(frequency, recency, t, w, bgnbd_model(0.3, 4, 1, 2)) FROM grouped)) b;
SELECT a.weight = b.weight AS same_weight, abs(a.loglik / b.loglik - 1) < 1e-13 AS same_loglik
FROM newton_stats((SELECT pareto_nbd_newton_stats(frequency, floor(recency), ceil(t), pareto_nbd_model(0.5, 10, 0.6, 12)) FROM sim WHERE id <= 5000)) a,
     newton_stats((SELECT pareto_nbd_newton_stats(frequency, recency, t, w, pareto_nbd_model(0.5, 10, 0.6, 12))
                   FROM (SELECT frequency, floor(recency) AS recency, ceil(t) AS t, count(*)::float8 AS w
                         FROM sim WHERE id <= 5000 GROUP BY 1, 2, 3) g)) b;

-- Canonical: the same rows in another order give the same bytes.
SELECT (SELECT bgnbd_newton_stats(frequency, recency, t, bgnbd_model(0.3, 4, 1, 2) ORDER BY id) FROM sim)
     = (SELECT bgnbd_newton_stats(frequency, recency, t, bgnbd_model(0.3, 4, 1, 2) ORDER BY id DESC) FROM sim)
       AS bgnbd_same_bytes,
       (SELECT pareto_nbd_newton_stats(frequency, recency, t, pareto_nbd_model(0.5, 10, 0.6, 12) ORDER BY id) FROM psim WHERE id <= 5000)
     = (SELECT pareto_nbd_newton_stats(frequency, recency, t, pareto_nbd_model(0.5, 10, 0.6, 12) ORDER BY recency, id DESC) FROM psim WHERE id <= 5000)
       AS pareto_same_bytes;

-- NULLs are ignored, weight 0 counts nobody, no rows give NULL.
SELECT st.rows, st.weight
FROM newton_stats((SELECT bgnbd_newton_stats(f, r, t, w, bgnbd_model(0.3, 4, 1, 2))
                   FROM (VALUES (1::float8, 2::float8, 5::float8, 1::float8), (NULL, 1, 5, 1), (2, NULL, 5, 1),
                                (0, 0, NULL, 1), (0, 0, 4, NULL), (3, 4, 6, 0), (0, 0, 3, 2.5)) v(f, r, t, w))) st;
SELECT bgnbd_newton_stats(frequency, recency, t, NULL::cr_bgnbd_model) IS NULL AS null_model FROM sim WHERE id <= 3;
SELECT bgnbd_newton_stats(frequency, recency, t, bgnbd_model(0.3, 4, 1, 2)) IS NULL AS empty FROM sim WHERE false;
SELECT pareto_nbd_newton_stats(frequency, recency, t, pareto_nbd_model(0.5, 10, 0.6, 12)) IS NULL AS empty FROM psim WHERE false;
SELECT bgnbd_newton_step(bgnbd_model(0.3, 4, 1, 2), NULL) IS NULL AS strict_step;

-- Forced parallel plans: Partial Aggregate in the workers, and the same bytes as serial.
CREATE TEMP TABLE serial AS
SELECT (SELECT bgnbd_newton_stats(frequency, recency, t, bgnbd_model(0.3, 4, 1, 2)) FROM sim) AS bg,
       (SELECT pareto_nbd_newton_stats(frequency, recency, t, pareto_nbd_model(0.5, 10, 0.6, 12)) FROM psim WHERE id <= 20000) AS pnbd;
CREATE TABLE par_sim AS SELECT * FROM sim;
CREATE TABLE par_psim AS SELECT * FROM psim WHERE id <= 20000;
ANALYZE par_sim;
ANALYZE par_psim;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF)
SELECT bgnbd_newton_stats(frequency, recency, t, bgnbd_model(0.3, 4, 1, 2)) FROM par_sim;
EXPLAIN (COSTS OFF)
SELECT pareto_nbd_newton_stats(frequency, recency, t, pareto_nbd_model(0.5, 10, 0.6, 12)) FROM par_psim;
SELECT (SELECT bgnbd_newton_stats(frequency, recency, t, bgnbd_model(0.3, 4, 1, 2)) FROM par_sim) = bg AS bgnbd_parallel_same_bytes,
       (SELECT pareto_nbd_newton_stats(frequency, recency, t, pareto_nbd_model(0.5, 10, 0.6, 12)) FROM par_psim) = pnbd AS pareto_parallel_same_bytes
FROM serial;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
DROP TABLE par_sim, par_psim;

-- A PL/pgSQL record variable that is assigned a new model scores with the new one: the model
-- cache of the scoring functions keys on the model's value, not on the variable's
-- expanded-object pointer, which stays the same across assignments.
CREATE TEMP TABLE rescored (k int, p float8);
DO $$
DECLARE
    m cr_bgnbd_model;
    p float8;
BEGIN
    FOR k IN 1..2 LOOP
        m := bgnbd_model(0.3, 4, 1, CASE k WHEN 1 THEN 2 ELSE 20 END);
        p := bgnbd_p_alive(m, 2, 10, 30);   -- one call site, evaluated twice
        INSERT INTO rescored VALUES (k, p);
    END LOOP;
END $$;
SELECT k, round(p::numeric, 6) AS p_alive,
       round(p::numeric, 6) = round(bgnbd_p_alive(CASE k WHEN 1 THEN bgnbd_model(0.3, 4, 1, 2)
                                                          ELSE bgnbd_model(0.3, 4, 1, 20) END, 2, 10, 30)::numeric, 6) AS same_as_direct
FROM rescored ORDER BY k;

-- Errors.
\set VERBOSITY default
-- an invalid customer
SELECT bgnbd_newton_stats(f, r, t, bgnbd_model(0.3, 4, 1, 2)) FROM (VALUES ('NaN'::float8, 1::float8, 2::float8)) v(f, r, t);
SELECT bgnbd_newton_stats(f, r, t, bgnbd_model(0.3, 4, 1, 2)) FROM (VALUES (1::float8, 3::float8, 2::float8)) v(f, r, t);
SELECT pareto_nbd_newton_stats(f, r, t, -1, pareto_nbd_model(0.5, 10, 0.6, 12)) FROM (VALUES (1::float8, 1::float8, 2::float8)) v(f, r, t);
-- an invalid model
SELECT bgnbd_newton_stats(1, 1, 2, (bgnbd_model(0.3, 4, 1, 2)::text)::cr_bgnbd_model) IS NOT NULL AS ok;
SELECT bgnbd_newton_stats(1, 1, 2, ROW(0, 4, 1, 2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)::cr_bgnbd_model);
-- the model changes between rows
SELECT bgnbd_newton_stats(f, r, t, bgnbd_model(0.3 + f, 4, 1, 2)) FROM (VALUES (1::float8, 1::float8, 2::float8), (2, 1, 2)) v(f, r, t);
-- a model the likelihood cannot be evaluated at
SELECT pareto_nbd_newton_stats(1, 1, 2, pareto_nbd_model(1e20, 10, 0.6, 12));
-- statistics of another point, of the other model, forged
SELECT bgnbd_newton_step(bgnbd_model(0.3, 4, 1, 2),
       (SELECT bgnbd_newton_stats(frequency, recency, t, bgnbd_model(0.3, 4, 1, 2.5)) FROM sim WHERE id <= 10));
SELECT bgnbd_newton_step(bgnbd_model(0.5, 10, 0.6, 12),
       (SELECT pareto_nbd_newton_stats(frequency, recency, t, pareto_nbd_model(0.5, 10, 0.6, 12)) FROM sim WHERE id <= 10));
SELECT bgnbd_newton_step(bgnbd_model(0.3, 4, 1, 2), array_fill(0::float8, ARRAY[38]));
SELECT bgnbd_newton_step(bgnbd_model(0.3, 4, 1, 2), ARRAY[1, 2, 3]::float8[]);
SELECT newton_stats(ARRAY[15001, 0.3, 4, 1, 2, 1, 'NaN'] || array_fill(0::float8, ARRAY[31]));
SELECT newton_stats(ARRAY[15001, 0.3, 4, 1, 2, 1, NULL] || array_fill(0::float8, ARRAY[31]));
-- a bad step_scale
SELECT bgnbd_newton_step(bgnbd_model(0.3, 4, 1, 2),
       (SELECT bgnbd_newton_stats(frequency, recency, t, bgnbd_model(0.3, 4, 1, 2)) FROM sim WHERE id <= 10), 0);
SELECT bgnbd_newton_step(bgnbd_model(0.3, 4, 1, 2),
       (SELECT bgnbd_newton_stats(frequency, recency, t, bgnbd_model(0.3, 4, 1, 2)) FROM sim WHERE id <= 10), 1.5);
-- no customers (every weight 0)
SELECT bgnbd_newton_step(bgnbd_model(0.3, 4, 1, 2),
       (SELECT bgnbd_newton_stats(frequency, recency, t, 0, bgnbd_model(0.3, 4, 1, 2)) FROM sim WHERE id <= 10));
-- a step from beyond the range of the parameters (b > e^23)
SELECT bgnbd_newton_step(bgnbd_model(1, 1, 1, 1e10),
       (SELECT bgnbd_newton_stats(1, 1, 2, bgnbd_model(1, 1, 1, 1e10)) FROM generate_series(1, 10)));
-- the support functions are for the aggregates only
SELECT newton_stats_combine(NULL, NULL);
SELECT bgnbd_newton_stats_trans(NULL, 1, 1, 2, bgnbd_model(0.3, 4, 1, 2));
