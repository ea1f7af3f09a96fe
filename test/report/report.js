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
      FROM (SELECT purchases FROM customer_models ORDER BY as_of DESC LIMIT 1) m,
           bgnbd_frequency_recency_matrix(m.purchases, 78, 20, 78, 52) x
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

// Per account manager (README "Per-owner access"): each manager's customers by band and driver,
// and what each kept in 2024 H1 against the models stored on 2024-01-01, beside the team.
const OWNER_BANDS_SQL = `
  SELECT account_manager, band, coalesce(driver, 'none') AS driver, count(*)::int AS customers
  FROM customer_health GROUP BY 1, 2, 3
  ORDER BY 1, array_position(ARRAY['strong', 'stable', 'at risk', 'critical'], band), 3`;
const OWNER_CONTINUITY_SQL = `
  SELECT account_manager AS owner, (c).customers::int, (c).kept::int, (c).lost::int,
         (c).expected_lost, (c).expected_lost_low, (c).expected_lost_high,
         (c).value_start, (c).value_kept, (c).value_expected, (c).value_expected_low, (c).value_expected_high,
         (c).nps_pairs::int, (c).nps_before, (c).nps_after, (c).nps_change, (c).nps_change_se,
         (c).rq_index_pairs::int, (c).rq_index_change
  FROM (SELECT account_manager,
               relationship_continuity(kept, p_kept, clv_12m, rq_index_before, rq_index_after,
                                       nps_answer_before, nps_answer_after) AS c
        FROM customer_continuity WHERE period_start = timestamptz '2024-01-01 00:00+00'
        GROUP BY ROLLUP (account_manager)) x
  ORDER BY account_manager NULLS LAST`;

