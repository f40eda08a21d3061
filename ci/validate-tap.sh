#!/bin/sh
# Check that a TAP stream is accepted by the consumers CI systems use:
# Debian's prove (TAP::Parser) and node's tap-parser in strict mode.
#   ci/validate-tap.sh FILE.tap
# Exit 0 when both parse it without parse errors (test failures inside the
# stream are not parse errors), 1 otherwise, 2 usage.
set -eu
[ $# -eq 1 ] || { echo "usage: ci/validate-tap.sh FILE.tap" >&2; exit 2; }
tap=$(readlink -f "$1")
here=$(cd "$(dirname "$0")" && pwd)
rc=0

# prove re-runs nothing: it reads the stream through cat as the "test"
if command -v prove >/dev/null 2>&1; then
	if prove --exec cat "$tap" 2>&1 | grep -Eq 'Parse errors|Bad plan|unknown TAP token'; then
		echo "validate-tap: prove reports parse errors:" >&2
		prove -v --exec cat "$tap" 2>&1 | grep -E 'Parse errors|Bad plan|unknown' >&2
		rc=1
	else
		echo "validate-tap: prove parses $1"
	fi
else
	echo "validate-tap: prove not installed (perl)" >&2
	rc=1
fi

if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
	if [ ! -d "$here/tap-validate/node_modules/tap-parser" ]; then
		(cd "$here/tap-validate" && npm install --silent --no-audit --no-fund >/dev/null 2>&1) ||
			{ echo "validate-tap: npm install tap-parser failed" >&2; exit 1; }
	fi
	node "$here/tap-validate/check.js" "$tap" || rc=1
else
	echo "validate-tap: node/npm not installed" >&2
	rc=1
fi
exit $rc
