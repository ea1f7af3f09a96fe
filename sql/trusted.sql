-- customer_rel is a trusted extension: the owner of a database who is not a superuser can
-- CREATE EXTENSION in it; an ordinary role without CREATE on the database cannot. Runs in a
-- database of its own (the shared contrib_regression database keeps its extension).
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS customer_rel;
RESET client_min_messages;

SELECT extname, (SELECT trusted FROM pg_available_extension_versions v
                 WHERE v.name = e.extname AND v.version = e.extversion) AS trusted
FROM pg_extension e WHERE extname = 'customer_rel';

SELECT current_database() AS regress_db, current_user AS regress_superuser \gset
CREATE ROLE regress_cr_db_owner LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE;
CREATE ROLE regress_cr_plain LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE;
CREATE DATABASE regression_cr_trusted OWNER regress_cr_db_owner;

-- An ordinary role, not the owner: refused.
\c regression_cr_trusted regress_cr_plain
SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user;
CREATE EXTENSION customer_rel;

-- The database owner, not a superuser: allowed.
\c regression_cr_trusted regress_cr_db_owner
SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user;
CREATE EXTENSION customer_rel;
SELECT e.extname, e.extowner::regrole AS extension_owner, n.nspname AS schema
FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE e.extname = 'customer_rel';
SELECT nps(x), csat(x, 10) FROM (VALUES (10), (9), (7), (3)) v(x);

-- Other roles may use what the owner installed (functions are executable by PUBLIC).
\c regression_cr_trusted regress_cr_plain
SELECT nps(x) FROM (VALUES (10), (0)) v(x);
-- ... but not drop it.
DROP EXTENSION customer_rel;

-- The owner can drop it again, in the owner's own database.
\c regression_cr_trusted regress_cr_db_owner
DROP EXTENSION customer_rel;
SELECT count(*) AS left_over FROM pg_extension WHERE extname = 'customer_rel';

\c :regress_db :regress_superuser
DROP DATABASE regression_cr_trusted;
DROP ROLE regress_cr_db_owner;
DROP ROLE regress_cr_plain;
SELECT count(*) AS customer_rel_here FROM pg_extension WHERE extname = 'customer_rel';
