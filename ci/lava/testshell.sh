#!/bin/sh
# The step of ci/lava/nsprobe-testdef.yaml: run every suite, then one
# lava-test-case per check (ci/lava/tap2cases.awk names them), then the
# TAP as an attachment when the device can send one.
#   ci/lava/testshell.sh [NSHARNESS [ARGS...]]
set -u
cd "$(dirname "$0")/../.." || exit 1
nsharness=${1:-nsharness}
[ $# -eq 0 ] || shift
tap=$(mktemp)
# shellcheck disable=SC2068 # ARGS split on purpose
"$nsharness" --tap "$tap" $@ >/dev/null
rc=$?
awk -f ci/lava/tap2cases.awk "$tap" | while read -r result name; do
	lava-test-case "$name" --result "$result"
done
! command -v lava-test-attach >/dev/null 2>&1 || lava-test-attach "$tap" text/plain
grep '^# Totals' "$tap"
rm -f "$tap"
echo "nsharness exit $rc"
