#!/usr/bin/env bash
# Every probe's every --fault mode must turn its checks not ok: a mode that
# stays green is a probe that could not see its isolation go, i.e. a probe
# that could pass falsely.  The modes come from each probe's --describe
# ("faults: ..."); they run as the entries of one generated suite, in
# nsharness's sandbox (never in the host's namespaces).
#
#   ci/fault-modes.sh                     here
#   ci/fault-modes.sh --vm KVER CGROUP    in a check-vm guest (ci/check-vm.sh)
#
# A mode passes when at least one of its checks fails (severity fail: the
# probe saw the isolation go); broken checks beside them are counted in its
# line (e.g. the OOM probes' guard against the environment), not hidden.  A
# probe that skips whole (the kernel lacks what it needs) is a skip with its
# reason; anything else fails: every check ok (a false pass), or only
# broken ones, or a timeout.  One line a mode, then the plain total
# "N passed, N failed, N skipped".  Exit 0 when nothing failed, 1 else,
# 2 when the run itself did not report.  Needs root and a build (B=build).
set -uo pipefail
cd "$(dirname "$0")/.."
B=${B:-build}
work=$(mktemp -d /tmp/nsp-faultmodes-XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/suites"

for p in "$B"/probes/*; do
	[ -x "$p" ] || continue
	name=$(basename "$p")
	for f in $("$p" --describe | sed -n 's/^faults: //p'); do
		[ "$f" = none ] || printf '%s  timeout=60  %s --fault %s\n' "$name-$f" "$name" "$f"
	done
done >"$work/suites/modes.suite"

if [ "${1:-}" = --vm ]; then
	[ $# -eq 3 ] || { echo "usage: ci/fault-modes.sh [--vm KVER CGROUP]" >&2; exit 64; }
	run=fault-modes-$2-$3
	RUN=$run SUITES_DIR="$work/suites" NO_BUILD=1 B=$B ci/check-vm.sh "$2" "$3" \
		>"$work/vm.out" 2>"$work/vm.err"
	tap=${RESULTS:-results}/$run/tap
else
	"$B/nsharness" -j 2 --tap "$work/tap" "$work/suites/modes.suite" >/dev/null 2>"$work/err"
	tap=$work/tap
fi
if ! grep -q '^1\.\.[0-9]' "$tap" 2>/dev/null; then
	echo "fault-modes: the run did not report ($(tail -n 1 "$work/err" "$work/vm.err" 2>/dev/null | tr '\n' ' '))" >&2
	exit 2
fi

# the judge: per entry, its failed and broken checks, and its verdict line
python3 - "$tap" "$(wc -l <"$work/suites/modes.suite")" <<'EOF'
import re, sys
tap, want = sys.argv[1], int(sys.argv[2])
passed = failed = skipped = seen = 0
fails = broken = 0
for line in open(tap, errors='replace'):
    line = line.rstrip('\n')
    if line.startswith('# Subtest: '):
        fails = broken = 0
    elif line.startswith('    ') and line.strip() == 'severity: fail':
        fails += 1
    elif line.startswith('    ') and line.strip() == 'severity: broken':
        broken += 1
    m = re.match(r'^(not ok|ok) \d+ - (\S+)(?: # (SKIP|TODO)\s*(.*))?$', line)
    if not m:
        continue
    seen += 1
    mode = m.group(2).split('.', 1)[-1]
    if m.group(3) == 'SKIP':
        skipped += 1
        print('fault-mode %s: skip (%s)' % (mode, m.group(4)))
    elif m.group(1) == 'not ok' and fails:
        passed += 1
        print('fault-mode %s: ok (%d check(s) failed%s)' % (
            mode, fails, ', %d broken' % broken if broken else ''))
    else:
        failed += 1
        why = 'every check stayed ok: the fault went unseen' if m.group(1) == 'ok' else \
              'no check failed, %d broken or timed out' % broken
        print('fault-mode %s: FAILED (%s)' % (mode, why))
if seen != want:
    failed += 1
    print('fault-modes: %d entries reported of %d' % (seen, want))
print('%d passed, %d failed, %d skipped' % (passed, failed, skipped))
sys.exit(1 if failed else 0)
EOF