// The continuity figures of one group as table rows: [figure key, label, value, text].
function continuityFigures(r) {
  const n0 = (x) => Math.round(x).toLocaleString('en-US');
  const n1 = (x) => (x == null ? '–' : (Math.round(x * 10) / 10).toFixed(1));
  return [
    ['customers', 'customers at the start', r.customers, n0(r.customers)],
    ['kept', 'kept (bought in the period)', r.kept, n0(r.kept)],
    ['lost', 'lost', r.lost, n0(r.lost)],
    ['expected_lost', 'expected lost (95 % interval)', r.expected_lost,
     `${n0(r.expected_lost)} (${n0(r.expected_lost_low)}–${n0(r.expected_lost_high)})`],
    ['lost_pct', 'lost, % of customers', 100 * r.lost / r.customers, n1(100 * r.lost / r.customers)],
    ['expected_lost_pct', 'expected lost, %', 100 * r.expected_lost / r.customers,
     n1(100 * r.expected_lost / r.customers)],
    ['value_start', '12-month CLV at the start', r.value_start, n0(r.value_start)],
    ['value_kept', 'CLV kept', r.value_kept, n0(r.value_kept)],
    ['value_expected', 'CLV expected to be kept (95 % interval)', r.value_expected,
     `${n0(r.value_expected)} (${n0(r.value_expected_low)}–${n0(r.value_expected_high)})`],
    ['nps_pairs', 'customers answering NPS before and in the period', r.nps_pairs, n0(r.nps_pairs)],
    ['nps_change', 'NPS before → in the period (change ± s.e.)', r.nps_change,
     r.nps_pairs > 0 ? `${n1(r.nps_before)} → ${n1(r.nps_after)} (${n1(r.nps_change)} ± ${n1(r.nps_change_se)})` : '–'],
    ['rq_index_pairs', 'customers answering the RQ survey in both waves', r.rq_index_pairs, n0(r.rq_index_pairs)],
  ];
}

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
  const health = CHARTS.find((c) => c.id === 'health');
  const bandRows = (await client.query(OWNER_BANDS_SQL)).rows;
  const contRows = (await client.query(OWNER_CONTINUITY_SQL)).rows;
  const team = contRows.find((r) => r.owner === null);
  const owners = contRows.filter((r) => r.owner !== null);
  if (owners.length === 0 || !team) throw new Error('per-manager section: no continuity rows');
  const groups = [...owners, team];
  const ownersChart = {
    id: 'owners-continuity', owners: true,
    points: 4 * groups.length,
    option: {
      tooltip: { trigger: 'axis' },
      legend: { data: ['lost', 'expected lost', '95 % interval'] },
      xAxis: { type: 'category', data: groups.map((r) => r.owner || 'team') },
      yAxis: { type: 'value', name: '% of customers at the start', min: 0 },
      series: [
        { name: 'lost', type: 'bar', data: groups.map((r) => 100 * r.lost / r.customers) },
        { name: 'expected lost', type: 'bar', data: groups.map((r) => 100 * r.expected_lost / r.customers) },
        { name: '95 % interval', type: 'scatter', symbol: 'rect', symbolSize: [18, 2], color: '#333',
          data: groups.map((r) => 100 * r.expected_lost_low / r.customers) },
        { name: '95 % interval', type: 'scatter', symbol: 'rect', symbolSize: [18, 2], color: '#333',
          data: groups.map((r) => 100 * r.expected_lost_high / r.customers) },
      ],
    },
  };
  charts.push(ownersChart);
  const ownerSections = owners.map((o, i) => {
    const rows = bandRows.filter((r) => r.account_manager === o.owner);
    const chart = { id: `owner-${i + 1}`, owners: true, points: health.points(rows), option: health.option(rows) };
    charts.push(chart);
    const mine = continuityFigures(o);
    const all = continuityFigures(team);
    const trs = mine.map((f, k) => `
      <tr data-figure="${f[0]}"><td>${escapeHtml(f[1])}</td><td data-value="${f[2] ?? ''}">${escapeHtml(f[3])}</td>` +
      `<td data-value="${all[k][2] ?? ''}">${escapeHtml(all[k][3])}</td></tr>`).join('');
    return `
<section class="owner" data-owner="${escapeHtml(o.owner)}">
  <h3>${escapeHtml(o.owner)} — ${o.customers} customers</h3>
  <div class="owner-grid">
    <div class="chart" id="chart-${chart.id}" data-chart="${chart.id}" data-expected-points="${chart.points}"></div>
    <table class="continuity" data-owner="${escapeHtml(o.owner)}">
      <thead><tr><th>2024 H1</th><th>${escapeHtml(o.owner)}</th><th>team</th></tr></thead>
      <tbody>${trs}
      </tbody>
    </table>
  </div>
</section>`;
  }).join('\n');
  const version = (await client.query(
    "SELECT extversion FROM pg_extension WHERE extname = 'customer_rel'")).rows[0].extversion;
  await client.end();

  const echartsJs = fs.readFileSync(require.resolve('echarts/dist/echarts.min.js'), 'utf8');
  // Functions in an option (label formatters) cannot travel as JSON: they are written out as source.
  const optionSource = (o) => JSON.stringify(o, (k, v) => (typeof v === 'function' ? `__fn__${v.toString()}__fn__` : v))
    .replace(/"__fn__(.*?)__fn__"/g, (m, src) => JSON.parse(`"${src}"`));
  const sections = charts.filter((c) => !c.owners).map((c) => `
<section>
  <h2>${escapeHtml(c.title)}</h2>
  <div class="chart" id="chart-${c.id}" data-chart="${c.id}" data-expected-points="${c.points}"></div>
  <p class="caption">${escapeHtml(c.caption)}</p>
</section>`).join('\n');
  const inits = charts.map((c) => `  draw(${JSON.stringify(c.id)}, ${optionSource(c.option)});`).join('\n');
  const ownersSection = `
<section class="owners">
  <h2>Per account manager: health bands and drivers, and what each kept in 2024 H1 beside the team</h2>
  <p class="caption">relationship_continuity over customer_continuity (README "Per-owner access"): customers who had
    bought by 2024-01-01, kept = a purchase in 2024 H1, expected from the models stored on 2024-01-01
    (1 − P(no purchase in the period | history)), with the 95 % interval of the number lost under the model;
    value = 12-month CLV at the start; NPS change over the customers who answered before and during the period.
    Under row-level security each manager reads only their own section's customers; the team's figures come
    from the refreshing role.</p>
  <div class="chart" id="chart-${ownersChart.id}" data-chart="${ownersChart.id}" data-expected-points="${ownersChart.points}"></div>
  <p class="caption">Lost and expected lost, % of each manager's customers at the start; the marks are the 95 % interval.</p>
${ownerSections}
</section>`;
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
  h3 { font-size: 15px; margin: 22px 0 4px; }
  .owner-grid { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; align-items: start; }
  .owner-grid .chart { height: 300px; }
  table.continuity { border-collapse: collapse; font-size: 13px; width: 100%; }
  table.continuity td, table.continuity th { border-bottom: 1px solid #ddd; padding: 3px 6px; text-align: right; }
  table.continuity td:first-child, table.continuity th:first-child { text-align: left; }
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
${ownersSection}
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
