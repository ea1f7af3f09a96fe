# test/pg_tmp.sh — throwaway PostgreSQL clusters, shared by make test, make demo and make bench.
# Source it, then:
#   pg_tmp_init [private]   make a scratch root and an EXIT trap that stops every cluster and
#                           removes the root. With "private", build a private installation: a copy
#                           of the server with this extension installed into it (DESTDIR), so tests
#                           never depend on, or overwrite, what is installed system-wide.
#   pg_tmp_start NAME       initdb and start a cluster; sets PG_TMP_HOST and PG_TMP_PORT (the socket
#                           lives in the scratch root, so any port is free) and exports PGHOST,
#                           PGPORT, PGUSER=postgres for the last cluster started.
#   pg_tmp_stop NAME        stop one cluster.
# Works as root (the server then runs as the postgres user, which initdb requires) or as the
# ordinary user who owns the server files.

PG_CONFIG=${PG_CONFIG:-pg_config}
PG_TMP_ROOT=""
PG_TMP_BINDIR=""
PG_TMP_CLUSTERS=()
PG_TMP_NEXT_PORT=${PG_TMP_NEXT_PORT:-54320}

pg_tmp_as_server_user() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_tmp_cleanup() {
    local name
    for name in "${PG_TMP_CLUSTERS[@]}"; do
        if [ -f "$PG_TMP_ROOT/$name/data/postmaster.pid" ]; then
            pg_tmp_as_server_user "$PG_TMP_BINDIR/pg_ctl" -D "$PG_TMP_ROOT/$name/data" \
                -m immediate -w stop >/dev/null 2>&1 || true
        fi
    done
    PG_TMP_CLUSTERS=()
    [ -n "$PG_TMP_ROOT" ] && [ -z "${PG_TMP_KEEP:-}" ] && rm -rf "$PG_TMP_ROOT"
    return 0
}

pg_tmp_init() {
    PG_TMP_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/customer_rel.XXXXXX")
    chmod 755 "$PG_TMP_ROOT"
    trap pg_tmp_cleanup EXIT
    trap 'exit 130' INT TERM
    local bindir pkglibdir sharedir
    bindir=$("$PG_CONFIG" --bindir)
    if [ "${1:-}" = private ] && [ -n "${PG_TMP_REUSE_BINDIR:-}" ]; then
        # A parent run (make test) already built the private installation.
        PG_TMP_BINDIR=$PG_TMP_REUSE_BINDIR
    elif [ "${1:-}" = private ]; then
        pkglibdir=$("$PG_CONFIG" --pkglibdir)
        sharedir=$("$PG_CONFIG" --sharedir)
        local inst="$PG_TMP_ROOT/install"
        # The server finds its share and lib directories relative to its own executable, so a
        # copy under $inst with the same layout is a complete installation (as PostgreSQL's own
        # "make check" temp install is).
        mkdir -p "$inst$bindir" "$inst$pkglibdir" "$inst$sharedir"
        cp -a "$bindir/." "$inst$bindir/"
        cp -a "$pkglibdir/." "$inst$pkglibdir/"
        cp -a "$sharedir/." "$inst$sharedir/"
        make -s install DESTDIR="$inst" with_llvm=no >"$PG_TMP_ROOT/install.log" 2>&1 || {
            cat "$PG_TMP_ROOT/install.log" >&2; echo "pg_tmp: make install into $inst failed" >&2; return 1; }
        chmod -R a+rX "$inst"
        PG_TMP_BINDIR="$inst$bindir"
    else
        PG_TMP_BINDIR="$bindir"
    fi
}

pg_tmp_start() {
    local name=$1 dir="$PG_TMP_ROOT/$1"
    local port=$PG_TMP_NEXT_PORT
    PG_TMP_NEXT_PORT=$((PG_TMP_NEXT_PORT + 1))
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
    pg_tmp_as_server_user "$PG_TMP_BINDIR/initdb" -D "$dir/data" -U postgres --auth=trust \
        -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
        cat "$dir/initdb.log" >&2; echo "pg_tmp: initdb failed for $name" >&2; return 1; }
    cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$dir'
port = $port
fsync = off
synchronous_commit = off
full_page_writes = off
max_worker_processes = 8
max_parallel_workers = 4
shared_buffers = 256MB
work_mem = 64MB
max_prepared_transactions = 4
log_min_messages = warning
CONF
    PG_TMP_CLUSTERS+=("$name")
    pg_tmp_as_server_user "$PG_TMP_BINDIR/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
        -t 60 start >/dev/null || {
        cat "$dir/server.log" >&2; echo "pg_tmp: cluster $name did not start" >&2; return 1; }
    PG_TMP_HOST=$dir
    PG_TMP_PORT=$port
    export PGHOST=$dir PGPORT=$port PGUSER=postgres
}

pg_tmp_stop() {
    local dir="$PG_TMP_ROOT/$1"
    pg_tmp_as_server_user "$PG_TMP_BINDIR/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
}
