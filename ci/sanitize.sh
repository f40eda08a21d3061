#!/bin/sh
# Sanitizer and fuzzing gate (issue 9, reliability):
#
#   1. make check SANITIZE=address,undefined   CUnit self-tests and every
#      kernel suite, built with ASan+UBSan (build-san/, run as root);
#   2. make fuzz FUZZ_SECONDS=$FUZZ_SECONDS    every harness/tests/fuzz/fuzz_*.c
#      under libFuzzer (clang), each from its corpus.
#
#   ci/sanitize.sh            both (FUZZ_SECONDS defaults to 10 here)
#
# Installs clang and libclang-rt-14-dev (libclang_rt.fuzzer, which
# -fsanitize=fuzzer links, is in that package on Debian 12) when they are
# missing and we are root with apt-get.  Logs go to build-san/sanitize/.
#
# Exit status: 0 nothing found; 1 a sanitizer or fuzzer finding (or a
# failing check); 2 the tools are missing and could not be installed.
set -eu

cd "$(dirname "$0")/.."
FUZZ_SECONDS=${FUZZ_SECONDS:-10}
LOGS=build-san/sanitize
JOBS=$(nproc 2>/dev/null || echo 2)
export UBSAN_OPTIONS="print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"

# Can clang link a libFuzzer program here?
fuzzer_works() {
	tmp=$(mktemp -d)
	printf '%s\n' '#include <stddef.h>' '#include <stdint.h>' \
		'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);' \
		'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)' \
		'{ (void)d; (void)n; return 0; }' > "$tmp/t.c"
	ok=1
	command -v clang >/dev/null 2>&1 &&
		clang -fsanitize=fuzzer,address,undefined -o "$tmp/t" "$tmp/t.c" \
			>/dev/null 2>&1 && ok=0
	rm -rf "$tmp"
	return $ok
}

ensure_clang() {
	fuzzer_works && return 0
	if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
		echo "sanitize: clang with libFuzzer is missing; as root on Debian 12:" >&2
		echo "  apt-get update && apt-get install -y clang libclang-rt-14-dev" >&2
		return 1
	fi
	echo "sanitize: installing clang libclang-rt-14-dev" >&2
	export DEBIAN_FRONTEND=noninteractive
	# a fresh machine has no package lists yet
	if ! apt-get install -y clang libclang-rt-14-dev >&2; then
		apt-get update >&2
		apt-get install -y clang libclang-rt-14-dev >&2
	fi
	fuzzer_works
}

# ASan/UBSan/LSan reports anywhere in a log (a probe's stderr is quoted in
# its TAP only when it is not ok, so this is a second net, not the first).
sanitizer_reports() {
	grep -E 'ERROR: (Address|Leak|Undefined)Sanitizer|runtime error:|LeakSanitizer has encountered' "$1"
}

run_check() {
	echo "sanitize: make check SANITIZE=address,undefined" >&2
	if ! make -j"$JOBS" --no-print-directory SANITIZE=address,undefined \
		all build-san/selftest/selftest > "$LOGS/build.log" 2>&1; then
		tail -n 30 "$LOGS/build.log" >&2
		return 1
	fi
	rc=0
	make --no-print-directory check SANITIZE=address,undefined \
		> "$LOGS/check.log" 2>&1 || rc=1
	grep -E '^ +(suites|tests|asserts) ' "$LOGS/check.log" >&2 || true
	grep -E '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped' "$LOGS/check.log" >&2 || true
	if sanitizer_reports "$LOGS/check.log" >&2; then
		rc=1
	fi
	if [ $rc -ne 0 ]; then
		echo "sanitize: make check failed; not ok points:" >&2
		grep -E '^ *not ok' "$LOGS/check.log" | grep -v '# TODO' >&2 || true
		grep -E 'had failures|^ +[0-9]+\. ' "$LOGS/check.log" >&2 || true
	fi
	return $rc
}

# libFuzzer writes what it finds into the current directory, or where
# -artifact_prefix says (build-fuzz/NAME-crash-...).
artifacts() {
	ls -1 crash-* leak-* timeout-* oom-* build-fuzz/*-crash-* \
		build-fuzz/*-leak-* build-fuzz/*-timeout-* build-fuzz/*-oom-* \
		2>/dev/null || true
}

restore_corpus() {
	if [ -d "$LOGS/corpus.saved" ]; then
		rm -rf harness/tests/fuzz/corpus
		mv "$LOGS/corpus.saved" harness/tests/fuzz/corpus
	fi
}

run_fuzz() {
	before=$(artifacts)
	# libFuzzer writes every input with new coverage into the first corpus
	# dir and deletes inputs it reduced (thousands of changes in seconds):
	# a gate run must leave the corpus in git as it found it
	rm -rf "$LOGS/corpus.saved"
	cp -a harness/tests/fuzz/corpus "$LOGS/corpus.saved"
	trap restore_corpus EXIT
	trap 'exit 130' INT TERM
	echo "sanitize: make fuzz FUZZ_SECONDS=$FUZZ_SECONDS" >&2
	rc=0
	make -j"$JOBS" --no-print-directory fuzz FUZZ_SECONDS="$FUZZ_SECONDS" \
		> "$LOGS/fuzz.log" 2>&1 || rc=1
	grep -E '^fuzz: |^Done [0-9]+ runs' "$LOGS/fuzz.log" >&2 || true
	# `make fuzz` pipes each run through tail, so its status does not show
	# a finding: every target must have ended with libFuzzer's "Done".
	targets=$(grep -c '^fuzz: ' "$LOGS/fuzz.log" || true)
	done_lines=$(grep -c '^Done [0-9]* runs' "$LOGS/fuzz.log" || true)
	if [ "$targets" -eq 0 ] || [ "$targets" -ne "$done_lines" ]; then
		echo "sanitize: $((targets - done_lines)) of $targets fuzz targets stopped on a finding" >&2
		rc=1
	fi
	new=$(artifacts | if [ -n "$before" ]; then grep -vxF "$before"; else cat; fi || true)
	if [ -n "$new" ]; then
		echo "sanitize: new fuzzer artifacts (add them to the corpus):" >&2
		echo "$new" >&2
		rc=1
	fi
	[ $rc -eq 0 ] || tail -n 40 "$LOGS/fuzz.log" >&2
	restore_corpus
	return $rc
}

ensure_clang || exit 2
mkdir -p "$LOGS"
status=0
run_check || status=1
run_fuzz || status=1
if [ $status -eq 0 ]; then
	echo "sanitize: no findings" >&2
else
	echo "sanitize: FINDINGS (logs in $LOGS/)" >&2
fi
exit $status
