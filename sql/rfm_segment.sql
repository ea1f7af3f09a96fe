-- rfm_segment: 1-5 recency, frequency and monetary scores to the named segments of the
-- recency versus FM = (F + M) / 2 grid (README "RFM summaries" shows it).
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS customer_rel;
RESET client_min_messages;

-- Each of the 125 combinations maps to exactly one of the 11 segments: counts per segment
-- (expected: 11 rows summing to 125, every segment reached).
SELECT rfm_segment(r, f, m) AS segment, count(*) AS combinations
FROM generate_series(1, 5) r, generate_series(1, 5) f, generate_series(1, 5) m
GROUP BY 1 ORDER BY 1;
SELECT count(*) AS combinations, count(rfm_segment(r, f, m)) AS with_a_segment,
       count(DISTINCT rfm_segment(r, f, m)) AS segments
FROM generate_series(1, 5) r, generate_series(1, 5) f, generate_series(1, 5) m;

-- The grid: recency score down, FM = (F + M) / 2 (integer division) across. F and M enter
-- only through FM: every (F, M) pair with the same FM gives the same segment.
SELECT r AS recency_score,
       max(rfm_segment(r, f, m)) FILTER (WHERE (f + m) / 2 = 1) AS fm_1,
       max(rfm_segment(r, f, m)) FILTER (WHERE (f + m) / 2 = 2) AS fm_2,
       max(rfm_segment(r, f, m)) FILTER (WHERE (f + m) / 2 = 3) AS fm_3,
       max(rfm_segment(r, f, m)) FILTER (WHERE (f + m) / 2 = 4) AS fm_4,
       max(rfm_segment(r, f, m)) FILTER (WHERE (f + m) / 2 = 5) AS fm_5
FROM generate_series(1, 5) r, generate_series(1, 5) f, generate_series(1, 5) m
GROUP BY r ORDER BY r DESC;
SELECT count(*) AS cells_with_more_than_one_segment FROM (
    SELECT r, (f + m) / 2 AS fm FROM generate_series(1, 5) r, generate_series(1, 5) f,
           generate_series(1, 5) m
    GROUP BY 1, 2 HAVING count(DISTINCT rfm_segment(r, f, m)) > 1) x;

-- Typical use: quintiles with ntile(5) over customers' RFM summaries (a higher score is
-- better: more recent, more frequent, higher spend).
CREATE TEMP TABLE seg_tx AS
SELECT c AS customer, date '2024-01-01' + (c * 37 + k * 11) % 300 AS day, 10.0 + (c % 7) * k AS amount
FROM generate_series(1, 50) c, generate_series(1, 1 + c % 6) k;
SELECT segment, count(*) AS customers FROM (
    SELECT rfm_segment(ntile(5) OVER (ORDER BY (s).t - (s).recency DESC, customer),
                       ntile(5) OVER (ORDER BY (s).frequency, customer),
                       ntile(5) OVER (ORDER BY (s).monetary, customer)) AS segment
    FROM (SELECT customer, rfm_summary(day, amount, date '2024-12-31') AS s
          FROM seg_tx GROUP BY customer) x) y
GROUP BY segment ORDER BY segment;
DROP TABLE seg_tx;
