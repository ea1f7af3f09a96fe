-- The names users' tables take stay free. Every type of the extension starts with cr_ (a table
-- is also a type, so a type named rfm would take the name of a table rfm). A CRM database that
-- already has tables named like the summaries and models can install the extension, and
-- tables can be created with those names after installing it. Runs in a database of its own.
SELECT current_database() AS regress_db \gset
CREATE DATABASE regression_cr_naming;
\c regression_cr_naming
CREATE TABLE rfm (customer_id int, frequency int);
CREATE TABLE bgnbd_model (id int);
CREATE TABLE km_curve (id int);
CREATE TABLE rq_profile (id int);
CREATE TABLE sbg_model (id int);
CREATE TABLE nps_summary_result (id int);
SET client_min_messages = warning;
CREATE EXTENSION customer_rel;
RESET client_min_messages;
CREATE TABLE gamma_gamma_model (id int);
CREATE TABLE pareto_nbd_model (id int);
CREATE TABLE rfm_state (id int);
CREATE TABLE cronbach_summary (id int);
CREATE TABLE relationship_health_profile (id int);
-- the constructor functions keep the family names, and do not collide with those tables
SELECT (bgnbd_model(0.243, 4.414, 0.793, 2.426)).r AS r;
SELECT count(*) AS user_tables FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace;

-- The argument names are the same for the same meaning across families (README, "Naming
-- rules"): every time length in a model's unit is recency, t, horizon or period_length; a
-- count of opportunities is n_periods; a number of purchases asked about is n_purchases; a
-- discount is discount_rate per period. No argument of another name means one of those.
SELECT DISTINCT unnest(p.proargnames[1:p.pronargs]) AS argument
FROM pg_proc p
JOIN pg_depend d ON d.objid = p.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'customer_rel'
WHERE p.proargnames IS NOT NULL
ORDER BY 1;

\c :regress_db
DROP DATABASE regression_cr_naming;
