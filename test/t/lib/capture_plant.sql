-- test/t/lib/capture_plant.sql — run by test/t/capture.sh as the role attacker, in a database
-- where attacker may CREATE in schema public and owns schema capture. Plants in public
-- exact-match look-alikes of every operator and built-in function that the assembled install
-- script (psql variable :script, its text) uses, for argument types that pg_catalog has no exact
-- match for, so that an unqualified use in the script could bind to them. Each look-alike, when
-- it runs, raises WARNING 'customer_rel capture: <signature>' (unless capture.quiet = on) and
-- logs its signature in capture.log. capture.planted gets one row per look-alike, with an
-- unqualified call that must reach it (the test checks that planting is not vacuous).
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
SET search_path = pg_catalog;

CREATE TABLE capture.log (sig text, query text, at timestamptz DEFAULT pg_catalog.now());
GRANT USAGE ON SCHEMA capture TO PUBLIC;
GRANT INSERT, SELECT ON capture.log TO PUBLIC;
CREATE TABLE capture.planted (sig text PRIMARY KEY, kind text, call text);
CREATE TABLE capture.source (script text);
INSERT INTO capture.source VALUES (:'script');

-- Operators planted whatever the script says (the one of issue 8 and its neighbours), so the
-- test can show that an unqualified use is captured even when the script no longer has one.
CREATE TABLE capture.base_operators (op text);
INSERT INTO capture.base_operators VALUES ('/'), ('*'), ('+'), ('-'), ('=');

SET client_min_messages = notice;
DO $plant$
DECLARE
    src text;
    code text;
    ops text[];
    fnames text[];
    defined text[];
    types oid[];
    a oid; b oid; t oid;
    sym text;
    rt oid;
    realexpr text;
    n int := 0;
    vsig text;
    body text;
    fn text;
    p record;
    i int;
    args oid[];
    argl text;
    calll text;
    rettype oid;
