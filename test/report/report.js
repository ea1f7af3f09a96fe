// test/report/report.js — the visual report: reads the demo database through customer_rel's SQL
// API with node-postgres (`pg`) and writes one self-contained HTML file: the data, the page and
// Apache ECharts (inlined, rendering to SVG) in one file, so it opens offline, without a CDN.
//
//   node test/report/report.js OUT.html        (connection from PGHOST, PGPORT, PGDATABASE, PGUSER)
//
// Every chart carries, in its container, how many data points the SQL returned
// (data-expected-points); once drawn, the page records how many points ECharts holds
// (data-drawn-points) and how many SVG shapes it drew (data-svg-shapes), and any script error
// goes into #errors — test/t/report.sh reads these back from headless Chromium.
'use strict';
const fs = require('fs');
const path = require('path');
const { Client } = require('pg');

// The demo's calendar: calibration 2023 (52 weeks), holdout 2024-01-01 .. 2024-06-30 (26 weeks).
const CHARTS = [
  {
    id: 'holdout',
    title: 'Calibration vs holdout: repeat purchases in the 26 holdout weeks, by calibration frequency',
    caption: 'rfm_holdout splits each customer\'s purchases at 2023-12-31: the calibration summary (weeks) ' +
      'and the repeat purchase days to 2024-06-30. Bars: mean actual holdout purchases; line: the BG/NBD ' +
      'conditional expectation over the holdout (bgnbd_fit on the calibration summaries, ' +
      'bgnbd_expected_purchases), customers grouped by calibration repeat purchases (7 = 7 or more).',
    sql: `
      WITH split AS (
        SELECT customer_id, rfm_holdout(ts, amount, timestamptz '2023-12-31', timestamptz '2024-06-30',
                                        interval '7 days') AS h
        FROM demo_transactions GROUP BY customer_id),
      m AS (SELECT bgnbd_fit((h).frequency, (h).recency, (h).t) AS bg FROM split)
      SELECT least((h).frequency, 7)::int AS frequency, count(*)::int AS customers,
             avg((h).holdout_frequency)::float8 AS actual,
             avg(bgnbd_expected_purchases(m.bg, (h).holdout_duration, (h).frequency, (h).recency, (h).t))::float8 AS expected
      FROM split CROSS JOIN m
      GROUP BY 1 ORDER BY 1`,
    points: (rows) => 2 * rows.length,
    option: (rows) => ({
      tooltip: { trigger: 'axis' },
      legend: { data: ['actual', 'BG/NBD expected'] },
      xAxis: { type: 'category', name: 'repeat purchases in 2023',
               data: rows.map((r) => (r.frequency === 7 ? '7+' : String(r.frequency))) },
      yAxis: { type: 'value', name: 'mean purchases, 2024 H1' },
      series: [
        { name: 'actual', type: 'bar', data: rows.map((r) => r.actual) },
        { name: 'BG/NBD expected', type: 'line', symbolSize: 8, data: rows.map((r) => r.expected) },
      ],
    }),
  },
  {
    id: 'tracking',
    title: 'Tracking: cumulative repeat purchases, week by week, actual vs expected',
    caption: 'All 3,000 customers with their staggered first purchases (2023). Expected: ' +
      'bgnbd_expected_tracking of the BG/NBD fitted on 2023 only, given every customer\'s first purchase ' +
      '(weeks since 2023-01-01); actual: repeat purchase days. The line at week 52 ends the calibration.',
    sql: `
      WITH first AS (
        SELECT customer_id, min(ts::date) AS first_day FROM demo_transactions GROUP BY customer_id),
      m AS (
        SELECT bgnbd_fit(s) AS bg
        FROM (SELECT rfm_summary(ts, amount, timestamptz '2023-12-31', interval '7 days') AS s
              FROM demo_transactions GROUP BY customer_id) cal),
      expected AS (
        SELECT e.period AS week, e.expected_cumulative AS e
        FROM m, bgnbd_expected_tracking(m.bg,
               (SELECT array_agg((first_day - date '2023-01-01') / 7.0) FROM first)::float8[], 78) e),
      repeats AS (   -- repeat purchase days: every purchase day after the first
        SELECT DISTINCT t.customer_id, t.ts::date AS day
        FROM demo_transactions t JOIN first f USING (customer_id) WHERE t.ts::date > f.first_day),
      weeks AS (SELECT generate_series(1, 78) AS week),
      actual AS (
        SELECT w.week, count(r.day) AS a
        FROM weeks w LEFT JOIN repeats r ON r.day < date '2023-01-01' + 7 * w.week GROUP BY w.week)
      SELECT w.week::int, coalesce(a.a, 0)::float8 AS actual, e.e::float8 AS expected
      FROM weeks w JOIN actual a USING (week) JOIN expected e USING (week) ORDER BY 1`,
    points: (rows) => 2 * rows.length,
    option: (rows) => ({
      tooltip: { trigger: 'axis' },
      legend: { data: ['actual', 'BG/NBD expected'] },
      xAxis: { type: 'category', name: 'week since 2023-01-01', data: rows.map((r) => r.week) },
      yAxis: { type: 'value', name: 'cumulative repeat purchases' },
      series: [
        { name: 'actual', type: 'line', showSymbol: false, data: rows.map((r) => r.actual),
          markLine: { symbol: 'none', data: [{ xAxis: '52' }], label: { formatter: 'end of calibration' } } },
        { name: 'BG/NBD expected', type: 'line', showSymbol: false, lineStyle: { type: 'dashed' },
          data: rows.map((r) => r.expected) },
      ],
    }),
  },
  {
    id: 'palive',
    title: 'P(alive) by frequency and recency (customers observed 78 weeks)',
    caption: 'bgnbd_frequency_recency_matrix of the stored model (customer_models: BG/NBD on all 18 months, ' +
      'weeks) for a customer observed T = 78 weeks: P(alive) for every repeat count 0–20 and recency 0–78 ' +
      'weeks (recency 0 only with no repeat purchase, as rfm_summary defines it).',
    sql: `
      SELECT x.frequency::int, x.recency::int, x.p_alive::float8
      FROM customer_models m, bgnbd_frequency_recency_matrix(m.purchases, 78, 20, 78, 52) x
      ORDER BY 1, 2`,
    points: (rows) => rows.length,
    option: (rows) => ({
      tooltip: { position: 'top' },
      xAxis: { type: 'category', name: 'recency (weeks)', data: [...new Set(rows.map((r) => r.recency))] },
      yAxis: { type: 'category', name: 'frequency', data: [...new Set(rows.map((r) => r.frequency))] },
      visualMap: { min: 0, max: 1, calculable: true, orient: 'horizontal', left: 'center', bottom: 0,
                   inRange: { color: ['#b2182b', '#f7f7f7', '#2166ac'] } },
      grid: { bottom: 80 },
      series: [{ name: 'P(alive)', type: 'heatmap',
                 data: rows.map((r) => [String(r.recency), String(r.frequency), r.p_alive]) }],
    }),
  },
  {
    id: 'km',
    title: 'Kaplan–Meier: months from the first purchase to lapsing, by loyalty-plan membership',
    caption: 'kaplan_meier per group with its 95 % confidence band (km_points); lapsing = 91 days without a ' +
      'purchase, customers still buying censored at 2024-06-30. logrank_test compares the two curves.',
    sql: `
      WITH lifetimes AS (
        SELECT t.customer_id, min(ts)::date AS first_day, max(ts)::date AS last_day,
               max(ts)::date < date '2024-04-01' AS lapsed
        FROM demo_transactions t GROUP BY t.customer_id),
      rows AS (
        SELECT CASE WHEN m.customer_id IS NULL THEN 'no plan' ELSE 'plan member' END AS grp,
               (CASE WHEN lapsed THEN last_day + 91 ELSE date '2024-06-30' END - first_day) / 30.4375 AS months,
               lapsed
        FROM lifetimes l LEFT JOIN demo_memberships m USING (customer_id)),
      curves AS (SELECT grp, kaplan_meier(months, lapsed) AS curve FROM rows GROUP BY grp),
      test AS (SELECT logrank_test(months, lapsed, grp) AS t FROM rows)
      SELECT c.grp, p.time::float8, p.survival::float8, p.ci_low::float8, p.ci_high::float8,
             (test.t).chi_square::float8 AS chi_square, (test.t).p_value::float8 AS p_value
      FROM curves c CROSS JOIN LATERAL km_points(c.curve) p CROSS JOIN test
      ORDER BY c.grp, p.time`,
    points: (rows) => 3 * rows.length,
    option: (rows) => {
      const groups = [...new Set(rows.map((r) => r.grp))];
      const colors = ['#1f77b4', '#d62728'];
      const series = [];
      groups.forEach((g, i) => {
        const pts = rows.filter((r) => r.grp === g);
        series.push({ name: g, type: 'line', step: 'end', showSymbol: false, color: colors[i],
                      data: pts.map((r) => [r.time, r.survival]) });
        series.push({ name: g + ' 95 % band', type: 'line', step: 'end', showSymbol: false, color: colors[i],
                      lineStyle: { opacity: 0.35, type: 'dotted' }, data: pts.map((r) => [r.time, r.ci_low]) });
        series.push({ name: g + ' 95 % band', type: 'line', step: 'end', showSymbol: false, color: colors[i],
                      lineStyle: { opacity: 0.35, type: 'dotted' }, data: pts.map((r) => [r.time, r.ci_high]) });
      });
      return {
        title: { text: `log-rank χ² = ${rows[0].chi_square.toFixed(2)}, p = ${rows[0].p_value.toFixed(3)}`,
                 right: 10, top: 30, textStyle: { fontSize: 12, fontWeight: 'normal' } },
        tooltip: { trigger: 'axis' },
        legend: { data: groups },
        xAxis: { type: 'value', name: 'months since first purchase' },
        yAxis: { type: 'value', name: 'share not lapsed', min: 0, max: 1 },
        series,
      };
    },
  },
  {
    id: 'cohorts',
    title: 'Cohort retention: % of each first-purchase month buying in month N after it',
    caption: 'cohort_retention(cohort_activity(customer, months since the first-purchase month)).',
    sql: `
      WITH rows AS (
        SELECT customer_id, date_trunc('month', min(ts) OVER w)::date AS cohort,
               ((extract(year FROM ts) - extract(year FROM min(ts) OVER w)) * 12
                + extract(month FROM ts) - extract(month FROM min(ts) OVER w))::int AS months
        FROM demo_transactions WINDOW w AS (PARTITION BY customer_id)),
      tables AS (SELECT cohort, cohort_retention(cohort_activity(customer_id, months)) AS pct
                 FROM rows GROUP BY cohort)
      SELECT to_char(cohort, 'YYYY-MM') AS cohort, (k - 1)::int AS month, pct[k]::float8 AS pct
      FROM tables CROSS JOIN LATERAL generate_subscripts(pct, 1) k
      WHERE k > 1
      ORDER BY 1, 2`,
    points: (rows) => rows.length,
    option: (rows) => ({
      tooltip: { position: 'top' },
      xAxis: { type: 'category', name: 'months after', data: [...new Set(rows.map((r) => r.month))] },
      yAxis: { type: 'category', name: 'cohort', inverse: true, data: [...new Set(rows.map((r) => r.cohort))] },
      visualMap: { min: 0, max: Math.max(...rows.map((r) => r.pct)), calculable: true, orient: 'horizontal',
                   left: 'center', bottom: 0, inRange: { color: ['#f7fbff', '#08306b'] } },
      grid: { bottom: 80, left: 90 },
      series: [{ name: '% buying', type: 'heatmap', label: { show: true, fontSize: 9, formatter: (p) => p.value[2].toFixed(0) },
                 data: rows.map((r) => [String(r.month), r.cohort, r.pct]) }],
    }),
  },
  {
    id: 'rq',
    title: 'Relationship quality by dimension, and what drives loyalty',
    caption: 'Bars: the mean rating of each dimension on a 0–100 scale (relationship_quality over all answers). ' +
      'Line: the dimension\'s share of the explained variance of the latest NPS answer (key_drivers, LMG).',
    sql: `
      WITH names AS (SELECT ARRAY['trust', 'communication', 'respect', 'fairness', 'honesty', 'seriousness',
                                  'recognition', 'commitment', 'engagement'] AS n),
      profile AS (SELECT relationship_quality(dimension, score, 1, 7) AS p FROM demo_rq_answers),
      drivers AS (
        SELECT key_drivers(l.nps_score, a.scores) AS d
        FROM (SELECT customer_id, array_agg(score::float8 ORDER BY array_position((SELECT n FROM names), dimension)) AS scores
              FROM demo_rq_answers GROUP BY customer_id) a
        JOIN (SELECT DISTINCT ON (customer_id) customer_id, nps_score FROM demo_survey
              ORDER BY customer_id, answered_at DESC) l USING (customer_id))
      SELECT k.name AS dimension, ((p.p).dimensions -> k.name ->> 'mean')::float8 AS quality,
             (100 * k.lmg_share)::float8 AS importance
      FROM profile p, drivers, names, key_drivers_dimensions(drivers.d, names.n) k
      ORDER BY quality`,
    points: (rows) => 2 * rows.length,
    option: (rows) => ({
      tooltip: { trigger: 'axis' },
      legend: { data: ['quality (0–100)', 'importance for NPS (%)'] },
      xAxis: { type: 'category', data: rows.map((r) => r.dimension), axisLabel: { rotate: 30 } },
      yAxis: [{ type: 'value', name: 'quality', min: 0, max: 100 },
              { type: 'value', name: 'importance %', min: 0 }],
      series: [
        { name: 'quality (0–100)', type: 'bar', data: rows.map((r) => r.quality) },
        { name: 'importance for NPS (%)', type: 'line', yAxisIndex: 1, symbolSize: 8,
          data: rows.map((r) => r.importance) },
      ],
    }),
  },
  {
    id: 'health',
    title: 'Health bands and what pulls each customer down',
    caption: 'customer_health (fit once, score many): customers per band, split by the driver that costs ' +
      'the health score the most points.',
    sql: `
      SELECT band, coalesce(driver, 'none') AS driver, count(*)::int AS customers
      FROM customer_health GROUP BY 1, 2
      ORDER BY array_position(ARRAY['strong', 'stable', 'at risk', 'critical'], band), 2`,
    points: (rows) => rows.length,
    option: (rows) => {
      const bands = [...new Set(rows.map((r) => r.band))];
      const drivers = [...new Set(rows.map((r) => r.driver))];
      return {
        tooltip: { trigger: 'axis' },
        legend: { data: drivers },
        xAxis: { type: 'category', data: bands },
        yAxis: { type: 'value', name: 'customers' },
        series: drivers.map((d) => ({
          name: d, type: 'bar', stack: 'band',
          // one point per (band, driver) that occurs: a band without this driver gets no bar
          data: bands.map((b) => {
            const r = rows.find((x) => x.band === b && x.driver === d);
            return r ? r.customers : '-';
          }),
        })),
      };
    },
  },
];

