#!/bin/bash
# The kernel matrix: every suite on the host kernel and on Debian kernels
# under QEMU, in the cgroup layouts each supports, then REPORT.md.
#   ci/matrix.sh [-j N]
# Env: MATRIX, the runs in column order (default below): "host" or
#   SPEC:LAYOUT with SPEC a Debian kernel as ci/kernel-fetch.sh takes it
#   (6.1-cloud, 6.12-rt, trixie-backports, sid, 7.3.4+deb13-amd64) or a
#   bzImage path, LAYOUT v2, v1 or hybrid; JOBS (the -j default, 1); MEM;
#   plus whatever ci/check-vm.sh reads (ACCEL, VM_TIMEOUT, ...).
# Kernels are downloaded into a cache (ci/kernel-fetch.sh), never installed.
# A run's name is its column: <series>-<flavour>-<layout> (6.1-cloud-v2,
# 7.3-generic-hybrid; host-<layout> for the host), the same from one Debian
# ABI bump to the next; the exact version is in results/<run>/meta.
# -j N runs N at once (the host run and VMs alike), bounded by the CPUs
# (a TCG guest keeps one host CPU busy) and by the available memory (MEM per
# guest, 80% of MemAvailable in all). Every run writes results/<run>/ and
# its log results/<run>/check-vm.log; results/matrix.runs lists the columns
# in order and results/matrix.meta how the matrix ran (jobs, wall time, and
# whether every run's KCIDB file passed ci/kcidb/check.py and kcidb-io's
# schema).
# Exit status: 0 every check passed or skipped everywhere; 1 some check
# failed somewhere (see REPORT.md); 2 something broke or timed out, or a
# run did not report, or a kernel could not be fetched; 64 usage.
set -euo pipefail
cd "$(dirname "$0")/.."
# Debian's 6.1 LTS (cloud and generic), 6.12 LTS (generic and PREEMPT_RT),
# 6.17, the newest trixie-backports kernel and the newest sid kernel, each
# in every cgroup layout it boots: v2, v1 and hybrid (from 6.12 Debian
# builds no CONFIG_MEMCG_V1: their v1 columns skip the memory checks with
# that reason, their hybrid ones run them on cgroup2). (The archive lists images
# of 6.19, 7.0 and 7.1 whose modules packages it does not serve:
# ci/kernel-fetch.sh skips such releases.)
MATRIX=${MATRIX:-"host 6.1-cloud:v2 6.1-cloud:v1 6.1-cloud:hybrid 6.1:v2 6.1:v1 6.1:hybrid
	6.12:v2 6.12:v1 6.12:hybrid 6.12-rt:v2 6.12-rt:v1 6.12-rt:hybrid
	6.17:v2 6.17:v1 6.17:hybrid
	trixie-backports:v2 trixie-backports:v1 trixie-backports:hybrid
	sid:v2 sid:v1 sid:hybrid"}
RESULTS=${RESULTS:-results}
MEM=${MEM:-1024M}
export RESULTS MEM

jobs=${JOBS:-1}
while getopts j: opt; do
	case "$opt" in
	j) jobs=$OPTARG ;;
	*) echo "usage: ci/matrix.sh [-j N]" >&2; exit 64 ;;
	esac
done
if ! [[ $jobs =~ ^[1-9][0-9]*$ ]]; then
	echo "matrix: -j wants a positive number, not '$jobs'" >&2
	exit 64
fi

# the bound: one TCG guest per CPU, and MEM each within 80% of what is free
mem_mib() { numfmt --from=iec "${1}" | awk '{printf "%d", $1 / 1048576}'; }
cpus=$(nproc)
avail=$(awk '/^MemAvailable:/ {printf "%d", $2 / 1024}' /proc/meminfo)
by_mem=$((avail * 8 / 10 / $(mem_mib "$MEM")))
[ "$by_mem" -ge 1 ] || by_mem=1
asked=$jobs
[ "$jobs" -le "$cpus" ] || jobs=$cpus
[ "$jobs" -le "$by_mem" ] || jobs=$by_mem

