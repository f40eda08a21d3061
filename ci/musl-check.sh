#!/bin/sh
# Compile with musl-gcc, compile-only (-c) into $B/musl/, every C file that
# needs nothing but libc and the kernel's uapi headers (linux/, asm/): the
# files whose header closure (cc -MM) has no libmnl, libcgroup or CUnit
# (or zlib) header. Prints one line per file: "ok", "FAIL <first error>" or
# "excluded (needs <lib>)". Exit 1 when a libc-only file does not compile.
# musl-gcc (Debian's musl-tools) is installed when missing (root + apt-get).
# musl-gcc sees only musl's headers; the kernel uapi ones come from the
# host's linux-libc-dev through symlinks, as Alpine's linux-headers does.
set -eu
cd "$(dirname "$0")/.."
B=${B:-build}
CC_HOST=${CC_HOST:-cc}
if ! command -v musl-gcc >/dev/null 2>&1; then
	if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -qq >&2
		apt-get install -y -qq --no-install-recommends musl-tools >&2
	else
		echo "musl-check: musl-gcc missing: apt-get install musl-tools" >&2
		exit 1
	fi
fi

inc=$B/musl/include
mkdir -p "$inc" "$B/musl/obj"
arch=$(${CC_HOST} -dumpmachine 2>/dev/null || echo x86_64-linux-gnu)
for d in /usr/include/linux /usr/include/asm-generic /usr/include/mtd "/usr/include/$arch/asm"; do
	[ -d "$d" ] && ln -sfn "$d" "$inc/$(basename "$d")"
done

CPPFLAGS="-D_GNU_SOURCE -Iharness -I. -isystem $inc"
WARN="-Wall -Wextra -Werror -Wshadow -Wformat=2 -Wstrict-prototypes -Wmissing-prototypes -Wno-missing-field-initializers"
PKG=$(pkg-config --cflags libmnl libcgroup cunit jansson 2>/dev/null || true)
ok=0 fail=0 excl=0
for f in harness/lib/*.c harness/runtime/*.c fixtures/*.c probes/*.c harness/runner/*.c harness/nsprobe/*.c; do
	[ -f "$f" ] || continue
	# shellcheck disable=SC2086
	deps=$(${CC_HOST} $CPPFLAGS $PKG -M "$f" 2>/dev/null | tr -d '\\\n') || deps=
	need=
	case "$deps" in *libmnl/*) need="$need libmnl" ;; esac
	case "$deps" in *libcgroup*) need="$need libcgroup" ;; esac
	case "$deps" in *CUnit/*) need="$need CUnit" ;; esac
	case "$deps" in */zlib.h*) need="$need zlib" ;; esac
	case "$deps" in */jansson.h*) need="$need jansson" ;; esac
	if [ -n "$need" ]; then
		printf '%-40s excluded (needs%s)\n' "$f" "$need"
		excl=$((excl + 1))
		continue
	fi
	o=$B/musl/obj/$(echo "${f%.c}" | tr / _).o
	# shellcheck disable=SC2086
	if err=$(musl-gcc -std=gnu11 -O2 $WARN $CPPFLAGS -c -o "$o" "$f" 2>&1); then
		printf '%-40s ok\n' "$f"
		ok=$((ok + 1))
	else
		printf '%-40s FAIL %s\n' "$f" "$(echo "$err" | grep -m1 -E 'error|warning' || echo "$err" | head -n 1)"
		echo "$err" | sed 's/^/    /' | head -n 12
		fail=$((fail + 1))
	fi
done
echo "musl-check: $ok compile, $fail fail, $excl excluded (need libmnl/libcgroup/CUnit/zlib/jansson)"
[ "$fail" -eq 0 ]
