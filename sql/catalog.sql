-- Catalog hygiene: every member has a comment, every function is PARALLEL SAFE, every
-- aggregate can run in parallel (combine function, and serial/deserial for internal states).
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS customer_rel;
RESET client_min_messages;

CREATE TEMP VIEW cr_members AS
SELECT d.classid::regclass AS catalog, d.objid,
       pg_describe_object(d.classid, d.objid, 0) AS member
FROM pg_depend d
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'customer_rel'
WHERE d.deptype = 'e';

-- Members without a comment (expected: none).
SELECT member FROM cr_members m
WHERE obj_description(m.objid, m.catalog::text) IS NULL
  AND m.catalog::text IN ('pg_proc', 'pg_type')
  AND NOT EXISTS (SELECT 1 FROM pg_type t WHERE t.oid = m.objid AND t.typtype = 'b' AND t.typelem <> 0)
ORDER BY 1;

-- Functions that are not PARALLEL SAFE (expected: none).
SELECT p.oid::regprocedure FROM cr_members m JOIN pg_proc p ON p.oid = m.objid
WHERE p.proparallel <> 's' ORDER BY 1;

-- Aggregates that cannot run as partial aggregates (expected: none).
SELECT a.aggfnoid::regprocedure FROM cr_members m JOIN pg_aggregate a ON a.aggfnoid = m.objid
WHERE a.aggcombinefn = 0
   OR (a.aggtranstype = 'internal'::regtype AND (a.aggserialfn = 0 OR a.aggdeserialfn = 0))
ORDER BY 1;

-- SECURITY DEFINER functions (expected: none; the extension is trusted).
SELECT p.oid::regprocedure FROM cr_members m JOIN pg_proc p ON p.oid = m.objid
WHERE p.prosecdef ORDER BY 1;

-- Types whose name does not start with cr_ (expected: none). A table is also a type, so a bare
-- type name would take a name users' tables need (README, "Naming rules").
SELECT t.oid::regtype FROM cr_members m JOIN pg_type t ON t.oid = m.objid
WHERE t.typname NOT LIKE 'cr\_%' AND t.typname NOT LIKE '\_cr\_%' ORDER BY 1;

-- Attributes of the extension's composite types without a comment (expected: none): clients
-- and \d+ show what each column means and its unit.
SELECT t.oid::regtype AS type, a.attname
FROM cr_members m JOIN pg_type t ON t.oid = m.objid AND t.typtype = 'c'
JOIN pg_attribute a ON a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped
WHERE col_description(t.typrelid, a.attnum) IS NULL
ORDER BY 1, 2;

-- Functions and aggregates with an unnamed argument (expected: none), leaving out aggregate
-- support functions and type I/O functions, which only the server calls.
WITH support AS (
    SELECT unnest(ARRAY[aggtransfn, aggfinalfn, aggcombinefn, aggserialfn, aggdeserialfn])::oid AS f
    FROM pg_aggregate
    UNION SELECT unnest(ARRAY[typinput, typoutput, typreceive, typsend])::oid FROM pg_type)
SELECT p.oid::regprocedure FROM cr_members m JOIN pg_proc p ON p.oid = m.objid
WHERE p.pronargs > 0
  AND p.oid NOT IN (SELECT f FROM support)
  AND (p.proargnames IS NULL
       OR EXISTS (SELECT 1 FROM unnest(p.proargnames[1:p.pronargs]) n WHERE n = ''))
ORDER BY 1;

-- Support functions whose name does not follow <aggregate or type>_{trans,combine,final,
-- serialize,deserialize,in,out,recv,send} (expected: none).
WITH support AS (
    SELECT unnest(ARRAY[aggtransfn, aggfinalfn, aggcombinefn, aggserialfn, aggdeserialfn])::oid AS f
    FROM pg_aggregate
    UNION SELECT unnest(ARRAY[typinput, typoutput, typreceive, typsend])::oid FROM pg_type)
SELECT DISTINCT p.proname FROM cr_members m JOIN pg_proc p ON p.oid = m.objid
WHERE p.oid IN (SELECT f FROM support)
  AND p.proname !~ '_(trans|combine|final|serialize|deserialize|in|out|recv|send)$'
ORDER BY 1;

\pset format unaligned
-- Every function and aggregate with its labels: volatility (i = IMMUTABLE, s = STABLE),
-- strictness, parallel safety, and for aggregates the state type and whether it combines.
SELECT p.oid::regprocedure AS member,
       p.prokind AS kind,
       p.provolatile AS volatility,
       CASE WHEN p.proisstrict THEN 'strict' ELSE '' END AS strict,
       p.proparallel AS parallel,
       CASE WHEN p.prokind = 'a' THEN a.aggtranstype::regtype::text ELSE '' END AS state_type,
       CASE WHEN p.prokind = 'a' THEN (a.aggcombinefn <> 0)::text ELSE '' END AS combines
FROM cr_members m
JOIN pg_proc p ON p.oid = m.objid
LEFT JOIN pg_aggregate a ON a.aggfnoid = p.oid
ORDER BY p.proname, p.oid::regprocedure::text;

-- Types of the extension. Their implicit array types are left out: PostgreSQL 17 and later
-- record them as extension members too, 15 does not.
SELECT t.oid::regtype AS type, t.typtype AS kind
FROM cr_members m JOIN pg_type t ON t.oid = m.objid
WHERE NOT EXISTS (SELECT 1 FROM pg_type e WHERE e.typarray = t.oid)
ORDER BY t.oid::regtype::text;
\pset format aligned

-- C functions priced above one built-in call (expected: rfm_summary's six transitions, COST 4,
-- so that the planner weighs a parallel GROUP BY customer by the work it saves; issue 15).
SELECT p.oid::regprocedure, p.procost FROM cr_members m JOIN pg_proc p ON p.oid = m.objid
WHERE p.prolang = (SELECT oid FROM pg_language WHERE lanname = 'c') AND p.procost <> 1
ORDER BY 1::text;
