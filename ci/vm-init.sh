#!/bin/sh
# /init of the initramfs ci/mkinitramfs.sh builds: runs every suite in a VM
# booted by ci/check-vm.sh and powers off.
#
# Runs as pid 1 (root, every capability) under busybox sh, in two stages:
#   stage 1 (in rootfs)  copies the tree to a tmpfs and switch_roots to it,
#                        because pivot_root(2) refuses the initial rootfs and
#                        the runtime core pivot_roots into every container;
#   stage 2 (in tmpfs)   mounts proc/sys/dev/tmpfs, the cgroup layout that
#                        nsp.cgroup=v2|v1|hybrid on the kernel command line
#                        asks for, loads the modules, runs nsharness.
# Channels: the kernel console and nsharness's stdout/stderr are ttyS0; the
# TAP, then "# nsharness-exit N", timing lines, the JUnit XML and the KCIDB
# file go to ttyS1,
# which the host reads as a file (ci/check-vm.sh splits it).
# shellcheck disable=SC2013 # word lists (cmdline, controllers) on purpose
PATH=/bin:/sbin:/usr/bin:/usr/sbin
export PATH

if [ "$1" != stage2 ]; then
	mount -t proc proc /proc
	mount -t tmpfs -o mode=0755 root /newroot
	for d in /*; do
		case "$d" in /proc|/newroot|/dev|/sys) continue ;; esac
		cp -a "$d" /newroot/
	done
	mkdir -p /newroot/proc /newroot/sys /newroot/dev /newroot/tmp /newroot/run
	umount /proc
	exec switch_root /newroot /init stage2
fi

mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mkdir -p /dev/pts /dev/shm /dev/mqueue
mount -t devpts devpts /dev/pts
mount -t tmpfs -o mode=1777 shm /dev/shm
mount -t mqueue mqueue /dev/mqueue
mount -t tmpfs -o mode=1777 tmp /tmp
mount -t tmpfs -o mode=0755 run /run
t0=$(cut -d' ' -f1 /proc/uptime)

mode=v2 lava=''
for arg in $(cat /proc/cmdline); do
	case "$arg" in
	nsp.cgroup=*) mode=${arg#nsp.cgroup=} ;;
	nsp.lava=1) lava=1 ;;
	esac
done

# v1 hierarchies: one per controller on a tmpfs, as the machines we test on
# have them. A controller the kernel cannot bind to v1 (6.12 built without
# CONFIG_MEMCG_V1) stays on cgroup2; `keep_v2` names what stays there on
# purpose (hybrid: hugetlb, like this project's hosts).
mount_v1() {
	keep_v2=$1
	mount -t tmpfs -o mode=0755 cgroup /sys/fs/cgroup
	for c in $(awk 'NR > 1 && $4 == 1 {print $1}' /proc/cgroups); do
		case " $keep_v2 " in *" $c "*) continue ;; esac
		mkdir -p "/sys/fs/cgroup/$c"
		mount -t cgroup -o "$c" "$c" "/sys/fs/cgroup/$c" 2>/dev/null ||
			{ rmdir "/sys/fs/cgroup/$c"; echo "nsp-init: $c: no v1 hierarchy, stays on cgroup2"; }
	done
}

case "$mode" in
v2)
	mount -t cgroup2 cgroup2 /sys/fs/cgroup
	# what systemd does at boot: every controller on for the children
	for c in $(cat /sys/fs/cgroup/cgroup.controllers); do
		echo "+$c" >/sys/fs/cgroup/cgroup.subtree_control 2>/dev/null ||
			echo "nsp-init: cannot enable $c in the root subtree_control"
	done
	;;
v1) mount_v1 "" ;;
hybrid)
	mount_v1 "hugetlb"
	mkdir -p /sys/fs/cgroup/unified
	mount -t cgroup2 cgroup2 /sys/fs/cgroup/unified
	;;
*) echo "nsp-init: unknown nsp.cgroup=$mode" ;;
esac
echo "nsp-init: cgroup mode $mode"; grep cgroup /proc/mounts

# modules.order lists the files in dependency order (deps first)
if [ -f /nsp/modules.order ]; then
	while read -r m; do
		if insmod "/nsp/modules/$m"; then
			echo "nsp-init: loaded $m"
		else
			echo "nsp-init: insmod $m failed"
			insmod_failed="${insmod_failed:-}${insmod_failed:+ }$m"
		fi
	done </nsp/modules.order
fi

# under LAVA (nsp.lava=1, ci/lava/) there is one serial port, the console
# LAVA reads: the TAP goes to a file and each check to the console as a
# line the job's monitor turns into a test case
chan=/dev/ttyS1
[ -z "$lava" ] || chan=/tmp/tap
[ -n "$lava" ] || stty -F "$chan" raw -echo 2>/dev/null
export NSHARNESS_PROBES=/nsp/probes NSHARNESS_SUITES=/nsp/suites NSHARNESS_RUNTIMES=/nsp/runtimes
t1=$(cut -d' ' -f1 /proc/uptime)
if [ -x /nsp/extra/run.sh ]; then
	# another job than the suites (ci/bench-vm.sh): its output is the channel's
	/nsp/extra/run.sh >"$chan"
	rc=$?
else
	# shellcheck disable=SC2046 # extra runner options, split on purpose
	/nsp/nsharness --tap "$chan" --junit /tmp/junit.xml --kcidb /tmp/kcidb.json $(cat /nsp/nsharness.args 2>/dev/null)
	rc=$?
fi
t2=$(cut -d' ' -f1 /proc/uptime)
{
	echo "# nsharness-exit $rc"
	echo "# nsp-cpus $(nproc)"
	echo "# nsp-kernel $(uname -r)"
	echo "# nsp-cgroup $mode"
	echo "# nsp-modules $(tr '\n' ' ' </nsp/modules.order 2>/dev/null)"
	echo "# nsp-insmod-failed ${insmod_failed:-}"
	echo "# nsp-uptime init=$t0 suites-start=$t1 suites-end=$t2"
	echo "# nsp-junit-begin"
	cat /tmp/junit.xml 2>/dev/null
	echo "# nsp-junit-end"
	echo "# nsp-kcidb-begin"
	cat /tmp/kcidb.json 2>/dev/null
	echo "# nsp-kcidb-end"
} >>"$chan"
sync
if [ -n "$lava" ]; then
	echo "nsp-lava: results begin"
	awk -f /nsp/tap2cases.awk /tmp/tap | while read -r result name; do
		echo "nsp-lava: $result $name ;"
	done
	grep '^# Totals' /tmp/tap
	echo "nsp-lava: nsharness exit $rc"
	echo "nsp-lava: results end"
	# LAVA ends the job, and QEMU with it
	while :; do sleep 3600; done
fi
poweroff -f
