#!/usr/bin/env bash
# The installed tree must give the build tree's results (part of make check).
#
#   B=build ci/install-check.sh [NSHARNESS FLAGS...]
#
# Installs into a scratch DESTDIR (PREFIX /usr/local, as a package would),
# runs every suite with the installed nsharness (no NSHARNESS_* variables:
# it finds its probes, suites and helpers the way an installed copy must),
# and compares its totals line with the build tree's run of the same
# suites ($B/kernel.tap, written by make kernel-check just before).  Then
# make uninstall must leave no file behind in the DESTDIR.
# Exit status: 0 same results and a clean uninstall, 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
B=${B:-build}
dest=$(mktemp -d /tmp/nsp-install-XXXXXX)
trap 'rm -rf "$dest"' EXIT

totals() { grep '^# Totals:' "$1" | tail -n 1; }

make --no-print-directory B="$B" install DESTDIR="$dest" PREFIX=/usr/local >/dev/null
set +e
env -u NSHARNESS_PROBES -u NSHARNESS_SUITES \
	"$dest/usr/local/bin/nsharness" --tap "$dest/installed.tap" "$@" >/dev/null 2>&1
rc=$?
set -e
built=$(totals "$B/kernel.tap")
installed=$(totals "$dest/installed.tap")
echo "install-check: build tree: ${built#\# }"
echo "install-check: installed:  ${installed#\# } (exit $rc)"
status=0
if [ "$built" != "$installed" ]; then
	echo "install-check: the installed tree differs; its not ok points:" >&2
	grep -B1 -A6 '^    not ok' "$dest/installed.tap" | head -n 60 >&2 || true
	status=1
fi
rm -f "$dest/installed.tap"
make --no-print-directory B="$B" uninstall DESTDIR="$dest" PREFIX=/usr/local >/dev/null
left=$(find "$dest" -mindepth 1 \( -type f -o -type l \) | head -n 20)
if [ -n "$left" ]; then
	echo "install-check: make uninstall left files behind:" >&2
	echo "$left" >&2
	status=1
fi
[ $status -eq 0 ] && echo "install-check: same totals; uninstall left nothing"
exit $status
