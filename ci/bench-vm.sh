#!/usr/bin/env bash
# The launch line-up of `make bench` inside the cgroup v2 VM of check-vm,
# where crun runs (it refuses our hybrid hosts): nsharness exec with all
# namespaces and with the full container, unshare, bwrap and crun, each
# timed by hyperfine in the guest, medians, p95 and ratios to bwrap.
#   ci/bench-vm.sh        (BENCH_VM_KERNEL, default 6.12; BENCH_VM_RUNS, 30)
# The guest runs under TCG, so its milliseconds are many times the host's:
# only the ratios inside one guest compare.  Installs crun, hyperfine and
# bubblewrap when missing (root + apt-get); prints the table on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
kernel=${BENCH_VM_KERNEL:-6.12}
runs=${BENCH_VM_RUNS:-30}
work=$(mktemp -d /tmp/nsp-bench-vm-XXXXXX)
trap 'rm -rf "$work"' EXIT

for cmd_pkg in crun:crun hyperfine:hyperfine bwrap:bubblewrap python3:python3; do
	command -v "${cmd_pkg%%:*}" >/dev/null && continue
	[ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null ||
		{ echo "bench-vm: missing ${cmd_pkg%%:*} (apt-get install ${cmd_pkg#*:})" >&2; exit 1; }
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${cmd_pkg#*:}" >&2
done

# crun's bundle, at the path it has in the guest (/nsp/extra/bundle): the
# guest's /usr, /lib, /lib64 and busybox's /bin bound read-only
extra=$work/extra
mkdir -p "$extra/bundle/rootfs"/{usr,lib,lib64,bin,proc,dev,tmp}
crun spec --bundle "$extra/bundle"
python3 ci/bench-util.py bundle "$extra/bundle/config.json" /usr /lib /lib64 /bin

bwrap_vm="bwrap --unshare-all --ro-bind /usr /usr --ro-bind /lib /lib --ro-bind /lib64 /lib64 --ro-bind /bin /bin --proc /proc --dev /dev --tmpfs /tmp /bin/true"
cat >"$extra/run.sh" <<EOF2
#!/bin/sh
# in the guest (ci/vm-init.sh runs this instead of the suites)
cd /tmp
/usr/bin/hyperfine -N --style none --warmup 3 --runs $runs --export-json /tmp/h.json \\
	"/nsp/nsharness exec --ns all -- /bin/true" \\
	"/nsp/nsharness exec --memory 64M --veth -- /bin/true" \\
	"/usr/bin/unshare -pfuinm --mount-proc /bin/true" \\
	"$bwrap_vm" \\
	"/usr/bin/crun run --bundle /nsp/extra/bundle nsp-bench-vm" >/dev/console 2>&1
rc=\$?
echo "# bench-json-begin"
cat /tmp/h.json
echo "# bench-json-end"
echo "# nsharness-exit \$rc"
EOF2
chmod 0755 "$extra/run.sh"

VM_EXTRA=$extra VM_TOOLS="lsns hyperfine crun bwrap unshare" RUN=bench-vm RESULTS=$work/results \
	NO_BUILD=1 VM_TIMEOUT=900 ci/check-vm.sh "$kernel" v2 >"$work/vm.log" 2>&1 || {
	echo "bench-vm: the VM run failed ($kernel v2):" >&2
	tail -n 5 "$work/vm.log" >&2
	exit 1
}
sed -n '/^# bench-json-begin/,/^# bench-json-end/p' "$work/results/bench-vm/tap" | sed '1d;$d' >"$work/h.json"
echo "in the cgroup v2 VM (Debian $kernel, TCG, $runs runs each): only the ratios compare"
python3 ci/bench-util.py table "$work/h.json" "nsharness exec --ns all" \
	"nsharness exec full (6 ns, rootfs, 64M, veth)" "unshare -pfuinm --mount-proc" \
	"bwrap --unshare-all, rootfs" "crun run (64M memcg)"
