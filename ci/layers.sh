#!/bin/sh
# The layer rule of the source tree, checked (make check runs it):
#   lib <- runtime <- fixtures <- probes;  runner and nsprobe use lib and
#   runtime only; the project's tests (harness/tests) may use everything.
# Every quoted #include must name its folder ("lib/err.h"), and point to a
# folder the including one may use.  Prints the folder-level include graph
# (GRAPH=1) and each violation as FILE:LINE: reason; exit 1 on any.
set -eu
cd "$(dirname "$0")/.."

folder_of() {	# source path -> layer name
	case "$1" in
	harness/lib/*) echo lib ;;
	harness/runtime/*) echo runtime ;;
	harness/runner/*) echo runner ;;
	harness/nsprobe/*) echo nsprobe ;;
	harness/tests/*) echo tests ;;
	fixtures/*) echo fixtures ;;
	probes/*) echo probes ;;
	*) echo other ;;
	esac
}

allowed() {	# FROM TO
	case "$1:$2" in
	lib:lib | runtime:lib | runtime:runtime) return 0 ;;
	fixtures:lib | fixtures:runtime | fixtures:fixtures) return 0 ;;
	probes:lib | probes:runtime | probes:fixtures) return 0 ;;
	runner:lib | runner:runtime | runner:runner) return 0 ;;
	nsprobe:lib | nsprobe:runtime | nsprobe:nsprobe) return 0 ;;
	tests:*) return 0 ;;
	esac
	return 1
}

bad=0
edges=$(mktemp)
trap 'rm -f "$edges"' EXIT
for f in $(git ls-files '*.c' '*.h' 2>/dev/null || find harness fixtures probes -name '*.[ch]'); do
	from=$(folder_of "$f")
	[ "$from" = other ] && continue
	grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$f" | while IFS= read -r hit; do
		line=${hit%%:*}
		inc=$(printf '%s\n' "$hit" | sed 's/.*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/')
		case "$inc" in
		*/*) to=$(folder_of "$(
			case "$inc" in
			fixtures/*) echo "$inc" ;;
			*) echo "harness/$inc" ;;
			esac)") ;;
		*) echo "$f:$line: #include \"$inc\" does not name its folder"; echo x >>"$edges.bad"; continue ;;
		esac
		if [ ! -f "harness/$inc" ] && [ ! -f "$inc" ]; then
			echo "$f:$line: #include \"$inc\": no such header"; echo x >>"$edges.bad"; continue
		fi
		echo "$from $to" >>"$edges"
		if ! allowed "$from" "$to"; then
			echo "$f:$line: $from may not include $to (\"$inc\")"; echo x >>"$edges.bad"
		fi
	done
done
[ ! -s "$edges.bad" ] || bad=1
rm -f "$edges.bad"
if [ "${GRAPH:-0}" = 1 ]; then
	echo "include graph (folder -> folder: includes):"
	sort "$edges" | uniq -c | awk '$2 != $3 {printf "  %-9s -> %-9s %4d\n", $2, $3, $1}'
fi
[ "$bad" -eq 0 ] && echo "layers: every include names its folder and points down" || exit 1
