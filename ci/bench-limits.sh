#!/usr/bin/env bash
# make bench-limits — how long the resource-limit suites (pids, cpu,
# cpuset, io: issue 17) take on this machine, against their goal of 10 s
# for the whole set, tolerance checks included.
#
# Times RUNS (default 5) runs of `nsharness pids cpu cpuset io` as the
# runner runs them (-j CPUs), then the same with -j1, then each entry
# alone (-j1), and prints median, p95 and max, and the ratio of the whole
# set's median to the goal.  No peer runs here: LTP's and kselftest's
# cgroup tests are not packaged for Debian 12, and our suites check more
# (both sides, v1 as well as v2); the ratio to the goal is the figure.
# Writes the same to results/bench-limits.txt.  Exit status 1 when the
# whole set's median misses the goal.
set -euo pipefail
cd "$(dirname "$0")/.."
B=${B:-build}
runs=${RUNS:-5}
goal=${GOAL_S:-10}
suites="pids cpu cpuset io"
out=results/bench-limits.txt
nsh=$B/nsharness
[ -x "$nsh" ] || { echo "bench-limits: $nsh: not built (make)" >&2; exit 2; }
mkdir -p results

work=$(mktemp -d /tmp/nsp-bench-limits-XXXXXX)
trap 'rm -rf "$work"' EXIT

# seconds of one run of nsharness ARGS; a red run is no figure: its TAP is
# kept in results/bench-limits-failed.tap and the run counts as failed
one_run() {
	local t0 t1
	t0=$(date +%s.%N)
	if ! "$nsh" "$@" >"$work/tap" 2>&1; then
		cp "$work/tap" results/bench-limits-failed.tap
		echo "bench-limits: nsharness $* failed (results/bench-limits-failed.tap):" >&2
		grep -E '^\s*not ok|^Bail' "$work/tap" | head -5 >&2
		touch "$work/failed"
		return
	fi
	t1=$(date +%s.%N)
	echo "$t0 $t1" | awk '{ printf "%.3f\n", $2 - $1 }'
}

# "median p95 max" of RUNS runs of nsharness ARGS
stats() {
	for _ in $(seq "$runs"); do one_run "$@"; done | sort -n | awk '
		{ v[NR] = $1 }
		END { if (!NR) { print "0 0 0"; exit }
		      m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		      p = v[int(NR * 0.95 + 0.999)]
		      printf "%.2f %.2f %.2f\n", m, p, v[NR] }'
}

{
	echo "resource-limit suites ($suites), $runs runs each, $(nproc) CPUs, $(uname -r)"
	read -r m p x < <(stats $suites)
	printf "  %-22s median %6.2f s  p95 %6.2f s  max %6.2f s  goal < %d s: ratio %.2f\n" \
		"whole set (-j $(nproc))" "$m" "$p" "$x" "$goal" "$(echo "$m $goal" | awk '{print $1 / $2}')"
	whole=$m
	read -r m p x < <(stats -j1 $suites)
	printf "  %-22s median %6.2f s  p95 %6.2f s  max %6.2f s\n" "whole set (-j1)" "$m" "$p" "$x"
	for entry in $("$nsh" --list $suites 2>/dev/null | awk '{print $1}' | grep -E '^(pids|cpu|cpuset|io)\.'); do
		read -r m p x < <(stats -j1 --filter "$entry" $suites)
		printf "  %-22s median %6.2f s  p95 %6.2f s  max %6.2f s\n" "$entry" "$m" "$p" "$x"
	done
	if [ -e "$work/failed" ]; then
		echo "some runs failed: no verdict (see results/bench-limits-failed.tap)"
	elif echo "$whole $goal" | awk '{ exit !($1 < $2) }'; then
		echo "goal met"
	else
		echo "goal MISSED"
	fi
} | tee "$out"
grep -q "^goal met" "$out"
