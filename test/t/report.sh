#!/usr/bin/env bash
# The visual report (make report) in a real browser: builds the report of the demo shop, opens it
# in headless Chromium (Debian's `chromium`, installed with apt-get when missing) with no network,
# and checks that
#   - no script error happened (the page writes window errors and console.error into #errors,
#     and Chromium logs no console message),
#   - every chart holds exactly the data points its SQL returned (data-drawn-points =
#     data-expected-points > 0) and drew SVG shapes,
#   - the file is self-contained: no http(s) URL is loaded (no <script src>, no <link href>);
#   - the per-manager section has a chart and a continuity table (manager beside team) per
#     account manager, whose customers and losses add up to the team's;
# then takes a screenshot (build/report/report.png). A negative control proves the checks: the
# same page with a broken chart must fail them.
# Exits 77 (skipped) only when Node.js, the npm packages or Chromium cannot be had.
set -uo pipefail
cd "$(dirname "$0")/../.."
top=$(pwd)
dir=$top/build/report
mkdir -p "$dir"
html=$dir/customer_rel_report.html
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"

if ! command -v chromium >/dev/null 2>&1; then
    echo "# installing chromium (Debian)"
    $SUDO apt-get install -y -q -o DPkg::Lock::Timeout=600 chromium >/dev/null 2>&1 ||
        { $SUDO apt-get update -q >/dev/null 2>&1 &&
          $SUDO apt-get install -y -q -o DPkg::Lock::Timeout=600 chromium >/dev/null 2>&1; }
fi
command -v chromium >/dev/null 2>&1 || { echo "chromium is not available"; exit 77; }

REPORT=$html bash test/report/make_report.sh
rc=$?
[ $rc -eq 0 ] || exit $rc

fail=0
ok() { echo "ok - $1"; }
not_ok() { echo "not ok - $1"; fail=1; }

# Chromium as the report's reader: no network (a proxy that does not exist), no sandbox (root).
browse() {
    chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
        --proxy-server=127.0.0.1:9 --enable-logging=stderr --v=0 --virtual-time-budget=10000 "$@"
}

# check FILE LABEL: the checks on one page; prints what it finds, returns non-zero on a failure
check_page() {
    local page=$1 dom=$1.dom err=$1.err bad=0 n=0 line id expected drawn shapes errors
    browse --dump-dom "file://$page" >"$dom" 2>"$err"
    grep -q 'data-done="true"' "$dom" || { echo "#   the page's script did not finish"; bad=1; }
    errors=$(sed -n 's/.*<pre id="errors">\([^<]*\)<\/pre>.*/\1/p' "$dom")
    [ -z "$errors" ] || { echo "#   script errors: $errors"; bad=1; }
    if grep -q 'CONSOLE' "$err"; then echo "#   console: $(grep 'CONSOLE' "$err" | head -n 3)"; bad=1; fi
    while read -r line; do
        id=$(echo "$line" | sed -n 's/.*data-chart="\([^"]*\)".*/\1/p')
        expected=$(echo "$line" | sed -n 's/.*data-expected-points="\([0-9]*\)".*/\1/p')
        drawn=$(echo "$line" | sed -n 's/.*data-drawn-points="\([0-9]*\)".*/\1/p')
        shapes=$(echo "$line" | sed -n 's/.*data-svg-shapes="\([0-9]*\)".*/\1/p')
        n=$((n + 1))
        if [ -n "$drawn" ] && [ "$drawn" = "$expected" ] && [ "$expected" -gt 0 ] && [ "${shapes:-0}" -gt 0 ]; then
            echo "#   $id: $drawn of $expected points, $shapes SVG shapes"
        else
            echo "#   $id: drew ${drawn:-nothing} of $expected points, ${shapes:-no} SVG shapes"; bad=1
        fi
    done < <(grep -o '<div class="chart"[^>]*>' "$dom")
    [ "$n" -ge 7 ] || { echo "#   only $n charts in the page"; bad=1; }
    return $bad
}

