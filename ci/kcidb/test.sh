#!/bin/sh
# The KCIDB file of a run, checked three ways (make check runs this on the
# file its kernel suites wrote):
#   ci/kcidb/test.sh KCIDB.json TAP
# 1. our checker's rules hold against their own cases (check.py --self-test);
# 2. the file passes our rules, and kcidb-io's own JSON schema when
#    python3-jsonschema is there (else that point says so and skips);
# 3. its tests are the run's checks: the same paths with the same results
#    as ci/lava/tap2cases.awk reads from the run's TAP (nsprobe.<path>,
#    pass/fail/skip/unknown as PASS/FAIL/SKIP/ERROR), and as many as the
#    runner's Totals.
# Prints "ok"/"not ok" lines and "kcidb: N passed, N failed, N skipped" (not
# the plain closing line: in make check the kernel suites' totals are that).
set -u
cd "$(dirname "$0")/../.." || exit 2
[ $# -eq 2 ] || { echo "usage: ci/kcidb/test.sh KCIDB.json TAP" >&2; exit 64; }
file=$1 tap=$2
pass=0 fail=0 skip=0
ok() { if [ "$1" -eq 0 ]; then pass=$((pass + 1)); echo "ok - $2"; else fail=$((fail + 1)); echo "not ok - $2"; fi; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

python3 ci/kcidb/check.py --self-test >"$tmp/self" 2>&1
ok $? "our KCIDB rules refuse each broken case ($(tail -n 1 "$tmp/self"))"
python3 ci/kcidb/check.py "$file" >"$tmp/ours" 2>&1
ok $? "$(tail -n 1 "$tmp/ours")"
if python3 -c 'import jsonschema' 2>/dev/null; then
	python3 ci/kcidb/check.py --schema "$file" >"$tmp/schema" 2>&1
	ok $? "$(tail -n 1 "$tmp/schema")"
else
	skip=$((skip + 1))
	echo "ok - kcidb-io's JSON schema # SKIP no python3-jsonschema"
fi
python3 - "$file" >"$tmp/kcidb-cases" <<'PY'
import json, sys
for t in json.load(open(sys.argv[1]))['tests']:
    print(t['status'], t['path'])
PY
awk -f ci/lava/tap2cases.awk "$tap" | awk '{
	s = $1 == "pass" ? "PASS" : $1 == "fail" ? "FAIL" : $1 == "skip" ? "SKIP" : "ERROR"
	print s, "nsprobe." $2 }' >"$tmp/tap-cases"
sort -o "$tmp/kcidb-cases" "$tmp/kcidb-cases"
sort -o "$tmp/tap-cases" "$tmp/tap-cases"
diff "$tmp/tap-cases" "$tmp/kcidb-cases" >"$tmp/diff"
ok $? "its $(wc -l <"$tmp/kcidb-cases") tests are the TAP's checks, path and result$(head -n 4 "$tmp/diff" | tr '\n' ' ' | sed 's/^./: &/')"
total=$(sed -n 's/^# Totals: \([0-9]*\) passed, \([0-9]*\) failed ([0-9]* broken), \([0-9]*\) skipped.*/\1 \2 \3/p' "$tap" |
	awk '{print $1 + $2 + $3}')
[ "$(wc -l <"$tmp/kcidb-cases")" = "${total:-x}" ]
ok $? "as many tests as the runner's Totals (${total:-none})"
echo "kcidb: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
