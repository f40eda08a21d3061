#!/bin/sh
# bench-nsprobe.sh — `nsprobe --json PID` against `lsns -J -p PID`.
#
#   ci/bench-nsprobe.sh [PID]     (default: this shell)
#
# Runs hyperfine (-N, 20 warmup runs) on both and prints each median and
# the ratio nsprobe/lsns (below 1: nsprobe is faster).  NSPROBE overrides
# the binary (default: build/nsprobe).
set -eu
pid=${1:-$$}
nsprobe=${NSPROBE:-build/nsprobe}
command -v hyperfine >/dev/null || { echo "bench-nsprobe: hyperfine is not installed" >&2; exit 2; }
command -v lsns >/dev/null || { echo "bench-nsprobe: lsns (util-linux) is not installed" >&2; exit 2; }
[ -x "$nsprobe" ] || { echo "bench-nsprobe: $nsprobe: not built (make build/nsprobe)" >&2; exit 2; }
out=$(mktemp)
trap 'rm -f "$out"' EXIT
if ! hyperfine -N --warmup 20 --style none --export-json "$out" \
	"$nsprobe --json $pid" "lsns -J -p $pid" >/dev/null; then
	# say which one failed, and why, rather than hyperfine's bare status
	for cmd in "$nsprobe --json $pid" "lsns -J -p $pid"; do
		$cmd >/dev/null 2>"$out" || echo "bench-nsprobe: '$cmd' failed: $(head -c 300 "$out")" >&2
	done
	exit 1
fi
python3 - "$out" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
med = [x["median"] * 1000 for x in r]
for x, m in zip(r, med):
    print(f"{x['command']:40s} median {m:7.2f} ms")
print(f"ratio nsprobe/lsns {med[0] / med[1]:.2f}")
PY
