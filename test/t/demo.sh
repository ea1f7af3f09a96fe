#!/usr/bin/env bash
# Keeps `make demo` honest: runs the demo's SQL (test/demo_data.sql, test/demo_view.sql,
# test/demo.sql) against a PRIVATE throwaway installation (never the system's), then checks
#   - every statement succeeds and nothing prints a WARNING or an ERROR (a model that does not
#     converge warns), and every section heading of demo.sql is printed with a table under it;
#   - the fits recover the parameters the sample was simulated from (BG/NBD, Gamma-Gamma, sBG
#     within 3 standard errors), the holdout prediction is within 10 % of the actual purchases;
#   - the view customer_health has one row per customer, every customer a health band, values in
#     their ranges; attitudes follow behaviour (NPS higher where P(alive) is higher);
#   - a second run into a fresh database prints the same report (determinism).
# It does not compare the report's text with a stored copy: the numbers are the models' to change.
set -euo pipefail
cd "$(dirname "$0")/../.."
. test/pg_tmp.sh
pg_tmp_init private
pg_tmp_start demo

out=$PG_TMP_ROOT/out
mkdir -p "$out"
run_demo() {   # $1 = database name; report on $out/$1.txt, messages on $out/$1.err
    psql -X -q -d postgres -v ON_ERROR_STOP=1 -c "CREATE DATABASE $1"
    if ! psql -X -q -d "$1" -v ON_ERROR_STOP=1 -P pager=off \
            -c "CREATE EXTENSION customer_rel" \
            -f test/demo_data.sql -f test/demo_view.sql -f test/demo.sql \
            >"$out/$1.txt" 2>"$out/$1.err"; then
        cat "$out/$1.err"; tail -n 20 "$out/$1.txt"
        echo "FAIL: the demo's SQL failed in database $1"; exit 1
    fi
}

start=$(date +%s%N)
run_demo demo1
echo "demo SQL ran in $(( ($(date +%s%N) - start) / 1000000 )) ms"
fail=0
if grep -E 'WARNING|ERROR' "$out/demo1.err" "$out/demo1.txt"; then
    echo "FAIL: the demo printed a warning or an error"; fail=1
fi

