-- Benchmark of the constant-state fits (Newton-step statistics) against bgnbd_fit and
-- pareto_nbd_fit (never a test). Data: 1,000,000 customers with exact times, every
-- (frequency, recency, t) distinct (t from 20 to 30 weeks in steps of 1e-5): the case where the
-- fit's histogram holds one row per customer. Figures: time of one fit, of one scan of the
-- statistics, serial and with 2 parallel workers, and the scans the README's loop needs from a
-- fit of a 1 % sample.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
DROP TABLE IF EXISTS ns_bg, ns_pnbd;
CREATE TABLE ns_bg AS
SELECT c AS id, s.frequency::float8 AS frequency, s.recency, s.t
FROM generate_series(1, 1000000) c,
     LATERAL bgnbd_simulate(bgnbd_model(0.25, 4.4, 0.8, 2.4), 1, 20 + c * 1e-5, c, 0) s;
CREATE TABLE ns_pnbd AS
SELECT c AS id, s.frequency::float8 AS frequency, s.recency, s.t
FROM generate_series(1, 1000000) c,
     LATERAL pareto_nbd_simulate(pareto_nbd_model(0.55, 10.6, 0.6, 11.7), 1, 20 + c * 1e-5, c, 0) s;
VACUUM ANALYZE ns_bg;
VACUUM ANALYZE ns_pnbd;

CREATE TEMP TABLE figures (what text, plan text, ms float8);
CREATE TEMP TABLE start AS
SELECT (SELECT bgnbd_fit(frequency, recency, t) FROM ns_bg WHERE id % 100 = 0) AS bg,
       (SELECT pareto_nbd_fit(frequency, recency, t) FROM ns_pnbd WHERE id % 100 = 0) AS pnbd;

-- the loop of the README, counting scans and timing the whole
CREATE TEMP TABLE loops (model text, scans int, ms float8, max_rel_diff float8);
DO $$
DECLARE
    m cr_bgnbd_model := (SELECT bg FROM start);
    t0 timestamptz := clock_timestamp();
    s float8[] := (SELECT bgnbd_newton_stats(frequency, recency, t, m) FROM ns_bg);
    nxt cr_bgnbd_model; s_nxt float8[]; scale float8 := 1; n_scans int := 1;
    f cr_bgnbd_model;
BEGIN
    LOOP
        nxt := bgnbd_newton_step(m, s, scale);
        EXIT WHEN nxt.converged OR n_scans >= 50;
        s_nxt := (SELECT bgnbd_newton_stats(frequency, recency, t, nxt) FROM ns_bg);
        n_scans := n_scans + 1;
        IF (newton_stats(s_nxt)).loglik >= (newton_stats(s)).loglik - 1e-12 * abs((newton_stats(s)).loglik) THEN
            m := nxt; s := s_nxt; scale := 1;
        ELSE
            scale := scale / 2;
        END IF;
    END LOOP;
    INSERT INTO loops VALUES ('BG/NBD', n_scans, 1000 * extract(epoch FROM clock_timestamp() - t0)::float8, NULL);
    f := (SELECT bgnbd_fit(frequency, recency, t) FROM ns_bg);
    UPDATE loops SET max_rel_diff = greatest(abs(nxt.r / f.r - 1), abs(nxt.alpha / f.alpha - 1),
                                            abs(nxt.a / f.a - 1), abs(nxt.b / f.b - 1))
    WHERE model = 'BG/NBD';
END $$;
DO $$
DECLARE
    m cr_pareto_nbd_model := (SELECT pnbd FROM start);
    t0 timestamptz := clock_timestamp();
    s float8[] := (SELECT pareto_nbd_newton_stats(frequency, recency, t, m) FROM ns_pnbd);
    nxt cr_pareto_nbd_model; s_nxt float8[]; scale float8 := 1; n_scans int := 1;
    f cr_pareto_nbd_model;
