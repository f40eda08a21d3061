#!/usr/bin/env bash
# No false pass: every probe that offers --role inside, run without the
# namespace it checks, must report not ok (or skip that namespace's point
# with a reason naming it).  Table-driven: PROBE NS, each case run three
# ways: straight in our namespaces, under unshare(1) with every other
# namespace, and under `nsharness exec --ns` with every other namespace.
# Run by `make check` as root (the unshare and exec ways need it); prints
# one line a case and the plain total "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."
B=${B:-build}
cases="
uts_isolation uts
mnt_private mnt
mnt_shared mnt
mnt_slave mnt
mnt_umount_propagation mnt
mnt_pivot mnt
net_fresh_lo net
net_link_events net
net_lo_up net
net_veth_move net
net_views_agree net
pid_numbering pid
pid_nspid pid
pid_proc_view pid
pid_signals pid
cgroupns_root cgroup
ipc_sysv ipc
"
# unshare(1)'s flag for each type; mnt and pid runs keep the host /proc
declare -A flag=([uts]=-u [ipc]=-i [net]=-n [cgroup]=-C [mnt]=-m [pid]=-p)
pass=0 fail=0 skip=0

# every namespace type but $1, as unshare flags and as an exec --ns list
others() {
	local t f="" l=""
	for t in uts ipc net cgroup mnt pid; do
		[ "$t" = "$1" ] && continue
		f="$f ${flag[$t]}"
		l="$l${l:+,}$t"
	done
	# a pid namespace gets its own /proc only with a mount namespace
	case "$1" in mnt) ;; *) f="$f --mount-proc" ;; esac
	echo "$f|$l"
}

# Did the run say the isolation is missing?  Any not ok, or a skip of the
# namespace's own point naming it.
judged_absent() {	# OUT NS
	grep -q '^not ok ' "$1" ||
		grep -q "^ok [0-9]* - inside: the $2 namespace .*# SKIP .*$2 namespace" "$1"
}

one() {	# NAME NS HOW CMD...
	local name=$1 ns=$2 how=$3 out
	shift 3
	out=$(mktemp /tmp/nsp-absent-XXXXXX)
	"$@" > "$out" 2>&1
	if judged_absent "$out" "$ns"; then
		echo "inside-absent: $name without $ns ($how): ok"; pass=$((pass + 1))
	else
		echo "inside-absent: $name without $ns ($how): FAILED, no not ok and no skip naming it:"
		sed 's/^/    /' "$out"
		fail=$((fail + 1))
	fi
	rm -f "$out"
}

if [ "$(id -u)" -ne 0 ] || ! command -v unshare > /dev/null; then
	echo "inside-absent: skipped (needs root and unshare)"
	echo "0 passed, 0 failed, 1 skipped"
	exit 0
fi
while read -r probe ns; do
	[ -n "$probe" ] || continue
	p=$PWD/$B/probes/$probe
	IFS='|' read -r uflags nslist <<< "$(others "$ns")"
	one "$probe" "$ns" "our namespaces" "$p" --role inside
	# shellcheck disable=SC2086
	one "$probe" "$ns" "unshare -f$uflags" unshare -f $uflags "$p" --role inside
	one "$probe" "$ns" "nsharness exec --ns $nslist" \
		"$B/nsharness" exec --ns "$nslist" -- "$p" --role inside
done <<< "$cases"
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
