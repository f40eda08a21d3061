#!/bin/sh
# Boot a kernel under QEMU and run every suite in it:
#   ci/check-vm.sh KERNEL [CGROUP] [MEM] [MODULES]
#     KERNEL   a Debian kernel by release or series (7.3.4+deb13-amd64,
#              6.1-cloud, 6.12-rt, trixie-backports, sid: see
#              ci/kernel-fetch.sh), downloaded with its modules into a cache,
#              never installed; or the path of a bzImage
#     CGROUP   v2 (default, boots with cgroup_no_v1=all), v1 or hybrid
#     MEM      guest memory (default 1024M)
#     MODULES  for a bzImage path: its /lib/modules/<release> (default: found
#              from the release string in the bzImage header), or "none" when
#              everything the suites need is built in
# Env: RUN (results/<RUN>, default <release>-<CGROUP>), RESULTS (results),
#   ACCEL=tcg|kvm (default tcg: nested KVM hangs on our hosts), SMP (2),
#   VM_TIMEOUT (300 s for boot + suites + poweroff), NSHARNESS_ARGS,
#   VM_MODULES (ci/mkinitramfs.sh), KCONFIG (the kernel's config, for a path),
#   NO_BUILD=1 to skip `make all`.
# Writes results/<RUN>/: tap, junit.xml, kcidb.json, console.log (kernel console and
# the runner's stderr), meta. Exit status: the runner's (from the
# "# nsharness-exit N" line the guest writes after the TAP); 124 when the
# VM never reported it (panic, hang, timeout: see console.log); 125 a module
# the suites need did not load; 64 usage; 3 a module the kernel needs for
# the suites is not there (nothing booted); 1 the kernel cannot be fetched.
set -eu
cd "$(dirname "$0")/.."
if [ $# -lt 1 ] || [ -z "$1" ]; then
	echo "usage: ci/check-vm.sh KERNEL|KVER [v2|v1|hybrid] [MEM] [MODULES]" >&2
	exit 64
fi
kernel=$1 mode=${2:-v2} mem=${3:-1024M} moddir=${4:-}
case "$mode" in v2|v1|hybrid) ;; *) echo "check-vm: CGROUP is v2, v1 or hybrid, not '$mode'" >&2; exit 64 ;; esac

ci/vm-deps.sh

# the release string sits in the bzImage: setup header field kernel_version
# (offset 0x20e) points to it, relative to 0x200
release() {
	off=$(od -An -tu2 -j526 -N2 "$1" | tr -d ' ')
	[ -n "$off" ] && [ "$off" -gt 0 ] || return 0
	dd if="$1" bs=1 skip=$((off + 512)) count=200 2>/dev/null | tr '\0' '\n' | head -n 1 | cut -d' ' -f1
}
spec='' pkgver='' kconfig=${KCONFIG:-}
case "$kernel" in
*/*) [ -r "$kernel" ] || { echo "check-vm: cannot read kernel $kernel" >&2; exit 64; }
     rel=$(release "$kernel")
     [ -n "$moddir" ] || moddir=/lib/modules/$rel
     [ "$moddir" = none ] || [ -d "$moddir" ] || moddir= ;;
*)   spec=$kernel
     dir=$(ci/kernel-fetch.sh fetch "$spec") || exit 1
     kernel=$dir/vmlinuz moddir=$dir/modules rel=$(basename "$dir")
     [ -n "$kconfig" ] || [ ! -f "$dir/config" ] || kconfig=$dir/config
     pkgver=$(sed -n 's/^version: //p' "$dir/info") ;;
esac
series=$(echo "$rel" | sed -E -n 's/^([0-9]+\.[0-9]+).*/\1/p')
case "$rel" in *-cloud-amd64) flavour=cloud ;; *-rt-amd64) flavour=rt ;; *) flavour=generic ;; esac

[ "${NO_BUILD:-}" = 1 ] || ${MAKE:-make} --no-print-directory -s all >&2

run=${RUN:-${rel:-vm}-$mode}
out=${RESULTS:-results}/$run
mkdir -p "$out"
rm -f "$out/tap" "$out/junit.xml" "$out/kcidb.json" "$out/console.log" "$out/chan.raw" "$out/meta"
initrd=$(mktemp --suffix=.cpio.gz)
# the guest's scratch disk (fixtures/scratchdisk.h): a sparse file of ours,
# virtio-blk with the serial the io probe looks for, gone with the run
disk=$(mktemp --suffix=.scratch.img)
trap 'rm -f "$initrd" "$disk"' EXIT
truncate -s 64M "$disk"
t_img=$(date +%s.%N)
KCONFIG=$kconfig RELEASE=$rel ci/mkinitramfs.sh "$initrd" "$moddir" || exit $?
img=$(echo "$t_img $(date +%s.%N)" | awk '{printf "%.1f", $2 - $1}')