if check_page "$html"; then ok "the report renders in Chromium: every chart holds its data, no script error"
else not_ok "the report renders in Chromium"; fi

# The per-manager section: one section per account manager with its own chart (checked above with
# the others) and a table of the manager's continuity figures beside the team's; the managers'
# customers and losses add up to the team's, and every figure is a number.
dom=$html.dom
n_owners=$(grep -o '<section class="owner" data-owner="[^"]*"' "$dom" | wc -l)
n_owner_charts=$(grep -o 'data-chart="owner-[0-9]*"' "$dom" | wc -l)
n_rows=$(grep -o '<tr data-figure="[a-z_]*">' "$dom" | wc -l)
figure() {   # figure key → "manager values summed|team value" (the team's repeats in every table)
    grep -o "<tr data-figure=\"$1\">.*</tr>" "$dom" | sed -E 's/.*<td data-value="([^"]*)">[^<]*<\/td><td data-value="([^"]*)">.*/\1 \2/' |
        awk '{ s += $1; t = $2 } END { printf "%d|%d", s, t }'
}
cust=$(figure customers) lost=$(figure lost)
bad_values=$(grep -o '<tr data-figure="[a-z_]*">.*</tr>' "$dom" | grep -oE 'data-value="[^"]*"' |
    grep -vcE 'data-value="-?[0-9]+(\.[0-9]+)?(e[-+]?[0-9]+)?"' || true)
if [ "$n_owners" -ge 2 ] && [ "$n_owner_charts" = "$n_owners" ] && [ "$n_rows" = $((12 * n_owners)) ] &&
   [ "${cust%|*}" = "${cust#*|}" ] && [ "${lost%|*}" = "${lost#*|}" ] && [ "${cust#*|}" -gt 0 ] && [ "$bad_values" = 0 ]; then
    ok "per-manager section: $n_owners managers, each with a chart and 12 continuity figures beside the team's; customers ${cust%|*} = team ${cust#*|}, lost ${lost%|*} = team ${lost#*|}"
else
    not_ok "per-manager section: $n_owners sections, $n_owner_charts charts, $n_rows figure rows, customers $cust, lost $lost (managers|team), $bad_values non-numeric values"
fi

if grep -Eq '<script[^>]+src=|<link[^>]+href=|https?://[^"]*\.(js|css)' "$html"; then
    not_ok "the report is self-contained (it loads something from outside)"
else ok "the report is self-contained ($(du -k "$html" | cut -f1) kB, Apache ECharts inlined)"; fi

# negative controls: a chart that holds other data than its SQL returned, and a script error,
# must each be caught (and nothing else breaks: the other charts still pass)
broken=$dir/broken_chart.html
sed -E '0,/data-expected-points="[0-9]+"/s/data-expected-points="([0-9]+)"/data-expected-points="\10"/' "$html" >"$broken"
if check_page "$broken" >"$dir/broken_chart.out" 2>&1; then not_ok "negative control: a chart with missing data passed"
elif [ "$(grep -c 'drew .* of ' "$dir/broken_chart.out")" = 1 ]; then
    ok "negative control: a chart with missing data is caught ($(grep 'drew .* of ' "$dir/broken_chart.out" | sed 's/^#   //'))"
else not_ok "negative control: a chart with missing data: $(cat "$dir/broken_chart.out")"; fi
broken=$dir/broken_script.html
sed 's|^</body>$|<script>undefinedFunction();</script></body>|' "$html" >"$broken"
if check_page "$broken" >"$dir/broken_script.out" 2>&1; then not_ok "negative control: a script error passed"
else ok "negative control: a script error is caught ($(grep -m1 'console' "$dir/broken_script.out" | sed 's/.*"\(Uncaught[^"]*\)".*/\1/'))"; fi

browse --window-size=1200,5000 --screenshot="$dir/report.png" "file://$html" >/dev/null 2>&1
if [ -s "$dir/report.png" ]; then ok "screenshot: $dir/report.png"; else not_ok "screenshot"; fi
[ $fail -eq 0 ]
