#!/bin/sh
# The kernel matrix: every suite on the host kernel and on Debian's 6.1
# cloud and 6.12 kernels under QEMU, in each cgroup mode, then REPORT.md.
#   ci/matrix.sh
# Env: MATRIX, the runs in column order (default below): "host" or
#   KERNEL:MODE with KERNEL 6.1 (linux-image-6.1.0-*-cloud-amd64-unsigned),
#   6.12 (linux-image-6.12.*+deb12-amd64-unsigned) or a bzImage path;
#   plus whatever ci/check-vm.sh reads (ACCEL, MEM, VM_TIMEOUT, ...).
# Missing Debian kernels are installed (ci/debian-kernel.sh: root + apt-get;
# it does not touch the running kernel). Every run writes results/<run>/; results/matrix.runs
# lists this matrix's runs for ci/report.py.
# Exit status: 0 every check passed or skipped everywhere; 1 some check
# failed somewhere (see REPORT.md); 2 something broke or timed out, or a
# run did not report, or a kernel could not be found.
set -eu
cd "$(dirname "$0")/.."
MATRIX=${MATRIX:-"host 6.1:v2 6.1:v1 6.1:hybrid 6.12:v2 6.12:v1 6.12:hybrid"}
RESULTS=${RESULTS:-results}
export RESULTS

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
B=$snap SUITES_DIR=$snap/suites
export B SUITES_DIR
mkdir -p "$RESULTS"
: >"$RESULTS/matrix.runs.tmp"
worst=0
for spec in $MATRIX; do
	if [ "$spec" = host ]; then
		run=$(NO_BUILD=1 RUN='' ci/host-run.sh) && rc=0 || rc=$?
		echo "$run" >>"$RESULTS/matrix.runs.tmp"
	else
		kv=${spec%%:*} mode=${spec#*:}
		case "$kv" in
		6.1|6.12) kernel=$(ci/debian-kernel.sh "$kv") || kernel= ;;
		*) kernel=$kv ;;
		esac
		if [ -z "$kernel" ]; then
			echo "matrix: no kernel for $spec (not installed and not installable here)" >&2
			worst=2
			continue
		fi
		rel=$(basename "$kernel"); rel=${rel#vmlinuz-}
		NO_BUILD=1 RUN="$rel-$mode" ci/check-vm.sh "$kernel" "$mode" && rc=0 || rc=$?
		echo "$rel-$mode" >>"$RESULTS/matrix.runs.tmp"
	fi
	case "$rc" in
	0) ;;
	1) [ "$worst" -ge 1 ] || worst=1 ;;
	*) worst=2 ;;
	esac
done
mv "$RESULTS/matrix.runs.tmp" "$RESULTS/matrix.runs"
ci/report.sh >&2
exit "$worst"