cmdline="console=ttyS0 panic=-1 nsp.cgroup=$mode quiet loglevel=4"
[ "$mode" != v2 ] || cmdline="$cmdline cgroup_no_v1=all"
case "${ACCEL:-tcg}" in
kvm) accel="-accel kvm -cpu host" ;;
# single-threaded TCG: with one host thread per vCPU, early-boot code
# patching (int3 text_poke) races under emulation and panics the guest
*) accel="-accel tcg,thread=single -cpu max" ;;
esac

date=$(date -u +%Y-%m-%dT%H:%M:%SZ)
echo "check-vm: $run: booting $kernel ($mode, ${ACCEL:-tcg}, $mem)" >&2
start=$(date +%s.%N)
# shellcheck disable=SC2086
timeout --foreground -k 5 "${VM_TIMEOUT:-300}" qemu-system-x86_64 -nographic -no-reboot \
	$accel -smp "${SMP:-2}" -m "$mem" -kernel "$kernel" -initrd "$initrd" -append "$cmdline" \
	-monitor none -serial "file:$out/console.log" -serial "file:$out/chan.raw" \
	-drive "file=$disk,if=none,id=scratch,format=raw" \
	-device virtio-blk-pci,drive=scratch,serial=nsprobe-scratch \
	-nic none </dev/null && qrc=0 || qrc=$?
end=$(date +%s.%N)
wall=$(echo "$start $end" | awk '{printf "%.1f", $2 - $1}')

# split the channel: TAP up to the exit line, then our lines, then JUnit
tr -d '\r' <"$out/chan.raw" >"$out/chan.txt" 2>/dev/null || : >"$out/chan.txt"
awk '/^# nsharness-exit /{exit} {print}' "$out/chan.txt" >"$out/tap"
sed -n '/^# nsp-junit-begin$/,/^# nsp-junit-end$/p' "$out/chan.txt" | sed '1d;$d' >"$out/junit.xml"
sed -n '/^# nsp-kcidb-begin$/,/^# nsp-kcidb-end$/p' "$out/chan.txt" | sed '1d;$d' >"$out/kcidb.json"
exitline=$(grep -m1 '^# nsharness-exit ' "$out/chan.txt" | cut -d' ' -f3 || true)
field() { grep -m1 "^# nsp-$1 " "$out/chan.txt" | cut -d' ' -f3- || true; }
uptime=$(field uptime)
boot=$(echo "$uptime" | sed -n 's/.*suites-start=\([0-9.]*\).*/\1/p')
kboot=$(echo "$uptime" | sed -n 's/.*init=\([0-9.]*\).*/\1/p')
suites=$(echo "$uptime" | awk '{for (i = 1; i <= NF; i++) {split($i, kv, "="); t[kv[1]] = kv[2]}}
	END {if (t["suites-end"] != "") printf "%.1f", t["suites-end"] - t["suites-start"]}')
{
	echo "run: $run"
	echo "where: qemu-${ACCEL:-tcg}"
	echo "kernel: $(field kernel)"
	[ -n "$(field kernel)" ] || echo "kernel_expected: $rel"
	echo "kernel_image: $kernel"
	echo "kernel_spec: $spec"
	echo "package_version: $pkgver"
	echo "series: $series"
	echo "flavour: $flavour"
	echo "modules: $(field modules)"
	echo "cgroup: $mode"
	echo "cpus: $(field cpus)"
	echo "mem: $mem"
	echo "date: $date"
	echo "wall_s: $wall"
	echo "initramfs_s: $img"
	echo "kernel_s: $kboot"
	echo "boot_s: $boot"
	echo "suites_s: $suites"
	echo "qemu_exit: $qrc"
	echo "exit: ${exitline:-none}"
} >"$out/meta"
failed=$(field insmod-failed)
rm -f "$out/chan.raw" "$out/chan.txt"

if [ -z "$exitline" ]; then
	why="did not report"
	[ "$qrc" -ne 124 ] && [ "$qrc" -ne 137 ] || why="timed out after ${VM_TIMEOUT:-300} s"
	grep -q 'Kernel panic' "$out/console.log" 2>/dev/null && why="kernel panic"
	echo "check-vm: $run: $why (qemu exit $qrc); last console lines ($out/console.log):" >&2
	tail -n 20 "$out/console.log" >&2 || true
	exit 124
fi
if [ -n "$failed" ]; then
	echo "check-vm: $run: the suites need modules that did not load: $failed (see $out/console.log); the run's skips would be false" >&2
	exit 125
fi
echo "check-vm: $run: nsharness exit $exitline, wall ${wall}s (boot ${boot}s, suites ${suites}s)" >&2
grep '^# Totals' "$out/tap" >&2 || true
# the plain closing line, as nsharness prints it on a host
sed -n 's/^# Totals: \([0-9]*\) passed, \([0-9]*\) failed ([0-9]* broken), \([0-9]*\) skipped.*/\1 passed, \2 failed, \3 skipped/p' \
	"$out/tap" | tail -n 1
exit "$exitline"
