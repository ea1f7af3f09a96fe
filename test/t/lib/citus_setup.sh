# test/t/lib/citus_setup.sh — a Citus coordinator and two workers on this machine, shared by
# test/t/citus.sh and the Citus benchmark (test/bench/bench_citus.sh). Source it from the top of
# the checkout. It
#   - installs Citus from ../shared/citus/install.sh into the private server copy of
#     test/pg_tmp.sh (exits 77 where ../shared/citus is absent or cannot apply: Citus is built for
#     PostgreSQL 15 only);
#   - starts three throwaway clusters (coord, worker1, worker2; stopped on exit) and, for these
#     clusters only, preloads citus and listens on TCP localhost (pg_tmp_start listens on a unix
#     socket only; Citus nodes connect to each other by host name and port);
#   - creates citus and customer_rel on every node and registers the workers.
# CUSTOMER_REL_CITUS overrides where the Citus kit is (default ../shared/citus of the checkout).
# Then:
#   sql HOST PORT "statements"   psql, unaligned, tuples only, stop on the first error
#   on_coord / on_worker1 / on_worker2 / on_all "statements"
#   check "description" actual expected   prints ok / not ok, counts in n_ok / n_bad
#   citus_finish                 prints the counts and returns 0 when nothing failed
. test/pg_tmp.sh

CITUS_KIT=${CUSTOMER_REL_CITUS:-$(cd .. && pwd)/shared/citus}
if [ ! -x "$CITUS_KIT/install.sh" ] && [ ! -f "$CITUS_KIT/install.sh" ]; then
    echo "no Citus kit at $CITUS_KIT (../shared/citus)"
    exit 77
fi

pg_tmp_init private || exit 1
# The private installation is the server copied under a DESTDIR (test/pg_tmp.sh); Citus goes into
# the same DESTDIR. Under make test that copy is shared with the other suites: Citus only adds
# files there (citus.so and its extension scripts), preloaded by the clusters below alone.
citus_destdir=${PG_TMP_BINDIR%"$("$PG_CONFIG" --bindir)"}
if [ -z "$citus_destdir" ] || [ "$citus_destdir" = "$PG_TMP_BINDIR" ]; then
    echo "pg_tmp did not make a private installation (bindir $PG_TMP_BINDIR)"; exit 1
fi
bash "$CITUS_KIT/install.sh" "$citus_destdir" >"$PG_TMP_ROOT/citus-install.log" 2>&1
rc=$?
if [ $rc -eq 77 ]; then tail -n 1 "$PG_TMP_ROOT/citus-install.log"; exit 77; fi
if [ $rc -ne 0 ]; then cat "$PG_TMP_ROOT/citus-install.log"; echo "Citus install failed"; exit 1; fi
chmod -R a+rX "$citus_destdir" 2>/dev/null

# A TCP port nobody listens on, from PG_TMP_NEXT_PORT up (unix sockets of pg_tmp never collide,
# TCP ports on a shared machine can).
citus_next_free_port() {
    while (exec 3<>"/dev/tcp/127.0.0.1/$PG_TMP_NEXT_PORT") 2>/dev/null; do
        PG_TMP_NEXT_PORT=$((PG_TMP_NEXT_PORT + 1))
    done
}
# citus_node NAME: a pg_tmp cluster restarted with citus preloaded and TCP on localhost.
citus_node() {
    citus_next_free_port
    pg_tmp_start "$1" || exit 1
    local dir="$PG_TMP_ROOT/$1"
    cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = 'localhost'
shared_preload_libraries = 'citus'
max_connections = 200
max_prepared_transactions = 100
max_worker_processes = 16
${CITUS_EXTRA_CONF:-}
CONF
    pg_tmp_as_server_user "$PG_TMP_BINDIR/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        restart >/dev/null || { tail -n 20 "$dir/server.log"; echo "citus node $1 did not restart"; exit 1; }
}
citus_node coord;   C_HOST=$PG_TMP_HOST  C_PORT=$PG_TMP_PORT
citus_node worker1; W1_HOST=$PG_TMP_HOST W1_PORT=$PG_TMP_PORT
citus_node worker2; W2_HOST=$PG_TMP_HOST W2_PORT=$PG_TMP_PORT

n_ok=0 n_bad=0
check() {   # check "description" actual expected (an empty answer is a failed query, never a pass)
    if [ -n "$2" ] && [ "$2" = "$3" ]; then
        n_ok=$((n_ok + 1)); echo "ok - $1"
    else
        n_bad=$((n_bad + 1)); echo "not ok - $1"; echo "#   got:      $2"; echo "#   expected: $3"
    fi
}
citus_finish() {
    echo "# $n_ok passed, $n_bad failed"
    [ "$n_bad" -eq 0 ]
}
sql() {     # sql HOST PORT "statements"  (unaligned, tuples only, stop on error)
    psql -X -q -At -v ON_ERROR_STOP=1 -h "$1" -p "$2" -U postgres -d postgres -c "$3"
}
on_coord() { sql "$C_HOST" "$C_PORT" "$1"; }
on_worker1() { sql "$W1_HOST" "$W1_PORT" "$1"; }
on_worker2() { sql "$W2_HOST" "$W2_PORT" "$1"; }
on_all() { on_coord "$1" && on_worker1 "$1" && on_worker2 "$1"; }

echo "# coordinator: localhost:$C_PORT; workers: localhost:$W1_PORT, localhost:$W2_PORT"
on_all "SET client_min_messages = warning; CREATE EXTENSION citus; CREATE EXTENSION customer_rel" || exit 1
on_coord "SET client_min_messages = warning;
SELECT citus_set_coordinator_host('localhost', $C_PORT);
SELECT 1 FROM citus_add_node('localhost', $W1_PORT);
SELECT 1 FROM citus_add_node('localhost', $W2_PORT);" >/dev/null || exit 1
