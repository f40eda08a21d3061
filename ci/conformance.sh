#!/usr/bin/env bash
# make conformance — what each container runtime really isolates: every
# probe with an inside role under every runtime that can run here
# (`nsharness --runtime NAME`), the table written to
# ci/report/conformance.md (ci/conformance.py) and put in REPORT.md in
# place (a full `make report` includes it too).
#
#   core unshare bwrap runc   on this host; bubblewrap and runc are
#                             installed from Debian when missing (root)
#   crun                      here when the host's cgroups suit it, else in
#                             the cgroup v2 VM of `make check-vm`
#                             (CRUN_KERNEL, default 6.12; crun refuses
#                             hybrid hosts)
#   podman                    when installed (never installed by us)
#   docker                    when docker.io's dockerd is installed: a
#                             private daemon for the run (its own mount
#                             namespace with tmpfs on /run and /etc/docker,
#                             no bridge, no iptables, state in a scratch
#                             directory), stopped on every exit path
# A runtime that cannot run is a row "not run" with the reason.  Results:
# results/conformance/NAME.{tap,meta,skip}.  Prints one line a runtime.
set -uo pipefail
cd "$(dirname "$0")/.."
B=${B:-build}
nsh=$PWD/$B/nsharness
out=${RESULTS:-results}/conformance
CRUN_KERNEL=${CRUN_KERNEL:-6.12}
work=$(mktemp -d /tmp/nsp-conformance-XXXXXX)
dockerd_pid=
cleanup() {
	stop_dockerd
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

need() {	# PROGRAM PACKAGE
	command -v "$1" > /dev/null && return 0
	[ "$(id -u)" -eq 0 ] && command -v apt-get > /dev/null || return 1
	echo "conformance: installing $2 from Debian" >&2
	{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		--no-install-recommends "$2"; } >&2
}

# RUNTIME WHERE: run it, keep TAP and meta; 69 (cannot run) is a skip row
run_one() {
	local rt=$1 where=$2 rc
	shift 2
	rm -f "$out/$rt".*
	"$@" "$nsh" --runtime "$rt" --tap "$out/$rt.tap" > /dev/null 2> "$out/$rt.err"
	rc=$?
	if [ "$rc" -eq 69 ] || [ ! -s "$out/$rt.tap" ]; then
		grep -m1 . "$out/$rt.err" | sed 's/^nsharness: //' > "$out/$rt.skip"
		[ -s "$out/$rt.skip" ] || echo "nsharness --runtime $rt exited $rc" > "$out/$rt.skip"
		rm -f "$out/$rt.tap"
		echo "conformance: $rt: not run: $(cat "$out/$rt.skip")"
		return
	fi
	{
		echo "where: $where"
		echo "version: $(sed -n 's/^# runtime [^:]*: [^(]*(\(.*\)), profile.*/\1/p' "$out/$rt.tap" | head -n 1)"
		echo "exit: $rc"
	} > "$out/$rt.meta"
	echo "conformance: $rt: $(tail -n 1 "$out/$rt.err") (exit $rc)"
}

# dockerd stops its containerd on SIGTERM; unshare (which waits for it
# and ignores our signals) then exits, and SIGKILLs it should we die first
stop_dockerd() {
	local pidfile=$work/docker/pid
	[ -n "$dockerd_pid" ] || return 0
	[ -s "$pidfile" ] && kill -TERM "$(cat "$pidfile")" 2> /dev/null
	wait "$dockerd_pid" 2> /dev/null
	dockerd_pid=
}

# A skeleton image for docker (docker runs no container without one):
# the mount points and merged-/usr symlinks nsharness binds into.
docker_image() {
	local skel=$work/skel d
	mkdir -p "$skel"/{usr,etc,proc,dev,sys,tmp,nsp/probes}
	for d in bin sbin lib lib32 lib64 libx32; do
		if [ -L "/$d" ]; then ln -s "$(readlink "/$d")" "$skel/$d"
		elif [ -d "/$d" ]; then mkdir "$skel/$d"; fi
	done
	tar -C "$skel" -c . | docker import - nsharness-rootfs > /dev/null
}

# A private engine: its own mount namespace (tmpfs on /run and
# /etc/docker: nothing it writes there reaches the host), killed with us,
# no bridge and no iptables (nothing in the host's network namespace).
start_dockerd() {
	local dk=$work/docker i
	mkdir -p "$dk"
	unshare --mount --propagation private --fork --kill-child sh -c '
		mount -t tmpfs nsp-docker-run /run &&
		{ [ ! -d /etc/docker ] || mount -t tmpfs nsp-docker-etc /etc/docker; } &&
		exec dockerd --data-root "$1/data" --exec-root "$1/exec" --pidfile "$1/pid" \
			-H "unix://$1/sock" --iptables=false --ip6tables=false --bridge=none \
			--storage-driver vfs' sh "$dk" > "$dk/log" 2>&1 &
	dockerd_pid=$!
	export DOCKER_HOST=unix://$dk/sock
	for i in $(seq 100); do
		docker version > /dev/null 2>&1 && return 0
		kill -0 "$dockerd_pid" 2> /dev/null || break
		sleep 0.2	# the daemon's readiness: polled, it has no other signal
	done
	echo "a private dockerd did not start: $(grep -m1 -iE 'level=(fatal|error)' "$dk/log" | cut -c1-200)" \
		> "$out/docker.skip"
	stop_dockerd
	return 1
}

run_docker() {
	rm -f "$out"/docker.*
	if ! command -v dockerd > /dev/null; then
		echo "dockerd is not installed (Debian package docker.io)" > "$out/docker.skip"
	elif ! start_dockerd; then
		:	# the reason is in docker.skip
	elif ! docker_image; then
		echo "docker import of the rootfs skeleton failed" > "$out/docker.skip"
		stop_dockerd
	else
		run_one docker "host, a private dockerd (vfs, no bridge, no iptables)"
		stop_dockerd
		return
	fi
	rm -f "$out/docker.tap"
	echo "conformance: docker: not run: $(cat "$out/docker.skip")"
}

# crun refuses hybrid hosts: then the cgroup v2 VM runs it.
run_crun() {
	local run=conformance-crun res=$work/vm rc
	need crun crun || { echo "crun is not installed and cannot be (Debian package crun)" \
		> "$out/crun.skip"; echo "conformance: crun: not run"; return; }
	# no entry selected: only whether crun can run on this host at all
	if "$nsh" --runtime crun -f 'no-entry' > /dev/null 2> "$work/crun.err"; then
		run_one crun "host"
		return
	fi
	echo "conformance: crun: $(head -n 1 "$work/crun.err" | sed 's/^nsharness: //'); in the cgroup v2 VM ($CRUN_KERNEL)"
	rm -f "$out"/crun.*
	RUN=$run RESULTS=$res NSHARNESS_ARGS="--runtime crun" VM_TOOLS="lsns crun" NO_BUILD=1 \
		ci/check-vm.sh "$CRUN_KERNEL" v2 > "$work/vm.log" 2>&1
	rc=$?
	if [ -s "$res/$run/tap" ] && grep -q '^# runtime crun' "$res/$run/tap"; then
		cp "$res/$run/tap" "$out/crun.tap"
		{
			echo "where: QEMU, Debian $(sed -n 's/^kernel: //p' "$res/$run/meta"), cgroup v2"
			echo "version: $(sed -n 's/^# runtime [^:]*: [^(]*(\(.*\)), profile.*/\1/p' "$out/crun.tap" | head -n 1)"
			echo "exit: $rc"
		} > "$out/crun.meta"
		echo "conformance: crun: $(grep '^# Totals' "$out/crun.tap") (VM, exit $rc)"
	else
		echo "the cgroup v2 VM ($CRUN_KERNEL) gave no crun TAP (check-vm exit $rc: $(tail -n 1 "$work/vm.log"))" > "$out/crun.skip"
		echo "conformance: crun: not run: $(cat "$out/crun.skip")"
	fi
}

if [ "$(id -u)" -ne 0 ]; then
	echo "conformance: needs root (the runtimes make namespaces and cgroups)" >&2
	exit 1
fi
mkdir -p "$out"
need bwrap bubblewrap
need runc runc
make --no-print-directory -s all >&2 || exit 1
for rt in core unshare bwrap runc; do
	run_one "$rt" host
done
run_crun
if command -v podman > /dev/null; then
	run_one podman host
else
	echo "podman is not installed (Debian package podman)" > "$out/podman.skip"
fi
run_docker
python3 ci/conformance.py "$out" > ci/report/conformance.md.tmp &&
	mv ci/report/conformance.md.tmp ci/report/conformance.md &&
	python3 ci/conformance.py --splice ci/report/conformance.md REPORT.md &&
	echo "conformance: ci/report/conformance.md written, REPORT.md updated" >&2
