-- customer_rel 1.0 -> 1.1: everything added after the 1.0 release (1.0's script is frozen).
-- A new CREATE EXTENSION runs customer_rel--1.0.sql and then this file; ALTER EXTENSION
-- customer_rel UPDATE runs this file alone. Same hygiene as the base script (it is trusted):
-- built-ins pg_catalog-qualified, operators written OPERATOR(pg_catalog.x), a COMMENT on every
-- object, every label stated.
\echo Use "ALTER EXTENSION customer_rel UPDATE TO '1.1'" to load this file. \quit

-- ===== Key-driver analysis (src/key_driver_sql.c, src/core/key_driver.c) =====

-- ===== Retention comparisons: log-rank test, sBG by group (src/km_sql.c, src/sbg_sql.c) =====

-- ===== Covariates in BG/NBD and Pareto/NBD =====