ci/vm-deps.sh
[ "${NO_BUILD:-}" = 1 ] || ${MAKE:-make} --no-print-directory -s all >&2
# one snapshot of the binaries and suite files for every column, so that
# a rebuild or a new suite file during the matrix cannot make columns differ
snap=$(mktemp -d)
trap 'rm -rf "$snap"' EXIT
B=${B:-build}
mkdir -p "$snap/probes" "$snap/suites"
cp "$B/nsharness" "$snap/"
[ ! -x "$B/nsprobe" ] || cp "$B/nsprobe" "$snap/"
cp "$B"/probes/* "$snap/probes/"
cp suites/*.suite "$snap/suites/"
B=$snap SUITES_DIR=$snap/suites NO_BUILD=1
export B SUITES_DIR NO_BUILD

start=$(date +%s.%N)
worst=0
worse() { # EXIT-STATUS of a run
	case "$1" in
	0) ;;
	1) [ "$worst" -ge 1 ] || worst=1 ;;
	*) worst=2 ;;
	esac
}

# first every kernel, one after the other (they share one download cache):
# the run's column name needs the release the spec resolves to
names=() cmds=()
for spec in $MATRIX; do
	if [ "$spec" = host ]; then
		names+=("host")
		cmds+=("host")
		continue
	fi
	kv=${spec%:*} layout=${spec##*:}
	[ "$kv" != "$spec" ] || { echo "matrix: '$spec' is not SPEC:LAYOUT" >&2; exit 64; }
	case "$kv" in
	*/*) kernel=$kv rel=$(basename "$kv"); rel=${rel#vmlinuz-} ;;
	*) if ! dir=$(ci/kernel-fetch.sh fetch "$kv"); then
		   echo "matrix: no kernel for $spec" >&2
		   worst=2
		   continue
	   fi
	   kernel=$kv rel=$(basename "$dir") ;;
	esac
	series=$(echo "$rel" | sed -E -n 's/^([0-9]+\.[0-9]+).*/\1/p')
	case "$rel" in *-cloud-amd64) flavour=cloud ;; *-rt-amd64) flavour=rt ;; *) flavour=generic ;; esac
	names+=("${series:-$rel}-$flavour-$layout")
	cmds+=("$kernel $layout")
done

# then the runs, up to $jobs at once; each one's output goes to its log and
# a line per finished run to stderr
echo "matrix: ${#names[@]} runs, $jobs at once (asked $asked; $cpus CPUs, ${avail} MiB available, $MEM per guest)" >&2
mkdir -p "$RESULTS"
declare -A pid_run=()
run_one() { # NAME CMD
	local name=$1 out=$RESULTS/$1
	mkdir -p "$out"
	if [ "$2" = host ]; then
		RUN='' ci/host-run.sh >"$out.host-name" 2>"$out/check-vm.log"
	else
		# shellcheck disable=SC2086 # "KERNEL LAYOUT"
		RUN=$name ci/check-vm.sh $2 "$MEM" >/dev/null 2>"$out/check-vm.log"
	fi
}
finished() { # PID STATUS
	local name=${pid_run[$1]}
	unset "pid_run[$1]"
	worse "$2"
	echo "matrix: $name: exit $2 ($(grep -m1 -E '^[0-9]+ passed' "$RESULTS/$name/check-vm.log" 2>/dev/null || tail -n 1 "$RESULTS/$name/check-vm.log"))" >&2
}
reap() {
	local pid rc=0
	wait -n -p pid "${!pid_run[@]}" || rc=$?
	finished "$pid" "$rc"
}
for i in "${!names[@]}"; do
	[ "${#pid_run[@]}" -lt "$jobs" ] || reap
	name=${names[$i]}
	if [ "$name" = host ]; then
		# the host run names itself after the layout it finds
		name=host-$(ci/host-run.sh --layout)
		names[i]=$name
	fi
	run_one "$name" "${cmds[$i]}" &
	pid_run[$!]=$name
done
while [ "${#pid_run[@]}" -gt 0 ]; do reap; done
rm -f "$RESULTS"/*.host-name

wall=$(echo "$start $(date +%s.%N)" | awk '{printf "%.1f", $2 - $1}')
# every run's KCIDB file, by our rules and (with python3-jsonschema)
# kcidb-io's own schema
kcidb_files=() kcidb_bad=0
for name in "${names[@]}"; do
	[ ! -s "$RESULTS/$name/kcidb.json" ] || kcidb_files+=("$RESULTS/$name/kcidb.json")
done
if [ "${#kcidb_files[@]}" -gt 0 ]; then
	python3 ci/kcidb/check.py "${kcidb_files[@]}" >"$RESULTS/kcidb-check.log" 2>&1 || kcidb_bad=1
	if python3 -c 'import jsonschema' 2>/dev/null; then
		python3 ci/kcidb/check.py --schema "${kcidb_files[@]}" >>"$RESULTS/kcidb-check.log" 2>&1 || kcidb_bad=1
	fi
	[ "$kcidb_bad" -eq 0 ] || { echo "matrix: a KCIDB file is not valid ($RESULTS/kcidb-check.log)" >&2; worst=2; }
fi
printf '%s\n' "${names[@]}" >"$RESULTS/matrix.runs"
{
	echo "runs: ${#names[@]}"
	echo "jobs: $jobs"
	echo "jobs_asked: $asked"
	echo "cpus: $cpus"
	echo "mem_per_guest: $MEM"
	echo "wall_s: $wall"
	echo "kcidb: ${#kcidb_files[@]} files, $([ "$kcidb_bad" -eq 0 ] && echo valid || echo "NOT valid") ($RESULTS/kcidb-check.log)"
	echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
} >"$RESULTS/matrix.meta"
echo "matrix: ${#names[@]} runs in ${wall} s wall, $jobs at once" >&2
ci/report.sh >&2
exit "$worst"
