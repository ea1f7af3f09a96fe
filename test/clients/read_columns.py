"""Reads the queries of queries.json through psycopg2 (Debian's python3-psycopg2) and checks
that every value arrives as a native Python value: a number (int, float, Decimal), text (str, only
from text-typed columns), a date or datetime, a boolean, or a list of numbers; parsed JSON for the
jsonb casts. A composite arriving as one string "(0.24,4.41,...)" fails. Connection from the
libpq environment (PGHOST, PGPORT, PGUSER, PGDATABASE). Prints TAP-like lines; exit 1 on a failure.
Usage: /usr/bin/python3 read_columns.py queries.json
"""
import datetime
import decimal
import json
import os
import sys

import psycopg2

TEXT_OIDS = {25, 1043, 1042, 19}  # text, varchar, bpchar, name
failures = 0


def report(ok, what):
    global failures
    print(("ok - " if ok else "not ok - ") + "python: " + what)
    if not ok:
        failures += 1


def kind(value, type_oid):
    """The kind of a value as a client sees it, or None when it is not a plain column value."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float, decimal.Decimal)):
        return "number"
    if isinstance(value, datetime.datetime):
        return "timestamp"
    if isinstance(value, datetime.date):
        return "date"
    if isinstance(value, str):
        # A str from a column that is not text-typed is a value the driver could not parse
        # (a composite's "(0.24,4.41,...)", a custom type's text form).
        return "text" if type_oid in TEXT_OIDS else None
    if isinstance(value, list) and all(
            isinstance(x, (int, float, decimal.Decimal)) and not isinstance(x, bool) for x in value):
        return "number[]"
    return None


def sql_of(q):
    if "sql_file_env" in q:
        return open(os.environ[q["sql_file_env"]]).read()
    return q["sql"]


def check_columns(cur, q, expect_plain=True):
    cur.execute(sql_of(q))
    rows = cur.fetchall()
    names = [d.name for d in cur.description]
    oids = [d.type_code for d in cur.description]
    bad, kinds = [], {}
    for i, name in enumerate(names):
        seen = set()
        for row in rows:
            v = row[i]
            if v is None:
                continue
            k = kind(v, oids[i])
            if k is None:
                bad.append("%s arrives as %s %r" % (name, type(v).__name__, str(v)[:60]))
                break
            seen.add(k)
        if not seen and not any(b.startswith(name + " ") for b in bad):
            bad.append("%s is NULL in every row: its type is not checked" % name)
        if len(seen) > 1:
            bad.append("%s arrives as several kinds: %s" % (name, sorted(seen)))
        kinds[name] = "/".join(sorted(seen))
    if len(names) != len(set(names)):
        bad.append("duplicate column names: %s" % sorted({n for n in names if names.count(n) > 1}))
    enough = len(rows) >= q.get("min_rows", 1)
    if expect_plain:
        report(enough and not bad, "%s: %d rows, %d columns%s" % (
            q["name"], len(rows), len(names),
            (": " + "; ".join(bad)) if bad else
            (" (too few rows)" if not enough else ": " + ", ".join("%s %s" % (n, kinds[n]) for n in names))))
    else:
        report(bool(bad), "%s is caught as not plain: %s" % (q["name"], "; ".join(bad) or "NOT caught"))


def check_json(cur, q):
    cur.execute(q["sql"])
    rows = cur.fetchall()
    v = rows[0][0] if rows else None
    if q["array_of_objects"]:
        ok = isinstance(v, list) and len(v) > 0 and all(isinstance(o, dict) for o in v)
        objs = v if ok else []
    else:
        ok = isinstance(v, dict)
        objs = [v] if ok else []
    missing = sorted({k for o in objs for k in q["keys"] if k not in o})
    ok = ok and not missing
    report(ok, "%s arrives as parsed JSON (%s%s)%s" % (
        q["name"], type(v).__name__, ", %d objects" % len(v) if isinstance(v, list) else "",
        "" if ok else ": missing keys %s or not parsed: %r" % (missing, str(v)[:80])))


def main():
    queries = json.load(open(sys.argv[1]))
    conn = psycopg2.connect("")
    conn.set_session(readonly=True, autocommit=True)
    with conn.cursor() as cur:
        for q in queries["columns"]:
            check_columns(cur, q)
        for q in queries["json"]:
            check_json(cur, q)
        for q in queries["opaque"]:
            check_columns(cur, q, expect_plain=False)
    conn.close()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
