#!/bin/sh
# Run every suite on the running kernel and keep the result like a VM run:
#   ci/host-run.sh        -> results/host-<cgroup mode>/{tap,junit.xml,kcidb.json,console.log,meta}
# and prints the run's name (host-<mode>) on stdout.
#   ci/host-run.sh --layout   only prints the host's cgroup layout (v2, v1,
#                             hybrid or none)
# Env: RUN (name, default host-<mode>), RESULTS (results), NSHARNESS_ARGS,
# B (build dir) and SUITES_DIR (default suites) for what runs,
# NO_BUILD=1 to skip `make all`. Exit status: the runner's.
set -eu
cd "$(dirname "$0")/.."

# the layout as harness/lib/cglayout.c sees it
fstype() { stat -f -c %T "$1" 2>/dev/null || echo none; }
case "$(fstype /sys/fs/cgroup)" in
cgroup2fs) mode=v2 ;;
tmpfs) mode=v1; [ "$(fstype /sys/fs/cgroup/unified)" != cgroup2fs ] || mode=hybrid ;;
*) mode=none ;;
esac
[ "${1:-}" != --layout ] || { echo "$mode"; exit 0; }
[ "${NO_BUILD:-}" = 1 ] || ${MAKE:-make} --no-print-directory -s all >&2
run=${RUN:-host-$mode}
out=${RESULTS:-results}/$run
mkdir -p "$out"
rm -f "$out/tap" "$out/junit.xml" "$out/kcidb.json" "$out/console.log" "$out/meta"
NSHARNESS_PROBES=$(cd "${B:-build}/probes" && pwd)
NSHARNESS_SUITES=$(cd "${SUITES_DIR:-suites}" && pwd)
export NSHARNESS_PROBES NSHARNESS_SUITES
date=$(date -u +%Y-%m-%dT%H:%M:%SZ)
start=$(date +%s.%N)
# stdout is the same stream as --tap; stderr (the closing line) is kept
# shellcheck disable=SC2086
"${B:-build}/nsharness" --tap "$out/tap" --junit "$out/junit.xml" --kcidb "$out/kcidb.json" ${NSHARNESS_ARGS:-} \
	>/dev/null 2>"$out/console.log" && rc=0 || rc=$?
end=$(date +%s.%N)
wall=$(echo "$start $end" | awk '{printf "%.2f", $2 - $1}')
{
	echo "run: $run"
	echo "where: host"
	echo "kernel: $(uname -r)"
	echo "cgroup: $mode"
	echo "cpus: $(nproc)"
	echo "mem: $(awk '/^MemTotal/ {printf "%dM", $2 / 1024}' /proc/meminfo)"
	echo "date: $date"
	echo "wall_s: $wall"
	echo "boot_s: "
	echo "suites_s: $wall"
	echo "exit: $rc"
} >"$out/meta"
echo "host-run: $run: nsharness exit $rc, wall ${wall}s" >&2
grep '^# Totals' "$out/tap" >&2 || true
echo "$run"
exit "$rc"