BEGIN
    LOOP
        nxt := pareto_nbd_newton_step(m, s, scale);
        EXIT WHEN nxt.converged OR n_scans >= 50;
        s_nxt := (SELECT pareto_nbd_newton_stats(frequency, recency, t, nxt) FROM ns_pnbd);
        n_scans := n_scans + 1;
        IF (newton_stats(s_nxt)).loglik >= (newton_stats(s)).loglik - 1e-12 * abs((newton_stats(s)).loglik) THEN
            m := nxt; s := s_nxt; scale := 1;
        ELSE
            scale := scale / 2;
        END IF;
    END LOOP;
    INSERT INTO loops VALUES ('Pareto/NBD', n_scans, 1000 * extract(epoch FROM clock_timestamp() - t0)::float8, NULL);
    f := (SELECT pareto_nbd_fit(frequency, recency, t) FROM ns_pnbd);
    UPDATE loops SET max_rel_diff = greatest(abs(nxt.r / f.r - 1), abs(nxt.alpha / f.alpha - 1),
                                            abs(nxt.s / f.s - 1), abs(nxt.beta / f.beta - 1))
    WHERE model = 'Pareto/NBD';
END $$;

-- one fit and one scan, serial and with 2 workers
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 0;
INSERT INTO figures
SELECT 'bgnbd_fit', bench_plan('SELECT bgnbd_fit(frequency, recency, t) FROM ns_bg'),
       bench_ms('SELECT bgnbd_fit(frequency, recency, t) FROM ns_bg', 2);
INSERT INTO figures
SELECT 'bgnbd_newton_stats (one scan)', bench_plan(format('SELECT bgnbd_newton_stats(frequency, recency, t, %L::cr_bgnbd_model) FROM ns_bg', bg)),
       bench_ms(format('SELECT bgnbd_newton_stats(frequency, recency, t, %L::cr_bgnbd_model) FROM ns_bg', bg), 2)
FROM start;
INSERT INTO figures
SELECT 'pareto_nbd_fit', bench_plan('SELECT pareto_nbd_fit(frequency, recency, t) FROM ns_pnbd'),
       bench_ms('SELECT pareto_nbd_fit(frequency, recency, t) FROM ns_pnbd', 1);
INSERT INTO figures
SELECT 'pareto_nbd_newton_stats (one scan)', bench_plan(format('SELECT pareto_nbd_newton_stats(frequency, recency, t, %L::cr_pareto_nbd_model) FROM ns_pnbd', pnbd)),
       bench_ms(format('SELECT pareto_nbd_newton_stats(frequency, recency, t, %L::cr_pareto_nbd_model) FROM ns_pnbd', pnbd), 1)
FROM start;
SET max_parallel_workers_per_gather = 2;
INSERT INTO figures
SELECT 'bgnbd_fit', bench_plan('SELECT bgnbd_fit(frequency, recency, t) FROM ns_bg'),
       bench_ms('SELECT bgnbd_fit(frequency, recency, t) FROM ns_bg', 2);
INSERT INTO figures
SELECT 'bgnbd_newton_stats (one scan)', bench_plan(format('SELECT bgnbd_newton_stats(frequency, recency, t, %L::cr_bgnbd_model) FROM ns_bg', bg)),
       bench_ms(format('SELECT bgnbd_newton_stats(frequency, recency, t, %L::cr_bgnbd_model) FROM ns_bg', bg), 2)
FROM start;
INSERT INTO figures
SELECT 'pareto_nbd_fit', bench_plan('SELECT pareto_nbd_fit(frequency, recency, t) FROM ns_pnbd'),
       bench_ms('SELECT pareto_nbd_fit(frequency, recency, t) FROM ns_pnbd', 1);
INSERT INTO figures
SELECT 'pareto_nbd_newton_stats (one scan)', bench_plan(format('SELECT pareto_nbd_newton_stats(frequency, recency, t, %L::cr_pareto_nbd_model) FROM ns_pnbd', pnbd)),
       bench_ms(format('SELECT pareto_nbd_newton_stats(frequency, recency, t, %L::cr_pareto_nbd_model) FROM ns_pnbd', pnbd), 1)
FROM start;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;

\echo 1,000,000 customers, all (frequency, recency, t) distinct; best of 2 runs (1 for Pareto/NBD); shared machine, noisy
SELECT what, plan, round(ms::numeric) AS ms FROM figures ORDER BY what, plan DESC;
\echo the README loop from a fit of a 1 % sample, default settings (scans include the last one, which only confirms convergence)
SELECT model, scans, round(ms::numeric) AS ms, max_rel_diff < 1e-8 AS same_as_fit_1e8 FROM loops ORDER BY model;
DROP TABLE ns_bg, ns_pnbd;
