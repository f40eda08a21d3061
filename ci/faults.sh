#!/usr/bin/env bash
# Fault runs: each scenario breaks a run on purpose, checks the outcome it
# must have (exit status, what the report says) and that nothing is left on
# the host: leakcheck (../shared/tools/leakcheck) snapshots mounts, links,
# netns, cgroups, SysV IPC, mqueues, names and processes around it, and
# this script the loop devices (leakcheck lists none): io.wbps makes one.
#
#   ci/faults.sh            every scenario; exit 1 if any went wrong
# Prints one "fault: NAME: ok|FAILED (why)" line per scenario and the
# plain total "N passed, N failed, N skipped". Needs root and a build.
set -uo pipefail
cd "$(dirname "$0")/.."
leakcheck=${LEAKCHECK:-../shared/tools/leakcheck}
nsh=build/nsharness
work=$(mktemp -d /tmp/nsp-faults-XXXXXX)
trap 'rm -rf "$work"' EXIT
pass=0 fail=0 skip=0

report() {	# NAME STATUS(0 ok) WHY
	if [ "$2" -eq 0 ]; then
		echo "fault: $1: ok"; pass=$((pass + 1))
	else
		echo "fault: $1: FAILED ($3)"; fail=$((fail + 1))
	fi
}

# Every loop device and what backs it ("-": unbound), one a line.
loops() {
	local d
	for d in /sys/block/loop*; do
		[ -e "$d" ] || continue
		echo "${d##*/} $(cat "$d/loop/backing_file" 2>/dev/null || echo -)"
	done | sort
}

# Loop devices made or bound since $work/loops.before, still so after up
# to 10 s (leakcheck's settle: another run's probe may hold one briefly).
loops_left() {
	local left deadline=$((SECONDS + 10))
	while left=$(loops | comm -13 "$work/loops.before" -) && [ -n "$left" ] &&
		[ $SECONDS -lt $deadline ]; do
		sleep 0.5
	done
	[ -z "$left" ] || echo "$left" | sed 's/^/  loop device left: /'
}

# Run the function or command "$@" under leakcheck (functions are exported
# to the bash it starts); its own status lands in $work/status, its output
# is wherever it sends it.  Loop devices left are added to leakcheck's list.
checked() {
	rm -f "$work/status"	# a scenario that dies early must not pass on the last one's
	loops > "$work/loops.before"
	"$leakcheck" --settle 10 -- bash -c '"$@"; echo $? > "$work/status"' _ "$@" \
		> "$work/leak" 2>&1
	loops_left > "$work/loops.left"
	cat "$work/loops.left" >> "$work/leak"
}
# What leakcheck lists, less "PID bash" lines: our runs start no bash, the
# scenario's own shell is leakcheck's child (excluded by it), so a listed
# bash is leakcheck's own settle-loop subshell, seen when it had to settle
# (here: the killed run's sandbox init, briefly a zombie of a pid 1 that
# reaps slowly). Anything else listed is a leftover.
left_nothing() {
	[ -s "$work/loops.left" ] && return 1
	grep -q "nothing left behind" "$work/leak" && return 0
	! grep -E '^  ' "$work/leak" | grep -vqE '^  [0-9]+ bash$'
}
status() { cat "$work/status" 2>/dev/null || echo 99; }
# the killed run's groups (its pid is in $work/killed) must be gone; other
# runs on the machine may have live groups of their own
no_stale_groups() {
	local k; k=$(cat "$work/killed")
	# its own "nsprobe-PIDNS-PID-START" trees, and the legacy one planted
	! find /sys/fs/cgroup -maxdepth 2 \( -name "nsprobe-$k" -o -name "nsprobe-*-$k-*" \) | grep -q .
}

# A signal once the run has reported its first entry: the --tap copy is a
# FIFO we read, so "mid-run" is an event, not a guess at a time.
signal_mid_run() {	# SIGNAL
	local fifo=$work/tap.fifo
	rm -f "$fifo" && mkfifo "$fifo"
	$nsh -j2 --tap "$fifo" > "$work/out" 2>&1 &
	local pid=$!
	exec 3< "$fifo"
	while read -r line <&3; do
		case "$line" in ok\ *|not\ ok\ *) break ;; esac
	done
	kill -"$1" "$pid"
	cat <&3 > /dev/null
	exec 3<&-
	wait "$pid"
}