BEGIN
    SELECT script INTO src FROM capture.source;
    -- Code only: drop comments, string literals and quoted identifiers (a SQL body written as a
    -- string literal is itself against the conventions; catalog checks in the test refuse it).
    -- Dollar-quoted bodies stay (their $$ are not operator characters, their contents are code).
    code := regexp_replace(src, '^\\[^\n]*', '', 'gn');
    code := regexp_replace(code, $re$'([^']|'')*'|--[^\n]*|"([^"]|"")*"$re$, ' ', 'g');
    code := regexp_replace(code, '/\*([^*]|\*+[^*/])*\*+/', ' ', 'g');
    code := replace(code, '@extschema@', 'x');

    -- operator symbols (=> and := are syntax, not operators)
    SELECT array_agg(DISTINCT s) INTO ops FROM (
        SELECT m[1] AS s FROM regexp_matches(code, '([-+*/<>=~!@#%^&|`?]+)', 'g') m
        UNION SELECT op FROM capture.base_operators) x
    WHERE s NOT IN ('=>', ':=');

    -- names the script defines, and names it calls that pg_catalog has functions of
    SELECT array_agg(DISTINCT lower(regexp_replace(m[2], '^.*\.', ''))) INTO defined
    FROM regexp_matches(code,
        '(CREATE\s+(?:OR\s+REPLACE\s+)?(?:FUNCTION|AGGREGATE|PROCEDURE|TYPE|DOMAIN|TABLE|VIEW)\s+)([A-Za-z_][A-Za-z0-9_.]*)',
        'gi') m;
    SELECT array_agg(DISTINCT nm) INTO fnames FROM (
        SELECT lower(regexp_replace(m[1], '^.*\.', '')) AS nm
        FROM regexp_matches(code, '([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?)\s*\(', 'g') m) x
    WHERE nm <> ALL (defined)
      AND EXISTS (SELECT 1 FROM pg_catalog.pg_proc q
                  WHERE q.proname = nm AND q.pronamespace = 'pg_catalog'::regnamespace
                    AND q.prokind IN ('f', 'a'));

    -- argument types: built-in types the script names (arrays when written name[]), the record
    -- pseudo-type (a whole-row p.* is a record), and those an unknown literal or a numeric
    -- constant becomes
    SELECT array_agg(DISTINCT ty) INTO types FROM (
        SELECT CASE WHEN m[2] IS NOT NULL THEN y.typarray ELSE y.oid END AS ty
        FROM regexp_matches(code, '([A-Za-z_][A-Za-z0-9_]*)(\s*\[\s*\])?', 'g') m
        JOIN pg_catalog.pg_type y ON y.typname = CASE lower(m[1])
            WHEN 'integer' THEN 'int4' WHEN 'int' THEN 'int4' WHEN 'bigint' THEN 'int8'
            WHEN 'smallint' THEN 'int2' WHEN 'boolean' THEN 'bool' WHEN 'real' THEN 'float4'
            WHEN 'decimal' THEN 'numeric' WHEN 'varchar' THEN 'varchar' ELSE lower(m[1]) END
        WHERE y.typnamespace = 'pg_catalog'::regnamespace
          AND (y.typtype IN ('b', 'r', 'm', 'e') OR y.typname = 'record')
          AND y.typname NOT IN ('cstring', 'internal')
        UNION SELECT unnest(ARRAY['numeric', 'int4', 'int8', 'float8', 'text']::regtype[])) x
    WHERE ty IS NOT NULL AND ty <> 0;

    RAISE NOTICE 'capture plant: operators %, functions %, % types: %', ops, fnames,
        cardinality(types), (SELECT string_agg(format_type(x, NULL), ' ') FROM unnest(types) x);

    -- ---- binary and prefix operators ----
    FOREACH sym IN ARRAY ops LOOP
        FOREACH a IN ARRAY types || 0::oid LOOP          -- 0: prefix operator
            FOREACH b IN ARRAY types LOOP
                CONTINUE WHEN b = 'record'::regtype OR a = 'record'::regtype;
                CONTINUE WHEN EXISTS (SELECT 1 FROM pg_catalog.pg_operator o
                    WHERE o.oprname = sym AND o.oprnamespace = 'pg_catalog'::regnamespace
                      AND o.oprleft = a AND o.oprright = b);
                -- what pg_catalog would make of it: the look-alike returns the same type and value
                IF a = 0 THEN
                    realexpr := format('OPERATOR(pg_catalog.%s) $1', sym);
                ELSE
                    realexpr := format('$1 OPERATOR(pg_catalog.%s) $2', sym);
                END IF;
                BEGIN
                    EXECUTE format('SELECT pg_catalog.pg_typeof(%s)',
                        replace(replace(realexpr, '$1', format('NULL::%s', a::regtype)),
                                '$2', format('NULL::%s', b::regtype)))
                        INTO rt;
                EXCEPTION WHEN OTHERS THEN
                    rt := NULL;
                    realexpr := 'NULL';
                END;
                IF rt IS NULL THEN
                    rt := CASE WHEN sym IN ('=', '<>', '<', '>', '<=', '>=') THEN 'bool'::regtype
                               WHEN a = 0 THEN b ELSE a END;
                END IF;
                n := n + 1;
                fn := format('capture.op_%s', n);
                IF a = 0 THEN
                    vsig := format('operator %s(NONE, %s)', sym, b::regtype);
                    argl := format('%s', b::regtype);
                    -- most symbols are no prefix operators in the grammar: OPERATOR(sym) is still unqualified
                    calll := format('OPERATOR(%s) NULL::%s', sym, b::regtype);
                ELSE
                    vsig := format('operator %s(%s, %s)', sym, a::regtype, b::regtype);
                    argl := format('%s, %s', a::regtype, b::regtype);
                    calll := format('NULL::%s %s NULL::%s', a::regtype, sym, b::regtype);
                END IF;
                EXECUTE format($f$
                    CREATE FUNCTION %s(%s) RETURNS %s LANGUAGE plpgsql AS $body$
                    BEGIN
                        IF pg_catalog.current_setting('capture.quiet', true) OPERATOR(pg_catalog.=) 'on' THEN
                            NULL;
                        ELSE
                            RAISE WARNING 'customer_rel capture: %%', %L;
                        END IF;
                        INSERT INTO capture.log (sig, query) VALUES (%L, pg_catalog.current_query());
                        RETURN %s;
                    END $body$$f$, fn, argl, rt::regtype, vsig, vsig, realexpr);
                IF a = 0 THEN
                    EXECUTE format('CREATE OPERATOR public.%s (RIGHTARG = %s, FUNCTION = %s)',
                                   sym, b::regtype, fn);
                ELSE
                    EXECUTE format('CREATE OPERATOR public.%s (LEFTARG = %s, RIGHTARG = %s, FUNCTION = %s)',
                                   sym, a::regtype, b::regtype, fn);
                END IF;
                INSERT INTO capture.planted VALUES (vsig, 'operator', calll);
            END LOOP;
        END LOOP;
    END LOOP;

    -- ---- functions and aggregates: each pg_catalog signature of a name the script calls, with
    -- one argument at a time replaced by each type ----
    FOR p IN SELECT q.proname, q.prokind, ARRAY(SELECT unnest(q.proargtypes::oid[])) AS argtypes, q.prorettype, q.proretset
             FROM pg_catalog.pg_proc q
             WHERE q.proname = ANY (fnames) AND q.pronamespace = 'pg_catalog'::regnamespace
               AND q.prokind IN ('f', 'a') AND q.pronargs BETWEEN 1 AND 4 LOOP
        FOR i IN 1 .. cardinality(p.argtypes) LOOP
            FOREACH t IN ARRAY types LOOP
                args := p.argtypes;
                args[i] := t;
                CONTINUE WHEN EXISTS (SELECT 1 FROM unnest(args) x
                    JOIN pg_catalog.pg_type y ON y.oid = x
                    WHERE y.typtype = 'p' AND y.typname <> 'record');
                argl := (SELECT string_agg(format_type(x, NULL), ', ' ORDER BY o)
                         FROM unnest(args) WITH ORDINALITY u(x, o));
                vsig := format('%s %s(%s)', CASE p.prokind WHEN 'a' THEN 'aggregate' ELSE 'function' END,
                              p.proname, argl);
                CONTINUE WHEN EXISTS (SELECT 1 FROM capture.planted c WHERE c.sig = vsig);
                -- (oidvector::oid[] starts at index 0 and arrays compare their bounds too, so
                -- the signature is rebuilt from 1 before comparing)
                CONTINUE WHEN EXISTS (SELECT 1 FROM pg_catalog.pg_proc q
                    WHERE q.proname = p.proname AND q.pronamespace = 'pg_catalog'::regnamespace
                      AND ARRAY(SELECT unnest(q.proargtypes::oid[])) = args);
                rettype := p.prorettype;
                IF (SELECT typtype FROM pg_catalog.pg_type WHERE oid = rettype) = 'p' THEN
                    rettype := CASE WHEN p.argtypes[i] = p.prorettype OR p.prorettype = 'anyelement'::regtype
                                    THEN t ELSE 'text'::regtype END;
                    IF rettype = 'record'::regtype AND NOT p.proretset THEN rettype := 'text'::regtype; END IF;
                END IF;
                calll := format('%s(%s)', p.proname,
                    (SELECT string_agg(CASE WHEN x = 'record'::regtype THEN 'ROW(1)'
                                            ELSE format('NULL::%s', format_type(x, NULL)) END, ', ' ORDER BY o)
                     FROM unnest(args) WITH ORDINALITY u(x, o)));
                n := n + 1;
                body := format($b$
                        IF pg_catalog.current_setting('capture.quiet', true) OPERATOR(pg_catalog.=) 'on' THEN
                            NULL;
                        ELSE
                            RAISE WARNING 'customer_rel capture: %%', %L;
                        END IF;
                        INSERT INTO capture.log (sig, query) VALUES (%L, pg_catalog.current_query());$b$,
                    vsig, vsig);
                IF p.prokind = 'a' THEN
                    EXECUTE format('CREATE FUNCTION capture.agg_sfunc_%s(%s, %s) RETURNS %s LANGUAGE plpgsql AS %L',
                        n, rettype::regtype, argl, rettype::regtype, 'BEGIN RETURN $1; END');
                    EXECUTE format('CREATE FUNCTION capture.agg_final_%s(%s) RETURNS %s LANGUAGE plpgsql AS %L',
                        n, rettype::regtype, rettype::regtype,
                        format('BEGIN %s RETURN $1; END', body));
                    EXECUTE format('CREATE AGGREGATE public.%I(%s) (SFUNC = capture.agg_sfunc_%s, STYPE = %s, FINALFUNC = capture.agg_final_%s)',
                        p.proname, argl, n, rettype::regtype, n);
                ELSIF p.proretset THEN
                    EXECUTE format('CREATE FUNCTION public.%I(%s) RETURNS SETOF %s LANGUAGE plpgsql AS %L',
                        p.proname, argl, rettype::regtype, format('BEGIN %s RETURN; END', body));
                ELSE
                    EXECUTE format('CREATE FUNCTION public.%I(%s) RETURNS %s LANGUAGE plpgsql AS %L',
                        p.proname, argl, rettype::regtype, format('BEGIN %s RETURN NULL; END', body));
                END IF;
                INSERT INTO capture.planted VALUES (vsig, CASE p.prokind WHEN 'a' THEN 'aggregate' ELSE 'function' END, calll);
            END LOOP;
        END LOOP;
    END LOOP;
    RAISE NOTICE 'capture plant: % look-alikes planted', (SELECT count(*) FROM capture.planted);
END
$plant$;
