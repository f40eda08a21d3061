#!/usr/bin/env bash
# Detection (issue 15): a runtime asked for one namespace fewer must turn
# the checks of that namespace not ok, under the runtime itself.  Table:
# RUNTIME NS SUITE — `nsharness --runtime RUNTIME SUITE` must be green with
# the profile's namespaces, and with NS left out (--runtime-ns) every entry
# of SUITE must say "inside: the NS namespace is not the initial one"
# not ok, and the run exit 1 (a check failed, nothing broken).
# Run by `make check` as root; a runtime that is not installed is a skip
# with the reason (make deps installs bubblewrap and runc on Debian).
# Prints one line a case and the plain total.
set -uo pipefail
cd "$(dirname "$0")/.."
B=${B:-build}
nsh=$PWD/$B/nsharness
cases="
runc    uts  uts
bwrap   ipc  ipc
unshare net  netlink
core    pid  pidns
"
pass=0 fail=0 skip=0
out=$(mktemp /tmp/nsp-detect-XXXXXX)
trap 'rm -f "$out"' EXIT

# the profile's default namespaces without $2
without() {	# RUNTIME NS
	awk -v drop="$2" '$1 == "defaults" { s = ""; for (i = 2; i <= NF; i++)
		if ($i != drop) s = s (s ? "," : "") $i; print s }' "harness/runner/runtimes/$1.profile"
}

check() {	# NAME OK? CMD...: OK? is "green" or "NS"
	local name=$1 want=$2 rc entries judged
	shift 2
	"$@" > "$out" 2> "$out.err"
	rc=$?
	entries=$(grep -c '^# Subtest: ' "$out")
	if [ "$want" = green ]; then
		[ "$rc" -eq 0 ] && ! grep -qE '^\s+not ok' "$out"
	else
		judged=$(grep -cE "^\s+not ok [0-9]+ - inside: the $want namespace is not the initial one" "$out")
		[ "$rc" -eq 1 ] && [ "$entries" -gt 0 ] && [ "$judged" -eq "$entries" ]
	fi && { echo "runtime-detect: $name: ok"; pass=$((pass + 1)); return; }
	echo "runtime-detect: $name: FAILED (exit $rc, $entries entries)"
	grep -E '^\s+not ok|Totals' "$out" | head -8
	tail -n 3 "$out.err"
	fail=$((fail + 1))
}

if [ "$(id -u)" -ne 0 ]; then
	echo "runtime-detect: skipped (needs root)"
	echo "0 passed, 0 failed, 1 skipped"
	exit 0
fi
while read -r rt ns suite; do
	[ -n "$rt" ] || continue
	cmd=$(awk '$1 == "command" { print $2 }' "harness/runner/runtimes/$rt.profile")
	if [ "$rt" != core ] && ! command -v "$cmd" > /dev/null; then
		echo "runtime-detect: $rt: skipped ($cmd not installed; make deps installs it on Debian)"
		skip=$((skip + 1))
		continue
	fi
	check "$rt, every namespace: $suite green" green "$nsh" --runtime "$rt" "$suite"
	check "$rt without $ns: $suite not ok" "$ns" \
		"$nsh" --runtime "$rt" --runtime-ns "$(without "$rt" "$ns")" "$suite"
done <<< "$cases"
rm -f "$out.err"
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