fault_signal() {	# SIGNAL EXPECTED-STATUS
	checked signal_mid_run "$1"
	local st; st=$(status)
	if [ "$st" -ne "$2" ]; then report "SIG$1 mid-run" 1 "exit $st, want $2"
	elif ! grep -q "^# Totals:" "$work/out"; then report "SIG$1 mid-run" 1 "no totals"
	elif ! left_nothing; then report "SIG$1 mid-run" 1 "$(tail -n +2 "$work/leak" | head -5)"
	else report "SIG$1 mid-run" 0; fi
}

# SIGKILL leaves no chance to clean: the kernel ends the sandbox, and the
# next run must remove the cgroups the dead one left.  Killed once its
# first entry is reported (while the OOM entries run); a group under the
# dead run's name is planted too, so the cleaning is always exercised.
kill_then_rerun() {
	local fifo=$work/kill.fifo pid line
	rm -f "$fifo" && mkfifo "$fifo"
	$nsh -j2 --tap "$fifo" core oom > /dev/null 2>&1 &
	pid=$!
	exec 3< "$fifo"
	while read -r line <&3; do
		case "$line" in ok\ *|not\ ok\ *) break ;; esac
	done
	kill -KILL "$pid"
	echo "$pid" > "$work/killed"
	cat <&3 > /dev/null
	exec 3<&-
	wait "$pid" 2> /dev/null
	local mem=/sys/fs/cgroup/memory
	[ -d "$mem" ] || mem=/sys/fs/cgroup	# cgroup v2
	mkdir -p "$mem/nsprobe-$pid/c1"
	$nsh uts > /dev/null 2> "$work/rerun"
}

fault_sigkill() {
	checked kill_then_rerun
	if ! left_nothing; then report "SIGKILL then a new run" 1 "$(tail -n +2 "$work/leak" | head -5)"
	elif ! no_stale_groups; then report "SIGKILL then a new run" 1 "stale nsprobe-* groups"
	else report "SIGKILL then a new run" 0; fi
}

# Probes that hang and crash (the runner's own test programs).
bad_probes() {
	NSHARNESS_PROBES=build/selftest/progs NSHARNESS_SUITES="$work" $nsh bad > "$work/out" 2>&1
}

fault_probes() {
	printf 'hang timeout=1 tap_hang\nsegv tap_segv\ngarbage tap_garbage\n' > "$work/bad.suite"
	checked bad_probes
	local st; st=$(status)
	if [ "$st" -ne 2 ]; then report "hung, crashed, garbage probes" 1 "exit $st, want 2"
	elif ! grep -q "TIMEOUT after 1 s" "$work/out" || ! grep -q SIGSEGV "$work/out"; then
		report "hung, crashed, garbage probes" 1 "report lacks TIMEOUT or SIGSEGV"
	elif ! left_nothing; then report "hung, crashed, garbage probes" 1 "$(tail -n +2 "$work/leak" | head -5)"
	else report "hung, crashed, garbage probes" 0; fi
}

exec_to_err() { ${runas:-} $nsh exec "$@" > /dev/null 2> "$work/err"; }

# Run FUNCTION ARGS... under leakcheck: it must exit WANT-STATUS, its
# stderr ($work/err) match GREP-STDERR (when given), and leave nothing.
expect_run() {	# NAME WANT-STATUS GREP-STDERR FUNCTION ARGS...
	local name=$1 want=$2 pattern=$3
	shift 3
	checked "$@"
	local st; st=$(status)
	if [ "$st" -ne "$want" ]; then report "$name" 1 "exit $st, want $want"
	elif [ -n "$pattern" ] && ! grep -q -- "$pattern" "$work/err"; then
		report "$name" 1 "stderr: $(head -2 "$work/err")"
	elif ! left_nothing; then report "$name" 1 "$(tail -n +2 "$work/leak" | head -5)"
	else report "$name" 0; fi
}