# Every heading of demo.sql appears, in order, each followed by a table (a header line with '|').
expected=$(grep -c "^\\\\echo '==== " test/demo.sql)
printed=$(grep -c '^==== ' "$out/demo1.txt" || true)
echo "section headings: $printed printed, $expected in test/demo.sql"
[ "$printed" -eq "$expected" ] || { echo "FAIL: section headings missing"; fail=1; }
missing=$(awk '/^==== / { if (h != "") print h; h = $0; next }
               h != "" && /\|/ { h = "" }
               END { if (h != "") print h }' "$out/demo1.txt")
if [ -n "$missing" ]; then echo "FAIL: sections without a table:"; echo "$missing"; fail=1; fi

# Invariants, one row per check: name, ok, what was found.
psql -X -q -At -F ' | ' -d demo1 -v ON_ERROR_STOP=1 >"$out/checks.txt" <<'SQL'
SET TimeZone = 'UTC';
SET client_min_messages = warning;
CREATE TEMP TABLE cal AS
SELECT customer_id, rfm_summary(ts, amount, timestamptz '2023-12-31', interval '7 days') AS s
FROM demo_transactions GROUP BY customer_id;
CREATE TEMP TABLE m AS
SELECT bgnbd_fit((s).frequency, (s).recency, (s).t) AS bg, gamma_gamma_fit((s).frequency, (s).monetary) AS gg
FROM cal;
CREATE TEMP TABLE plan AS
SELECT sbg_fit((cohort_activity(p.customer_id, k)::float8[])[1:7]) AS sbg
FROM demo_memberships p CROSS JOIN LATERAL generate_series(0, 12) k
WHERE p.started_on < date '2023-07-01'
  AND (p.cancelled_on IS NULL OR (p.started_on + k * interval '1 month')::date < p.cancelled_on);
CREATE TEMP TABLE h AS SELECT * FROM customer_health;
CREATE FUNCTION pg_temp.plan_of(q text) RETURNS text LANGUAGE plpgsql AS $f$
DECLARE line text; plan text := '';
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP plan := plan || line || E'\n'; END LOOP;
    RETURN plan;
END $f$;

-- z of a fitted parameter against the truth
CREATE FUNCTION pg_temp.z(est float8, truth float8, se float8) RETURNS float8
    LANGUAGE sql RETURN (est - truth) / se;

SELECT 'bgnbd_fit converged', (bg).converged, (bg).iterations::text || ' iterations' FROM m
UNION ALL
SELECT 'bgnbd_fit ' || v.name || ' within 3 SE of the truth', abs(v.z) <= 3, 'z = ' || round(v.z::numeric, 2)
FROM m, demo.truth t, LATERAL (VALUES
    ('r', pg_temp.z((bg).r, (t.purchases_weeks).r, (bg).se_r)),
    ('alpha', pg_temp.z((bg).alpha, (t.purchases_weeks).alpha, (bg).se_alpha)),
    ('a', pg_temp.z((bg).a, (t.purchases_weeks).a, (bg).se_a)),
    ('b', pg_temp.z((bg).b, (t.purchases_weeks).b, (bg).se_b))) v(name, z)
UNION ALL
SELECT 'gamma_gamma_fit converged', (gg).converged, (gg).n::text || ' repeat customers' FROM m
UNION ALL
SELECT 'gamma_gamma_fit ' || v.name || ' within 3 SE of the truth', abs(v.z) <= 3, 'z = ' || round(v.z::numeric, 2)
FROM m, demo.truth t, LATERAL (VALUES
    ('p', pg_temp.z((gg).p, (t.spend).p, (gg).se_p)),
    ('q', pg_temp.z((gg).q, (t.spend).q, (gg).se_q)),
    ('v', pg_temp.z((gg).v, (t.spend).v, (gg).se_v))) v(name, z)
UNION ALL
SELECT 'holdout: predicted purchases within 10 % of actual', abs(pred / act - 1) <= 0.10,
       'actual ' || act || ', predicted ' || round(pred::numeric, 1)
FROM (SELECT sum(bgnbd_expected_purchases(m.bg, 26, (c.s).frequency, (c.s).recency, (c.s).t)) AS pred,
             (SELECT count(DISTINCT (customer_id, ts::date)) FROM demo_transactions
              WHERE ts >= timestamptz '2024-01-01') AS act
      FROM cal c CROSS JOIN m) x
UNION ALL
SELECT 'sbg_fit on the plan converged', (sbg).converged, 'alpha ' || round((sbg).alpha::numeric, 3) FROM plan
UNION ALL
SELECT 'sbg_fit ' || v.name || ' within 3 SE of the truth', abs(v.z) <= 3, 'z = ' || round(v.z::numeric, 2)
FROM plan, demo.truth t, LATERAL (VALUES
    ('alpha', pg_temp.z((sbg).alpha, t.plan_alpha, (sbg).se_alpha)),
    ('beta', pg_temp.z((sbg).beta, t.plan_beta, (sbg).se_beta))) v(name, z)
UNION ALL
SELECT 'customer_health: one row per customer', n = n_distinct AND n = n_customers,
       n || ' rows, ' || n_distinct || ' customers in the view, ' || n_customers || ' in demo_customers'
FROM (SELECT count(*) AS n, count(DISTINCT customer_id) AS n_distinct,
             (SELECT count(*) FROM demo_customers) AS n_customers FROM h) x
UNION ALL
SELECT 'customer_health: every customer has a health band', count(*) FILTER (WHERE band IS NULL) = 0
       AND count(*) FILTER (WHERE band NOT IN ('strong', 'stable', 'at risk', 'critical')) = 0,
       string_agg(DISTINCT band, ', ' ORDER BY band) FROM h
UNION ALL
SELECT 'customer_health: values in range', bool_and(health BETWEEN 0 AND 100 AND p_alive BETWEEN 0 AND 1
       AND clv_12m >= 0 AND expected_purchases_52w >= 0 AND engagement_score BETWEEN 0 AND 100
       AND (rq_index IS NULL OR rq_index BETWEEN 0 AND 100)), count(*) FILTER (WHERE rq_index IS NOT NULL) || ' with an RQ index'
FROM h
UNION ALL
SELECT 'customer_health: every band occurs', count(DISTINCT band) = 4, count(DISTINCT band) || ' bands' FROM h
UNION ALL
SELECT 'customer_health: one customer is scored from its own rows (no sequential scan)',
       plan NOT LIKE '%Seq Scan on demo_%',
       CASE WHEN plan NOT LIKE '%Seq Scan on demo_%' THEN 'index scans only' ELSE replace(plan, E'\n', ' | ') END
FROM (SELECT pg_temp.plan_of('SELECT * FROM customer_health WHERE customer_id = 17') AS plan) x
UNION ALL
SELECT 'customer_health: scored against the stored models (p_alive = the stored BG/NBD on the summary)',
       bool_and(abs(h.p_alive - bgnbd_p_alive(m.purchases, r.s)) < 1e-12), count(*) || ' customers'
FROM h JOIN customer_models m USING (as_of),
     LATERAL (SELECT rfm_summary(t.ts, t.amount, m.as_of, interval '7 days') AS s
              FROM demo_transactions t WHERE t.customer_id = h.customer_id) r
UNION ALL
SELECT 'customer_models: the stored fit is the fit of all customers up to as_of, in weeks',
       (m.purchases).r = (f.bg).r AND (m.purchases).unit = interval '7 days' AND (m.purchases).converged,
       'r ' || round((m.purchases).r::numeric, 4) || ', unit ' || (m.purchases).unit
FROM customer_models m,
     LATERAL (SELECT bgnbd_fit(s) AS bg FROM (SELECT rfm_summary(ts, amount, m.as_of, interval '7 days') s
                                              FROM demo_transactions GROUP BY customer_id) q) f
UNION ALL
SELECT 'attitude follows behaviour: NPS higher where P(alive) >= 0.75 than < 0.25', hi > lo + 20,
       'NPS ' || round(lo::numeric, 1) || ' vs ' || round(hi::numeric, 1)
FROM (SELECT nps(s.nps_score) FILTER (WHERE h.p_alive < 0.25) AS lo,
             nps(s.nps_score) FILTER (WHERE h.p_alive >= 0.75) AS hi
      FROM h JOIN demo_survey s USING (customer_id)) x
UNION ALL
SELECT 'Cronbach alpha of the nine RQ items in [0.7, 0.95]', alpha BETWEEN 0.7 AND 0.95, round(alpha::numeric, 3)::text
FROM (SELECT cronbach_alpha(items) AS alpha
      FROM (SELECT array_agg(score::float8 ORDER BY dimension) AS items FROM demo_rq_answers GROUP BY customer_id) i) x
UNION ALL
SELECT 'relationship quality answers cover the nine dimensions', count(DISTINCT dimension) = 9,
       count(DISTINCT dimension) || ' dimensions' FROM demo_rq_answers
UNION ALL
SELECT 'key drivers of NPS: LMG and Johnson shares each add up to 1, LMG to R^2',
       abs(ls - 1) < 1e-9 AND abs(rs - 1) < 1e-9 AND abs(l - (d).r_squared) < 1e-9,
       'R^2 ' || round((d).r_squared::numeric, 3) || ' over ' || (d).n || ' respondents'
FROM (SELECT key_drivers(n.nps_score, a.scores) AS d
      FROM (SELECT customer_id, array_agg(score::float8 ORDER BY dimension) AS scores
            FROM demo_rq_answers GROUP BY customer_id) a
      JOIN (SELECT DISTINCT ON (customer_id) customer_id, nps_score FROM demo_survey
            ORDER BY customer_id, answered_at DESC) n USING (customer_id)) x,
     LATERAL (SELECT sum(v) AS ls FROM unnest((d).lmg_share) v) a,
     LATERAL (SELECT sum(v) AS rs FROM unnest((d).relative_weight_share) v) b,
     LATERAL (SELECT sum(v) AS l FROM unnest((d).lmg) v) c
UNION ALL
SELECT 'log-rank by plan membership: observed and expected lapses both add up to the lapsed customers',
       o = lapsed AND abs(e - lapsed) < 1e-6 AND (t).df = 1 AND (t).p_value BETWEEN 0 AND 1,
       lapsed || ' lapsed, p = ' || round((t).p_value::numeric, 3)
FROM (SELECT logrank_test(months, lapsed, grp) AS t, count(*) FILTER (WHERE lapsed) AS lapsed
      FROM (SELECT (max(ts)::date < date '2024-04-01') AS lapsed,
                   (CASE WHEN max(ts)::date < date '2024-04-01' THEN max(ts)::date + 91
                         ELSE date '2024-06-30' END - min(ts)::date) / 30.4375 AS months,
                   CASE WHEN bool_or(m.customer_id IS NOT NULL) THEN 'plan' ELSE 'no plan' END AS grp
            FROM demo_transactions t LEFT JOIN demo_memberships m USING (customer_id)
            GROUP BY t.customer_id) l) x,
     LATERAL (SELECT sum(v) AS o FROM unnest((t).observed) v) a,
     LATERAL (SELECT sum(v) AS e FROM unnest((t).expected) v) b;
SQL
cat "$out/checks.txt"
if grep -q ' | f | ' "$out/checks.txt"; then echo "FAIL: an invariant does not hold"; fail=1; fi
[ "$(grep -c ' | t | ' "$out/checks.txt")" -ge 20 ] || { echo "FAIL: fewer checks ran than expected"; fail=1; }

# Determinism: a second run into a fresh database prints the same report.
run_demo demo2
if ! diff "$out/demo1.txt" "$out/demo2.txt"; then echo "FAIL: two runs printed different reports"; fail=1
else echo "two runs: identical reports ($(wc -l <"$out/demo1.txt") lines)"; fi

[ "$fail" -eq 0 ] && echo "demo: ok"
exit "$fail"