function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

async function main() {
  const out = process.argv[2];
  if (!out) throw new Error('usage: node report.js OUT.html');
  const client = new Client();
  await client.connect();
  await client.query("SET TimeZone = 'UTC'");
  const charts = [];
  for (const c of CHARTS) {
    const { rows } = await client.query(c.sql);
    if (rows.length === 0) throw new Error(`chart ${c.id}: the query returned no rows`);
    charts.push({ id: c.id, title: c.title, caption: c.caption, points: c.points(rows), option: c.option(rows) });
  }
  const version = (await client.query(
    "SELECT extversion FROM pg_extension WHERE extname = 'customer_rel'")).rows[0].extversion;
  await client.end();

  const echartsJs = fs.readFileSync(require.resolve('echarts/dist/echarts.min.js'), 'utf8');
  // Functions in an option (label formatters) cannot travel as JSON: they are written out as source.
  const optionSource = (o) => JSON.stringify(o, (k, v) => (typeof v === 'function' ? `__fn__${v.toString()}__fn__` : v))
    .replace(/"__fn__(.*?)__fn__"/g, (m, src) => JSON.parse(`"${src}"`));
  const sections = charts.map((c) => `
<section>
  <h2>${escapeHtml(c.title)}</h2>
  <div class="chart" id="chart-${c.id}" data-chart="${c.id}" data-expected-points="${c.points}"></div>
  <p class="caption">${escapeHtml(c.caption)}</p>
</section>`).join('\n');
  const inits = charts.map((c) => `  draw(${JSON.stringify(c.id)}, ${optionSource(c.option)});`).join('\n');
  const html = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>customer_rel report — demo shop</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 24px auto; max-width: 1100px; color: #222; }
  h1 { font-size: 22px; } h2 { font-size: 16px; margin: 28px 0 4px; }
  .chart { width: 100%; height: 380px; } .caption { color: #555; font-size: 13px; margin-top: 2px; }
  #errors { color: #b00; white-space: pre-wrap; }
</style>
<script>
  // Any script error is written into the page, where the browser test reads it.
  window.reportErrors = [];
  window.addEventListener('error', (e) => { window.reportErrors.push(String(e.message)); });
  const consoleError = console.error;
  console.error = function () { window.reportErrors.push(Array.from(arguments).join(' ')); consoleError.apply(console, arguments); };
</script>
<script>${echartsJs}</script>
</head>
<body>
<h1>customer_rel ${escapeHtml(version)} — the demo shop (3,000 customers, 2023 – 2024-06-30)</h1>
<p>Every number below was read through customer_rel's SQL API with node-postgres; this file needs no network.</p>
<pre id="errors"></pre>
${sections}
<script>
function draw(id, option) {
  const el = document.getElementById('chart-' + id);
  try {
    option.animation = false;
    const chart = echarts.init(el, null, { renderer: 'svg' });
    chart.setOption(option);
    let points = 0;
    for (const s of chart.getModel().getSeries()) {
      // a point counts when every dimension of the data (not ECharts' own stacking
      // dimensions) holds a value: '-' (no bar) and NULLs do not
      const data = s.getData();
      const dims = data.dimensions.filter((d) => !String(d).startsWith('__'));
      for (let i = 0; i < data.count(); i++) {
        if (dims.every((d) => { const x = data.get(d, i); return x !== '-' && x != null && !Number.isNaN(x); })) points++;
      }
    }
    el.dataset.drawnPoints = String(points);
    el.dataset.svgShapes = String(el.querySelectorAll('svg path, svg rect').length);
  } catch (e) {
    window.reportErrors.push(id + ': ' + e.message);
  }
}
${inits}
document.getElementById('errors').textContent = window.reportErrors.join('\\n');
document.body.dataset.done = 'true';
</script>
</body>
</html>
`;
  fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  fs.writeFileSync(out, html);
  console.log(`wrote ${out}: ${charts.length} charts, ${charts.map((c) => `${c.id} ${c.points}`).join(', ')} points`);
}

main().catch((e) => { console.error(e.message); process.exit(1); });