fault_exec() {	# NAME WANT-STATUS GREP-STDERR ARGS...
	local name=$1 want=$2 pattern=$3
	shift 3
	expect_run "$name" "$want" "$pattern" exec_to_err "$@"
}

# The io suite's loop device (fixtures/loopdev.h) after a green run, a red
# one (the probe with --fault no-limit) and a run stopped by SIGINT or
# SIGKILL while the device is bound to the probe's memfd: the event is
# its backing file showing in sysfs, waited for within 20 s.
io_run() { $nsh io > /dev/null 2> "$work/err"; }
io_fault_run() {
	echo "wbps-no-limit io_wbps --fault no-limit" > "$work/iofault.suite"
	NSHARNESS_SUITES="$work" $nsh iofault > /dev/null 2> "$work/err"
}
io_interrupted() {	# SIGNAL
	local pid rc deadline=$((SECONDS + 20))
	$nsh io > /dev/null 2> "$work/err" &
	pid=$!
	until grep -qs nsprobe-loop /sys/block/loop*/loop/backing_file; do
		if [ $SECONDS -ge $deadline ] || ! kill -0 "$pid" 2> /dev/null; then
			echo "no loop device bound by the io suite" > "$work/err"
			kill -KILL "$pid" 2> /dev/null
			wait "$pid"
			return 1
		fi
	done
	kill -"$1" "$pid"
	wait "$pid" 2> /dev/null
	rc=$?
	# Ctrl-C: the runner ends as interrupted; SIGKILL: the next run
	# removes the dead run's groups
	case $1 in
	INT) [ "$rc" -eq 130 ] ;;
	KILL) $nsh uts > /dev/null 2>> "$work/err" ;;
	esac
}

# The launcher SIGKILLed once its command has dropped root, which clears
# PR_SET_PDEATHSIG: the watcher (runtime/watch.h) must still take the
# container, its veth and its groups down.  "ready" comes from the command
# after setpriv changed its uid, through a FIFO: an event, not a guess.
kill_exec_after_setpriv() {
	local fifo=$work/ready.fifo pid line
	rm -f "$fifo" && mkfifo "$fifo"
	$nsh exec --veth --memory 32M -- setpriv --reuid=65534 --regid=65534 \
		--clear-groups sh -c 'echo ready; exec sleep 78' > "$fifo" 2> "$work/err" &
	pid=$!
	read -r line < "$fifo"
	kill -KILL "$pid"
	wait "$pid" 2> /dev/null
	[ "$line" = ready ]
}

fault_exec_sigkill() {
	checked kill_exec_after_setpriv
	if [ "$(status)" -ne 0 ]; then report "exec SIGKILLed after its command dropped root" 1 "no ready"
	elif ! left_nothing; then report "exec SIGKILLed after its command dropped root" 1 \
		"$(tail -n +2 "$work/leak" | head -5)"
	else report "exec SIGKILLed after its command dropped root" 0; fi
}

# A run nested in a pid namespace (a CI job in a container) holds a live
# container in a memory group while a host run cleans stale groups: the
# host run must see that the nested run lives (lib/runid.h) and leave its
# container alone.  The container says "up" and waits on a FIFO we feed
# only after the host run ended: events, no guesses at times.
nested_and_host_run() {
	local up=$work/up.fifo hold=$work/hold.fifo line rc
	trap '' PIPE	# a killed container leaves no reader: a failure, not our death
	rm -f "$up" "$hold" && mkfifo "$up" "$hold"
	unshare -pf --mount-proc $nsh exec --memory 32M -- /bin/sh -c 'echo up; read x' \
		< "$hold" > "$up" 2> "$work/nested.err" &
	local pid=$!
	exec 4> "$hold"
	read -r line < "$up"
	$nsh uts > /dev/null 2> "$work/host.err"
	rc=$?
	echo go >&4 2> /dev/null
	exec 4>&-
	wait "$pid"
	local nested=$?
	echo "host $rc nested $nested" > "$work/rcs"
	[ "$line" = up ] && [ "$rc" -eq 0 ] && [ "$nested" -eq 0 ]
}

