#!/usr/bin/env bash
# make stress — every suite many times under CPU and memory load, counting
# each not ok: a verdict that holds only on a quiet machine is a flake.
#
#   RUNS=30 JOBS=64 LOAD="--cpu 4 --vm 2" FILTER='core.*' ci/stress.sh
#
# The load is Debian's stress-ng (installed as root with apt-get when
# missing, as make bench does with its tools).  stress-ng and the runs
# share one nice level (NICE, default 10): they compete with each other
# as the measurement needs, and the machine's other work keeps its
# priority.  stress-ng is started once, before the first run, and killed
# (by its process group) on every exit path: normal end, error, Ctrl-C.
#
# This is a measurement, not a test: nothing here has a time limit beyond
# the runner's own per-entry timeout.  It prints one line per run (the
# runner's totals and exit status), then each check that was ever not ok
# with the number of runs it was, and writes the same to results/stress.txt;
# the TAP of each run with a not ok is kept as results/stress-runN.tap (the
# flake's diagnostics: which point, broken or failed, with what figures).
# Exit status: 0 no run reported a not ok (TODO points excepted), 1 some
# did, 2 the measurement could not be set up.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-30}
jobs=${JOBS:-64}
load=${LOAD:---cpu 4 --vm 2}
nice_level=${NICE:-10}
filter=${FILTER:-}
B=${B:-build}
out=results/stress.txt
work=$(mktemp -d /tmp/nsp-stress-XXXXXX)
stress_pid=

stop_load() {
	if [ -n "$stress_pid" ]; then
		# stress-ng leads its own process group (setsid below): its workers go too
		kill -TERM -- "-$stress_pid" 2>/dev/null || true
		wait "$stress_pid" 2>/dev/null || true
		stress_pid=
	fi
}
trap 'stop_load; rm -rf "$work"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if ! command -v stress-ng >/dev/null; then
	if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
		apt-get update -qq >&2
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq stress-ng >&2
	else
		echo "stress: stress-ng is missing (apt-get install stress-ng)" >&2
		exit 2
	fi
fi
make --no-print-directory B="$B" all >&2 || exit 2

flags=(-j "$jobs")
[ -n "$filter" ] && flags+=(--filter "$filter")

# shellcheck disable=SC2086  # LOAD is a list of stress-ng options
setsid nice -n "$nice_level" stress-ng $load --quiet &
stress_pid=$!

# the not-ok points of one run's TAP, as "suite.entry #N description"
# (subtest points are indented; TODO points are known kernel bugs)
not_oks() {
	awk '/^# Subtest: / { entry = $3 }
	     /^    not ok / && !/# TODO/ {
		sub(/^    not ok /, ""); print entry " #" $0 }' "$1"
}

bad_runs=0
: >"$work/all"
mkdir -p results
rm -f results/stress-run*.tap	# a previous measurement's
for i in $(seq 1 "$runs"); do
	tap=$work/run$i.tap
	set +e
	nice -n "$nice_level" "$B/nsharness" "${flags[@]}" --tap "$tap" \
		>/dev/null 2>"$work/run$i.err"
	rc=$?
	set -e
	# the runner exits 128+N when a signal interrupted it (Ctrl-C reaches
	# it, and bash then leaves the INT trap to it): stop here, uncounted
	if [ "$rc" -ge 128 ]; then
		echo "stress: run $i interrupted (exit $rc); stopping" >&2
		exit "$rc"
	fi
	not_oks "$tap" >"$work/run$i.bad"
	n=$(wc -l <"$work/run$i.bad")
	if [ "$n" -gt 0 ]; then
		bad_runs=$((bad_runs + 1))
		cp "$tap" "results/stress-run$i.tap"
	fi
	sed 's/ - .*//' "$work/run$i.bad" | sort -u >>"$work/all"
	printf 'run %2d: %s (exit %d, %d not ok; load %s)\n' "$i" \
		"$(tail -n 1 "$work/run$i.err")" "$rc" "$n" \
		"$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$work/summary"
done
stop_load

{
	echo "stress: $runs runs of nsharness ${flags[*]} under stress-ng $load" \
		"(both at nice $nice_level) on $(nproc) CPUs, kernel $(uname -r)"
	cat "$work/summary"
	echo "runs with a not ok: $bad_runs of $runs"
	if [ -s "$work/all" ]; then
		echo "checks not ok (runs):"
		sort "$work/all" | uniq -c | sort -rn | sed 's/^/  /'
	fi
} | tee "$work/report"
cp "$work/report" "$out"
[ "$bad_runs" -eq 0 ]
