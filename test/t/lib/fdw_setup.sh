# test/t/lib/fdw_setup.sh — the postgres_fdw setup shared by the multi-node scripts
# (test/t/fdw_*.sh). Source it from the top of the checkout. It starts two shards and a
# coordinator (throwaway clusters of the private installation, stopped on exit), installs
# customer_rel on all three, and on the coordinator postgres_fdw with the foreign servers shard1
# and shard2 (option extensions 'customer_rel', so our functions may be shipped) and user
# mappings. Exits 77 when postgres_fdw is not installed, 1 when a cluster does not start.
#
# Then:
#   sql HOST PORT "statements"   psql, unaligned, tuples only, stop on the first error
#   on_coord / on_shard1 / on_shard2 "statements"
#   on_shards "statements"       the same statements on both shards
#   fdw_table NAME "(column definitions)" KEY VALUE1 VALUE2 "SELECT for shard1" "SELECT for shard2"
#       creates NAME on each shard filled by its SELECT, and on the coordinator NAME partitioned
#       by LIST (KEY) with the foreign partitions NAME_VALUE1 (shard1) and NAME_VALUE2 (shard2),
#       plus NAME_local holding both shards' rows (the single-node reference)
#   check "description" actual expected   prints ok / not ok, counts in n_ok / n_bad
#   fdw_finish                   prints the counts and returns 0 when nothing failed
. test/pg_tmp.sh

pg_tmp_init private || exit 1
pg_tmp_start shard1 || exit 1
S1_HOST=$PG_TMP_HOST S1_PORT=$PG_TMP_PORT
pg_tmp_start shard2 || exit 1
S2_HOST=$PG_TMP_HOST S2_PORT=$PG_TMP_PORT
pg_tmp_start coord || exit 1
C_HOST=$PG_TMP_HOST C_PORT=$PG_TMP_PORT

n_ok=0 n_bad=0
check() {   # check "description" actual expected (an empty answer is a failed query, never a pass)
    if [ -n "$2" ] && [ "$2" = "$3" ]; then
        n_ok=$((n_ok + 1)); echo "ok - $1"
    else
        n_bad=$((n_bad + 1)); echo "not ok - $1"; echo "#   got:      $2"; echo "#   expected: $3"
    fi
}
fdw_finish() {
    echo "# $n_ok passed, $n_bad failed"
    [ "$n_bad" -eq 0 ]
}
sql() {     # sql HOST PORT "statements"  (unaligned, tuples only, stop on error)
    psql -X -q -At -v ON_ERROR_STOP=1 -h "$1" -p "$2" -U postgres -d postgres -c "$3"
}
on_coord() { sql "$C_HOST" "$C_PORT" "$1"; }
on_shard1() { sql "$S1_HOST" "$S1_PORT" "$1"; }
on_shard2() { sql "$S2_HOST" "$S2_PORT" "$1"; }
on_shards() { on_shard1 "$1" && on_shard2 "$1"; }

echo "# shards: $S1_HOST:$S1_PORT, $S2_HOST:$S2_PORT; coordinator: $C_HOST:$C_PORT"
on_shards "CREATE EXTENSION customer_rel" || exit 1
if ! on_coord "CREATE EXTENSION postgres_fdw" 2>"$PG_TMP_ROOT/fdw.err"; then
    cat "$PG_TMP_ROOT/fdw.err"
    echo "postgres_fdw is not installed"
    exit 77
fi
on_coord "
CREATE EXTENSION customer_rel;
CREATE SERVER shard1 FOREIGN DATA WRAPPER postgres_fdw
    OPTIONS (host '$S1_HOST', port '$S1_PORT', dbname 'postgres', extensions 'customer_rel');
CREATE SERVER shard2 FOREIGN DATA WRAPPER postgres_fdw
    OPTIONS (host '$S2_HOST', port '$S2_PORT', dbname 'postgres', extensions 'customer_rel');
CREATE USER MAPPING FOR postgres SERVER shard1 OPTIONS (user 'postgres');
CREATE USER MAPPING FOR postgres SERVER shard2 OPTIONS (user 'postgres');" || exit 1

fdw_table() {   # fdw_table NAME "(columns)" KEY VALUE1 VALUE2 "SELECT for shard1" "SELECT for shard2"
    local name=$1 def=$2 key=$3 v1=$4 v2=$5 q1=$6 q2=$7
    on_shard1 "CREATE TABLE $name $def; INSERT INTO $name $q1; ANALYZE $name;" || exit 1
    on_shard2 "CREATE TABLE $name $def; INSERT INTO $name $q2; ANALYZE $name;" || exit 1
    on_coord "
CREATE TABLE $name $def PARTITION BY LIST ($key);
CREATE FOREIGN TABLE ${name}_$v1 PARTITION OF $name FOR VALUES IN ('$v1')
    SERVER shard1 OPTIONS (schema_name 'public', table_name '$name');
CREATE FOREIGN TABLE ${name}_$v2 PARTITION OF $name FOR VALUES IN ('$v2')
    SERVER shard2 OPTIONS (schema_name 'public', table_name '$name');
ANALYZE $name;
CREATE TABLE ${name}_local $def;
INSERT INTO ${name}_local $q1;
INSERT INTO ${name}_local $q2;
ANALYZE ${name}_local;" || exit 1
}
