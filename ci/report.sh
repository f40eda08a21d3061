#!/bin/sh
# Regenerate REPORT.md from results/ (ci/report.py; python3 is on every
# Debian 12 install).  ci/report.sh [RESULTS_DIR]
set -eu
cd "$(dirname "$0")/.."
python3 ci/report.py --update "${1:-${RESULTS:-results}}" >REPORT.md.tmp
mv REPORT.md.tmp REPORT.md
echo "report: REPORT.md written from ${1:-${RESULTS:-results}}/" >&2
