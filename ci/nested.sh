#!/usr/bin/env bash
# No false fail from where the suite runs: every kernel suite, started
# inside a pid namespace (unshare -pf --mount-proc: the run cannot see
# its ancestors) and inside a user namespace (unshare -U -r, as root and
# as nobody), must be green: exit 0, no not ok but the known-bug TODOs.
# Run by `make check`; one line a case and the plain total.
set -uo pipefail
cd "$(dirname "$0")/.."
B=${B:-build}
nsh=$PWD/$B/nsharness
pass=0 fail=0 skip=0
work=$(mktemp -d /tmp/nsp-nested-XXXXXX)
trap 'rm -rf "$work"' EXIT

case_run() {	# NAME CMD...
	local name=$1 rc
	shift
	"$@" > "$work/tap" 2> "$work/err"
	rc=$?
	if [ "$rc" -eq 0 ] && ! grep -E '^\s*not ok' "$work/tap" | grep -vq '# TODO'; then
		echo "nested: $name: ok ($(tail -n 1 "$work/err"))"; pass=$((pass + 1))
	else
		echo "nested: $name: FAILED (exit $rc)"
		grep -E '^\s*not ok' "$work/tap" | grep -v '# TODO' | head -5
		tail -n 3 "$work/err"
		fail=$((fail + 1))
	fi
}

if [ "$(id -u)" -ne 0 ] || ! command -v unshare > /dev/null; then
	echo "nested: skipped (needs root and unshare)"
	echo "0 passed, 0 failed, 1 skipped"
	exit 0
fi
case_run "in a pid namespace (unshare -pf --mount-proc)" unshare -pf --mount-proc "$nsh"
case_run "in a user namespace (unshare -U -r)" unshare -U -r "$nsh"
if command -v setpriv > /dev/null; then
	case_run "in a user namespace as nobody" \
		setpriv --reuid=65534 --regid=65534 --clear-groups unshare -U -r "$nsh"
fi
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
