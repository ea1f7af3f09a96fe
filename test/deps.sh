#!/bin/sh
# Installs what building needs on a fresh Debian/Ubuntu machine: the server headers (PGXS).
# Does nothing when they are already there.
set -e
PG_CONFIG=${PG_CONFIG:-pg_config}
if ! command -v "$PG_CONFIG" >/dev/null 2>&1; then
    echo "deps: pg_config not found; install PostgreSQL first (apt-get install postgresql)" >&2
    exit 1
fi
if [ -f "$($PG_CONFIG --includedir-server)/postgres.h" ] && [ -f "$($PG_CONFIG --pgxs)" ]; then
    exit 0
fi
major=$($PG_CONFIG --version | sed -E 's/^PostgreSQL ([0-9]+).*/\1/')
pkg="postgresql-server-dev-$major"
echo "deps: installing $pkg (server headers for PGXS)"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -q
$SUDO apt-get install -y -q -o DPkg::Lock::Timeout=600 "$pkg"
