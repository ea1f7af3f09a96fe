#!/usr/bin/env bash
# make test-versions: the extension built and tested on every supported PostgreSQL major version.
#
# For each version in VERSIONS (default "15 17 18"):
#   - the machine's own server (the major version of pg_config) is used as it is;
#   - any other version runs in a minimal Debian chroot that has that server and its headers
#     (17: trixie, 18: sid; 15: bookworm), made once by debootstrap and kept under
#     $CR_VERSIONS_CACHE (default /var/cache/customer_rel), so a second run costs minutes.
# In each, a copy of the working tree (tracked and new files, not build products) is built with
# warnings as errors against that server's headers, and test/run_tests.sh runs the unit tests, the
# whole pg_regress suite and the scripts of test/t that need no engine other than PostgreSQL
# (clients.sh and report.sh need Python, Node or Chromium, citus.sh the Citus build of
# ../shared/citus, which exists for PostgreSQL 15 only; they run under `make test` only).
# A version whose chroot cannot be made (no network, not root) is reported skipped, never passed.
# Ends with one line "N passed, N failed, N skipped" over all versions; exits non-zero on a failure.
#
# `test/versions.sh --prepare` only makes the missing chroots (CI runs it beside `make test`).
# Environment: VERSIONS, CR_VERSIONS_CACHE, DEBIAN_MIRROR (default http://deb.debian.org/debian).
set -u
cd "$(dirname "$0")/.."
top=$(pwd)

VERSIONS=${VERSIONS:-15 17 18}
CACHE=${CR_VERSIONS_CACHE:-/var/cache/customer_rel}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
# The scripts of test/t that need PostgreSQL alone (all but the client-library test and the browser
# test of the report, which need Python, Node and Chromium, and the Citus test).
ENGINE_FREE_SCRIPTS=$(cd test/t && ls *.sh | sed 's/\.sh$//' | grep -vx -e 'clients' -e 'report' -e 'citus' | tr '\n' ' ')
PG_CONFIG=${PG_CONFIG:-pg_config}
native=$("$PG_CONFIG" --version 2>/dev/null | sed -E 's/^PostgreSQL ([0-9]+).*/\1/')

passed=0 failed=0 skipped=0
summary=()
log_dir=$top/build/versions
mkdir -p "$log_dir"

# The Debian release that packages each major version (Debian's registry is the only one
# reachable from CI machines; PostgreSQL 16 is in no current Debian release).
debian_suite() {
    case $1 in
        15) echo bookworm ;;
        17) echo trixie ;;
        18) echo sid ;;
        *) return 1 ;;
    esac
}

# Adds the counts of a run_tests.sh log's last line to the totals.
count_log() {
    local line
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' "$1" | tail -n 1)
    if [ -z "$line" ]; then
        failed=$((failed + 1)); summary+=("PostgreSQL $2: no result line (see $1)"); return
    fi
    set -- $line "$2"
    passed=$((passed + $1)); failed=$((failed + $3)); skipped=$((skipped + $5))
    summary+=("PostgreSQL $7: $1 passed, $3 failed, $5 skipped")
}

# Copies the working tree (what git tracks plus new, unignored files) to $2/customer_rel.
copy_tree() {
    rm -rf "$2/customer_rel"; mkdir -p "$2/customer_rel"
    (cd "$top" && git ls-files -z --cached --others --exclude-standard | \
        xargs -0 -I{} sh -c 'test -e "{}" && printf "%s\0" "{}"' | \
        tar --null -T - -cf -) | tar -C "$2/customer_rel" -xf -
}

# Makes (once) the chroot for major version $1 in $2; returns non-zero with a reason on stdout
# when it cannot.
make_chroot() {
    local v=$1 dir=$2 suite
    suite=$(debian_suite "$v") || { echo "no Debian release packages PostgreSQL $v"; return 1; }
    [ -f "$dir/.customer_rel-ready" ] && return 0
    [ "$(id -u)" -eq 0 ] || { echo "creating a chroot needs root"; return 1; }
    if ! command -v debootstrap >/dev/null 2>&1; then
        apt-get install -y -q -o DPkg::Lock::Timeout=600 debootstrap >"$log_dir/debootstrap-install.log" 2>&1 \
            || { echo "debootstrap is not installed and cannot be"; return 1; }
    fi
    echo "== creating the PostgreSQL $v chroot ($suite) in $dir, once (about 10 minutes)" >&2
    rm -rf "$dir"; mkdir -p "$dir"
    if ! debootstrap --variant=minbase "$suite" "$dir" "$MIRROR" >"$log_dir/chroot-$v.log" 2>&1; then
        tail -n 5 "$log_dir/chroot-$v.log" >&2; rm -rf "$dir"
        echo "debootstrap $suite failed (no network?)"; return 1
    fi
    # No service starts inside the chroot, and the server package makes no cluster of its own.
    printf '#!/bin/sh\nexit 101\n' >"$dir/usr/sbin/policy-rc.d"; chmod 755 "$dir/usr/sbin/policy-rc.d"
    mkdir -p "$dir/etc/postgresql-common"
    echo "create_main_cluster = false" >"$dir/etc/postgresql-common/createcluster.conf"
    # sid's Release file can be past its validity date; the packages are still signed.
    # Package scripts need /proc and /dev.
    mount_chroot "$dir"
    if ! chroot "$dir" sh -c "apt-get -o Acquire::Check-Valid-Until=false update -q &&
            DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
                postgresql-$v postgresql-server-dev-$v make gcc libc6-dev" >>"$log_dir/chroot-$v.log" 2>&1; then
        tail -n 5 "$log_dir/chroot-$v.log" >&2; umount_chroot; rm -rf "$dir"
        echo "installing postgresql-$v in the $suite chroot failed"; return 1
    fi
    chroot "$dir" apt-get clean
    umount_chroot
    touch "$dir/.customer_rel-ready"
}

