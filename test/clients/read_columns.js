// Reads the queries of queries.json through node-postgres (the npm package `pg`) and checks that
// every value arrives as a native JavaScript value: a number, a string (only from text-typed
// columns), a Date, a boolean, or an array of numbers; parsed JSON for the jsonb casts. A composite
// arriving as one string "(0.24,4.41,...)" fails. Connection from the libpq environment (PGHOST,
// PGPORT, PGUSER, PGDATABASE), which pg reads too. Prints TAP-like lines; exit 1 on a failure.
//
// node-postgres returns bigint (int8) as a string by default, because a JavaScript number holds
// integers exactly only up to 2^53. customer_health's customer_id and frequency are bigint, so,
// as applications do, int8 is parsed into a number here — and refused if it would lose digits.
// Usage: NODE_PATH=.../node_modules node read_columns.js queries.json
'use strict';
const fs = require('fs');
const { Client, types } = require('pg');

types.setTypeParser(types.builtins.INT8, (s) => {
  const n = Number(s);
  if (!Number.isSafeInteger(n)) throw new Error(`bigint ${s} does not fit a JavaScript number`);
  return n;
});

const TEXT_OIDS = new Set([25, 1043, 1042, 19]); // text, varchar, bpchar, name
let failures = 0;
function report(ok, what) {
  console.log((ok ? 'ok - ' : 'not ok - ') + 'node: ' + what);
  if (!ok) failures++;
}

function kind(v, oid) {
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'number') return Number.isFinite(v) ? 'number' : null;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : 'timestamp';
  // A string from a column that is not text-typed is a value the driver could not parse
  // (a composite's "(0.24,4.41,...)", a custom type's text form, a date kept as text).
  if (typeof v === 'string') return TEXT_OIDS.has(oid) ? 'text' : null;
  if (Array.isArray(v) && v.every((x) => typeof x === 'number')) return 'number[]';
  return null;
}

function sqlOf(q) {
  return q.sql_file_env ? fs.readFileSync(process.env[q.sql_file_env], 'utf8') : q.sql;
}

async function checkColumns(client, q, expectPlain = true) {
  const res = await client.query({ text: sqlOf(q), rowMode: 'array' });
  const names = res.fields.map((f) => f.name);
  const oids = res.fields.map((f) => f.dataTypeID);
  const bad = [];
  const kinds = {};
  names.forEach((name, i) => {
    const seen = new Set();
    let broken = false;
    for (const row of res.rows) {
      const v = row[i];
      if (v === null) continue;
      const k = kind(v, oids[i]);
      if (k === null) {
        bad.push(`${name} arrives as ${typeof v} ${JSON.stringify(String(v).slice(0, 60))}`);
        broken = true;
        break;
      }
      seen.add(k);
    }
    if (!seen.size && !broken) bad.push(`${name} is NULL in every row: its type is not checked`);
    if (seen.size > 1) bad.push(`${name} arrives as several kinds: ${[...seen].sort()}`);
    kinds[name] = [...seen].sort().join('/');
  });
  const dups = names.filter((n, i) => names.indexOf(n) !== i);
  if (dups.length) bad.push(`duplicate column names: ${[...new Set(dups)]}`);
  const enough = res.rows.length >= (q.min_rows || 1);
  if (expectPlain) {
    report(enough && !bad.length, `${q.name}: ${res.rows.length} rows, ${names.length} columns` +
      (bad.length ? ': ' + bad.join('; ')
        : !enough ? ' (too few rows)' : ': ' + names.map((n) => `${n} ${kinds[n]}`).join(', ')));
  } else {
    report(bad.length > 0, `${q.name} is caught as not plain: ${bad.join('; ') || 'NOT caught'}`);
  }
}

function isObject(o) { return o !== null && typeof o === 'object' && !Array.isArray(o); }

async function checkJson(client, q) {
  const res = await client.query({ text: q.sql, rowMode: 'array' });
  const v = res.rows.length ? res.rows[0][0] : null;
  let ok;
  let objs;
  if (q.array_of_objects) {
    ok = Array.isArray(v) && v.length > 0 && v.every(isObject);
    objs = ok ? v : [];
  } else {
    ok = isObject(v);
    objs = ok ? [v] : [];
  }
  const missing = [...new Set(objs.flatMap((o) => q.keys.filter((k) => !(k in o))))].sort();
  ok = ok && !missing.length;
  report(ok, `${q.name} arrives as parsed JSON (${Array.isArray(v) ? `array, ${v.length} objects` : typeof v})` +
    (ok ? '' : `: missing keys ${missing} or not parsed: ${JSON.stringify(String(v).slice(0, 80))}`));
}

async function main() {
  const queries = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const client = new Client();
  await client.connect();
  try {
    for (const q of queries.columns) await checkColumns(client, q);
    for (const q of queries.json) await checkJson(client, q);
    for (const q of queries.opaque) await checkColumns(client, q, false);
  } finally {
    await client.end();
  }
  return failures ? 1 : 0;
}

main().then((rc) => process.exit(rc), (err) => {
  console.log(`not ok - node: ${err.message}`);
  process.exit(1);
});