fault_nested_and_host() {
	checked nested_and_host_run
	if [ "$(status)" -ne 0 ]; then report "a host run beside a nested run's container" 1 \
		"$(cat "$work/rcs" 2>/dev/null) $(head -c 200 "$work/nested.err" "$work/host.err")"
	elif ! left_nothing; then report "a host run beside a nested run's container" 1 \
		"$(tail -n +2 "$work/leak" | head -5)"
	else report "a host run beside a nested run's container" 0; fi
}

# Two runs nested in pid namespaces of their own at once: each pid 1 in its
# namespace, so pids alone would give both one name ("nsprobe-1").
two_nested_runs() {
	unshare -pf --mount-proc $nsh -j2 uts oom > "$work/n1" 2>&1 & local a=$!
	unshare -pf --mount-proc $nsh -j2 uts oom > "$work/n2" 2>&1 & local b=$!
	wait "$a"; local sa=$?
	wait "$b"; local sb=$?
	return $((sa | sb))
}

fault_two_nested() {
	checked two_nested_runs
	if [ "$(status)" -ne 0 ]; then report "two nested runs at once" 1 \
		"$(grep -h '^not ok\|nsharness:' "$work/n1" "$work/n2" | head -3)"
	elif ! left_nothing; then report "two nested runs at once" 1 "$(tail -n +2 "$work/leak" | head -5)"
	else report "two nested runs at once" 0; fi
}

# Two runs at once: unique cgroup, veth, IPC and mount names, no cross-talk.
two_runs() {
	$nsh -j2 > "$work/a" 2>&1 & local a=$!
	$nsh -j2 > "$work/b" 2>&1 & local b=$!
	wait "$a"; local sa=$?
	wait "$b"; local sb=$?
	return $((sa | sb))
}

fault_concurrent() {
	checked two_runs
	local st; st=$(status)
	if [ "$st" -ne 0 ]; then report "two runs at once" 1 "exit $st: $(grep -h '^not ok' "$work/a" "$work/b" | head -3)"
	elif ! left_nothing; then report "two runs at once" 1 "$(tail -n +2 "$work/leak" | head -5)"
	else report "two runs at once" 0; fi
}

if [ "$(id -u)" -ne 0 ] || [ ! -x "$leakcheck" ]; then
	echo "fault: all: skipped (needs root and $leakcheck)"
	echo "0 passed, 0 failed, 1 skipped"
	exit 0
fi
export nsh work runas
export -f signal_mid_run kill_then_rerun bad_probes exec_to_err two_runs kill_exec_after_setpriv \
	nested_and_host_run two_nested_runs io_run io_fault_run io_interrupted
make --no-print-directory all build/selftest/progs/tap_hang build/selftest/progs/tap_segv \
	build/selftest/progs/tap_garbage >&2 || exit 1
fault_signal INT 130
fault_signal TERM 143
fault_sigkill
fault_probes
fault_exec "container init OOM-killed" 137 "the container was OOM-killed: cgroup" --memory 16M -- /bin/sh -c \
	'exec dd if=/dev/zero of=/dev/null bs=64M count=1'
fault_exec "ENOSPC on the container's /tmp" 1 "No space left on device" -- /bin/sh -c \
	'dd if=/dev/zero of=/tmp/fill bs=1M count=100'
runas="setpriv --reuid=65534 --regid=65534 --clear-groups"
fault_exec "cgroup creation refused (EACCES)" 125 "Permission denied" --memory 16M -- /bin/true
runas=
fault_exec_sigkill
expect_run "io: a green run leaves no loop device" 0 "" io_run
expect_run "io: a red run (--fault no-limit) leaves no loop device" 1 "" io_fault_run
expect_run "io: SIGINT while the loop device is bound" 0 "" io_interrupted INT
expect_run "io: SIGKILL while the loop device is bound, then a new run" 0 "" io_interrupted KILL
fault_nested_and_host
fault_two_nested
fault_concurrent
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
