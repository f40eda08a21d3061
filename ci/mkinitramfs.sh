#!/bin/sh
# Build the initramfs (cpio newc, gzip) that ci/check-vm.sh boots:
#   ci/mkinitramfs.sh OUT.cpio.gz [MODULES_DIR]
# It holds busybox-static with its applet links, build/nsharness,
# build/probes/*, build/nsprobe if built, suites/*.suite, the shared libraries
# they need (from ldd, with the dynamic loader), /boot/config-<release> when
# the host has it (Debian kernels have no /proc/config.gz), ci/vm-init.sh as
# /init, and from MODULES_DIR (a kernel's /lib/modules/<release>) the modules
# in $VM_MODULES (default: veth) with their dependencies from modules.dep,
# decompressed, listed in load order in /nsp/modules.order. A module the
# kernel has built in is simply not in modules.dep and is skipped.
# Env: B (build dir, default build), SUITES_DIR (default suites), VM_MODULES, VM_TOOLS (host programs
# copied to /usr/bin with their libraries, default lsns), NSHARNESS_ARGS (extra runner
# options written to /nsp/nsharness.args).
set -eu
[ $# -ge 1 ] || { echo "usage: ci/mkinitramfs.sh OUT.cpio.gz [MODULES_DIR]" >&2; exit 2; }
out=$1 moddir=${2:-}
B=${B:-build}
VM_MODULES=${VM_MODULES:-veth}
busybox=$(command -v busybox) || { echo "mkinitramfs: busybox not found (busybox-static)" >&2; exit 1; }
! ldd "$busybox" >/dev/null 2>&1 ||
	{ echo "mkinitramfs: $busybox is not static (install busybox-static)" >&2; exit 1; }

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/bin" "$stage/sbin" "$stage/usr/bin" "$stage/usr/sbin" "$stage/etc" \
	"$stage/proc" "$stage/sys" "$stage/dev" "$stage/tmp" "$stage/run" "$stage/newroot" \
	"$stage/nsp/probes" "$stage/nsp/suites" "$stage/nsp/modules" "$stage/boot"

cp "$busybox" "$stage/bin/busybox"
for a in $("$busybox" --list); do
	[ "$a" = busybox ] || ln -s busybox "$stage/bin/$a"
done
cp ci/vm-init.sh "$stage/init"
chmod 0755 "$stage/init"
printf 'root:x:0:0:root:/:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$stage/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$stage/etc/group"

cp "$B/nsharness" "$stage/nsp/"
[ ! -x "$B/nsprobe" ] || cp "$B/nsprobe" "$stage/nsp/"
cp "$B"/probes/* "$stage/nsp/probes/"
cp "${SUITES_DIR:-suites}"/*.suite "$stage/nsp/suites/" 2>/dev/null || true
printf '%s\n' "${NSHARNESS_ARGS:-}" >"$stage/nsp/nsharness.args"
# host tools some probes compare against (nsprobe.lsns-agreement), if present
for t in ${VM_TOOLS-lsns}; do
	p=$(command -v "$t" 2>/dev/null) || continue
	cp -L "$p" "$stage/usr/bin/$t"
done

# shared libraries, at the path the binaries were linked against
# shellcheck disable=SC2046 # an optional extra path
for lib in $(ldd "$stage"/nsp/nsharness "$stage"/nsp/probes/* "$stage"/usr/bin/* $( [ -x "$stage/nsp/nsprobe" ] && echo "$stage/nsp/nsprobe") 2>/dev/null |
	awk '/=> \// {print $3} /^[[:space:]]*\/[^ ]*ld-linux/ {print $1}' | sort -u); do
	mkdir -p "$stage$(dirname "$lib")"
	cp -L "$lib" "$stage$lib"
done

if [ -n "$moddir" ] && [ -f "$moddir/modules.dep" ]; then
	release=$(basename "$moddir")
	[ ! -f "/boot/config-$release" ] || cp "/boot/config-$release" "$stage/boot/"
	# depth-first over modules.dep: dependencies before the module
	order=$(for m in $VM_MODULES; do echo "$m"; done | awk -v dep="$moddir/modules.dep" '
		BEGIN { while ((getline l < dep) > 0) { split(l, a, ":"); k = a[1]
			n = k; sub(/.*\//, "", n); sub(/\.ko.*/, "", n); gsub(/-/, "_", n)
			path[n] = k; deps[k] = a[2] } }
		function visit(k,   d, i, n) { if (k in seen) return; seen[k] = 1
			n = split(deps[k], d, " "); for (i = 1; i <= n; i++) visit(d[i]); print k }
		{ n = $1; gsub(/-/, "_", n); if (n in path) visit(path[n]) }')
	for k in $order; do
		base=$(basename "$k"); base=${base%.xz}; base=${base%.zst}; base=${base%.gz}
		case "$k" in
		*.xz) xz -dc "$moddir/$k" 2>/dev/null >"$stage/nsp/modules/$base" ||
			busybox unxz -c "$moddir/$k" >"$stage/nsp/modules/$base" ;;
		*.zst) zstd -qdc "$moddir/$k" >"$stage/nsp/modules/$base" ;;
		*.gz) gzip -dc "$moddir/$k" >"$stage/nsp/modules/$base" ;;
		*) cp "$moddir/$k" "$stage/nsp/modules/$base" ;;
		esac
		echo "$base" >>"$stage/nsp/modules.order"
	done
fi

(cd "$stage" && find . -print | cpio -o -H newc --quiet) | gzip -1 >"$out.tmp"
mv "$out.tmp" "$out"
