#!/usr/bin/env bash
# make bench — container launch cost of our runtime core, side by side with
# unshare, bubblewrap and runc on the same machine in one run (BENCH_VM=1
# adds the same line-up with crun inside the cgroup v2 VM: ci/bench-vm.sh).
#
# Whole processes (the fair comparison): each command launches a container
# running /bin/true and exits once it is reaped, timed by hyperfine over
# RUNS runs (default 200). In-process: `nsharness bench`, the cost the
# harness pays per container. Last, `nsprobe --json` against `lsns -J`. Prints median and p95 and the ratios to
# bwrap, the in-process figures with where their time goes (--phases),
# and writes the same to results/bench.txt for REPORT.md.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-200}
out=results/bench.txt
work=$(mktemp -d /tmp/nsp-bench-XXXXXX)
trap 'rm -rf "$work"' EXIT

need() {
	local missing=()
	for cmd_pkg in "$@"; do
		command -v "${cmd_pkg%%:*}" >/dev/null || missing+=("${cmd_pkg#*:}")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
	else
		echo "bench: missing ${missing[*]} (apt-get install ${missing[*]})" >&2
		exit 1
	fi
}
need hyperfine:hyperfine bwrap:bubblewrap runc:runc python3:python3
make --no-print-directory all >&2

# runc bundle: /usr bound read-only, the merged-/usr links, /bin/true
make_bundle() {
	local b=$work/bundle
	mkdir -p "$b/rootfs/usr" "$b/rootfs/proc" "$b/rootfs/dev" "$b/rootfs/tmp"
	for l in bin sbin lib lib64; do [ -L /$l ] && ln -s "$(readlink /$l)" "$b/rootfs/$l"; done
	runc spec --bundle "$b"
	python3 ci/bench-util.py bundle "$b/config.json" /usr
	echo "$b"
}
bundle=$(make_bundle)

bwrap_cmd="bwrap --unshare-all --ro-bind /usr /usr --symlink usr/bin /bin --symlink usr/lib /lib --symlink usr/lib64 /lib64 --symlink usr/sbin /sbin --proc /proc --dev /dev --tmpfs /tmp /bin/true"
# the issue-19 line-up: ours with all namespaces and with the full
# container (memory group + veth), our default, then the peers
declare -a names=(
	"nsharness exec --ns all"
	"nsharness exec full (6 ns, rootfs, 64M, veth)"
	"nsharness exec (6 ns, rootfs)"
	"unshare -pfuinm --mount-proc"
	"bwrap --unshare-all, rootfs"
	"runc run (64M memcg)"
)
declare -a cmds=(
	"build/nsharness exec --ns all -- /bin/true"
	"build/nsharness exec --memory 64M --veth -- /bin/true"
	"build/nsharness exec -- /bin/true"
	"unshare -pfuinm --mount-proc /bin/true"
	"$bwrap_cmd"
	"runc run --bundle $bundle nsp-bench-$$"
)
# in ROUNDS interleaved rounds (default 5) of RUNS/ROUNDS runs each, the
# times pooled: a busy minute on a shared machine then slows every command
# alike instead of whichever hyperfine happened to be timing
rounds=${ROUNDS:-5}
jsons=
for r in $(seq 1 "$rounds"); do
	hyperfine -N --style none --warmup 3 --runs $(( (runs + rounds - 1) / rounds )) \
		--export-json "$work/h$r.json" "${cmds[@]}" >&2
	jsons=${jsons:+$jsons,}$work/h$r.json
done

mkdir -p results
{
	echo "# make bench, $(date -u +%Y-%m-%dT%H:%MZ), $(uname -r), $(nproc) CPUs, $runs runs each in $rounds interleaved rounds"
	python3 ci/bench-util.py table "$jsons" "${names[@]}"
	echo
	echo "goal (issue 19): exec --ns all <= 0.50x bwrap and below unshare; full <= 0.60x bwrap"
	echo
	build/nsharness bench -n "$runs" --phases
	echo
	echo "nsprobe --json against lsns -J, same process:"
	ci/bench-nsprobe.sh
	if [ "${BENCH_VM:-0}" = 1 ]; then
		echo
		ci/bench-vm.sh
	fi
} | tee "$out"
