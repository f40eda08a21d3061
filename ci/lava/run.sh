#!/bin/bash
# Run the nsprobe LAVA job with Debian's lava-dispatcher (lava-run, no
# server) on a QEMU device, and compare its test cases with a direct run:
#   ci/lava/run.sh [--schema|--validate] [KVER] [CGROUP]   default 6.12 v2
# 1. fetch KVER (ci/kernel-fetch.sh) and build the initramfs with its modules;
# 2. fill ci/lava/job.yaml.in (file:// URLs) and validate it against LAVA's
#    own job schema (lava_common.schemas) and the test definition
#    ci/lava/nsprobe-testdef.yaml against LAVA's test definition schema
#    (lava-common is enough for this: --schema stops here);
# 3. lava-run --validate: the job's pipeline on ci/lava/qemu-device.yaml
#    (lava-dispatcher; --validate stops here);
# 4. lava-run the job on ci/lava/qemu-device.yaml, read
#    the test cases LAVA recorded, boot the same kernel and initramfs directly
#    (ci/check-vm.sh) and compare check by check.
# Writes results/lava-<release>-<CGROUP>/ (job.yaml, lava.log, lava-cases,
# direct-cases). Prints "N passed, N failed, 0 skipped" (.ci/run counts
# that line). Exit status: 0 LAVA's results
# equal the direct run's (or, with --schema or --validate, the job and test
# definition are valid); 1 they differ or LAVA failed; 2 no lava-common or
# lava-dispatcher; 64 usage.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
stop=''
case "${1:-}" in --schema|--validate) stop=$1; shift ;; esac
kver=${1:-6.12} mode=${2:-v2}
case "$mode" in v2|v1|hybrid) ;; *) echo "lava: CGROUP is v2, v1 or hybrid" >&2; exit 64 ;; esac
PY=/usr/bin/python3	# LAVA's modules are Debian's, for Debian's python
$PY -c 'import lava_common.schemas' 2>/dev/null || { echo "lava: no lava_common (apt-get install lava-common)" >&2; exit 2; }

pass=0 fail=0
result() { if [ "$1" -eq 0 ]; then pass=$((pass + 1)); echo "ok - $2"; else fail=$((fail + 1)); echo "not ok - $2"; fi; }
finish() { echo "$pass passed, $fail failed, 0 skipped"; [ "$fail" -eq 0 ]; exit $?; }

dir=$(ci/kernel-fetch.sh fetch "$kver") || exit 1
rel=$(basename "$dir")
out=${RESULTS:-results}/lava-$rel-$mode
rm -rf "$out"
mkdir -p "$out"
out=$(cd "$out" && pwd)
[ "${NO_BUILD:-}" = 1 ] || ${MAKE:-make} --no-print-directory -s all >&2
RELEASE=$rel ci/mkinitramfs.sh "$out/initrd.cpio.gz" "$dir/modules" || exit 1
# the guest's scratch disk, as check-vm attaches it (fixtures/scratchdisk.h)
truncate -s 64M "$out/scratch.img"
sed -e "s|@KERNEL_NAME@|$rel|g" -e "s|@CGROUP@|$mode|g" \
	-e "s|@KERNEL_URL@|file://$dir/vmlinuz|" -e "s|@RAMDISK_URL@|file://$out/initrd.cpio.gz|" \
	-e "s|@SCRATCH_URL@|file://$out/scratch.img|" \
	-e "s|@CMDLINE_EXTRA@|$([ "$mode" != v2 ] || echo cgroup_no_v1=all)|" \
	ci/lava/job.yaml.in >"$out/job.yaml"

# LAVA's own schemas: the job (strict, as lava-server checks a submission)
# and the lava-test-shell test definition
$PY - "$out/job.yaml" ci/lava/nsprobe-testdef.yaml <<'EOF'
import sys, yaml
from lava_common.schemas import validate
from lava_common.schemas.test import testdef
with open(sys.argv[1]) as f:
    validate(yaml.safe_load(f), strict=True)
with open(sys.argv[2]) as f:
    testdef.validate(yaml.safe_load(f))
EOF
result $? "the job and the test definition pass LAVA's schemas (lava_common.schemas)"
[ "$stop" != --schema ] || finish
command -v lava-run >/dev/null || { echo "lava: no lava-run (apt-get install lava-dispatcher)" >&2; exit 2; }
# and lava-run's own validation of the job on this device (the pipeline)
lava-run --validate --job-id nsprobe-validate --output-dir "$out/validate" \
	--device ci/lava/qemu-device.yaml "$out/job.yaml" >"$out/validate.log" 2>&1
result $? "lava-run --validate accepts the job on the QEMU device ($out/validate.log)"
[ "$stop" != --validate ] || finish

# the job for real: lava-run logs YAML, one record a line; the monitor's
# test cases are the records of level "results" in definition "nsprobe"
timeout -k 10 1200 lava-run --job-id nsprobe-1 --output-dir "$out/lava" \
	--device ci/lava/qemu-device.yaml "$out/job.yaml" >"$out/lava.log" 2>&1
rc=$?
rm -f "$out/scratch.img"	# lava-run's copy is under its own tmp dir
result $rc "lava-run ran the job to its end (exit $rc, $out/lava.log)"
$PY - "$out/lava.log" >"$out/lava-cases" <<'EOF'
import sys, yaml
for line in open(sys.argv[1], errors='replace'):
    if '"lvl": "results"' not in line and "lvl: results" not in line:
        continue
    try:
        rec = yaml.safe_load(line.lstrip('- '))
    except yaml.YAMLError:
        continue
    msg = rec.get('msg', {}) if isinstance(rec, dict) else {}
    if isinstance(msg, dict) and msg.get('definition') == 'nsprobe':
        print(msg.get('result'), msg.get('case'))
EOF
sort -k2 -o "$out/lava-cases" "$out/lava-cases"
[ -s "$out/lava-cases" ]
result $? "LAVA recorded $(wc -l <"$out/lava-cases") test cases"

# the same kernel and initramfs contents booted directly; LAVA names a case
# in lower case with every run of non-word characters as "_"
RUN=lava-direct-$rel-$mode NO_BUILD=1 ci/check-vm.sh "$kver" "$mode" >/dev/null 2>"$out/direct.log"
awk -f ci/lava/tap2cases.awk "${RESULTS:-results}/lava-direct-$rel-$mode/tap" |
	awk '{ n = tolower($2); gsub(/[^a-z0-9_]+/, "_", n); print $1, n }' | sort -k2 >"$out/direct-cases"
[ -s "$out/direct-cases" ]
result $? "the direct run reported $(wc -l <"$out/direct-cases") checks"
diff -u "$out/direct-cases" "$out/lava-cases" >"$out/diff"
result $? "LAVA's test cases equal the direct run's, name and result ($out/diff)"
finish