# /proc and /dev (with /dev/shm, where parallel workers' shared memory lives) inside chroot $1;
# umount_chroot undoes it, also when the script is interrupted.
mounts=()
mount_chroot() {
    mount --bind /proc "$1/proc" && mounts+=("$1/proc")
    mount --rbind /dev "$1/dev" && mount --make-rslave "$1/dev" && mounts+=("$1/dev")
}
umount_chroot() {
    local i
    for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do
        umount -R "${mounts[$i]}" 2>/dev/null || umount -l "${mounts[$i]}"
    done
    mounts=()
}
trap umount_chroot EXIT

# Runs the suites for major version $1 inside the chroot $2.
run_in_chroot() {
    local v=$1 dir=$2 rc
    copy_tree "$v" "$dir/build"
    mkdir -p "$dir/build/shared/data"
    mount_chroot "$dir"
    # The reference data, read-only where the tests expect it (../shared/data of the checkout).
    if [ -d "$top/../shared/data" ]; then
        mount --bind "$top/../shared/data" "$dir/build/shared/data" && \
            mount -o remount,bind,ro "$dir/build/shared/data" && mounts+=("$dir/build/shared/data")
    fi
    chroot "$dir" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
        PG_CONFIG=/usr/lib/postgresql/$v/bin/pg_config SUITES="unit regress scripts" \
        CR_SCRIPTS="$ENGINE_FREE_SCRIPTS" TMPDIR=/tmp \
        bash -c 'cd /build/customer_rel && bash test/run_tests.sh' >"$log_dir/pg$v.log" 2>&1
    rc=$?
    umount_chroot
    return $rc
}

# Chroots still to be made are made side by side (the time goes to the network and dpkg).
# `test/versions.sh --prepare` does only this, so CI can overlap it with `make test`.
declare -A preparing
for v in $VERSIONS; do
    [ "$v" = "$native" ] && continue
    [ -f "$CACHE/pg$v/.customer_rel-ready" ] && continue
    make_chroot "$v" "$CACHE/pg$v" >"$log_dir/prepare-$v.reason" &
    preparing[$v]=$!
done
if [ "${1:-}" = --prepare ]; then
    rc=0
    for v in "${!preparing[@]}"; do
        wait "${preparing[$v]}" || { echo "PostgreSQL $v: $(cat "$log_dir/prepare-$v.reason")"; rc=1; }
    done
    exit $rc
fi

for v in $VERSIONS; do
    echo "== PostgreSQL $v"
    if [ "$v" = "$native" ]; then
        work=$log_dir/native
        copy_tree "$v" "$work"
        (cd "$work/customer_rel" && ln -sfn "$top/../shared" ../shared 2>/dev/null
         SUITES="unit regress scripts" CR_SCRIPTS="$ENGINE_FREE_SCRIPTS" bash test/run_tests.sh) \
            >"$log_dir/pg$v.log" 2>&1
    else
        dir=$CACHE/pg$v
        if [ -n "${preparing[$v]:-}" ]; then
            wait "${preparing[$v]}" && ok=1 || ok=0
            reason=$(cat "$log_dir/prepare-$v.reason")
        else
            reason=$(make_chroot "$v" "$dir") && ok=1 || ok=0
        fi
        if [ $ok -eq 0 ]; then
            skipped=$((skipped + 1)); summary+=("PostgreSQL $v: skipped ($reason)")
            echo "skipped: PostgreSQL $v ($reason)"; continue
        fi
        run_in_chroot "$v" "$dir"
    fi
    grep -E '^(FAILED|skipped):' "$log_dir/pg$v.log"
    tail -n 1 "$log_dir/pg$v.log"
    count_log "$log_dir/pg$v.log" "$v"
done

echo
printf '%s\n' "${summary[@]}"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
