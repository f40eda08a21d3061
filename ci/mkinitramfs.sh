#!/bin/bash
# Build the initramfs (cpio newc, gzip) that ci/check-vm.sh boots:
#   ci/mkinitramfs.sh OUT.cpio.gz [MODULES_DIR|none]
# It holds busybox-static with its applet links, build/nsharness,
# build/probes/*, build/nsprobe if built, suites/*.suite, the shared libraries
# they need (from ldd, with the dynamic loader), the kernel's config as
# /boot/config-<release> (Debian kernels have no /proc/config.gz; nsprobe
# --check-config reads it), ci/vm-init.sh as /init (with
# ci/lava/tap2cases.awk for its LAVA mode), and the kernel modules
# the suites need, decompressed and listed in load order (dependencies
# first, from each module's own .modinfo "depends=") in /nsp/modules.order.
#
# VM_MODULES (default "veth:VETH loop:BLK_DEV_LOOP overlay:OVERLAY_FS
# bridge:BRIDGE virtio_pci:VIRTIO_PCI virtio_blk:VIRTIO_BLK", the last two for
# check-vm's scratch disk) lists MODULE:OPTION pairs, the kernel
# features the suites use that a kernel may build as a module. For each,
# the kernel's config (KCONFIG, else MODULES_DIR/config or
# /boot/config-<release>) and modules.builtin decide:
#   built in, or not configured at all   nothing to load (a probe that needs
#                                        it then skips, truthfully)
#   a module (=m)                         MODULE.ko* must be in MODULES_DIR,
#                                        else this fails (exit 3): a run
#                                        without it would report false skips
#                                        ("kernel has no veth")
#   unknown (no config, no modules.builtin) fails too, unless MODULES_DIR is
#                                        "none": the caller vouches that all
#                                        is built in
# Env: B (build dir, default build), SUITES_DIR (default suites), VM_MODULES,
# KCONFIG, RELEASE (the kernel release, for the config's name), VM_TOOLS
# (host programs copied to /usr/bin with their libraries, default lsns),
# NSHARNESS_ARGS (extra runner options written to /nsp/nsharness.args),
# VM_EXTRA (a directory copied to /nsp/extra: with an executable run.sh
# there, /init runs it instead of the suites, e.g. ci/bench-vm.sh).
# Exit status: 0; 1 a tool is missing; 2 usage; 3 a needed module is missing.
set -eu
[ $# -ge 1 ] || { echo "usage: ci/mkinitramfs.sh OUT.cpio.gz [MODULES_DIR|none]" >&2; exit 2; }
out=$1 moddir=${2:-}
B=${B:-build}
VM_MODULES=${VM_MODULES-veth:VETH loop:BLK_DEV_LOOP overlay:OVERLAY_FS bridge:BRIDGE virtio_pci:VIRTIO_PCI virtio_blk:VIRTIO_BLK}
busybox=$(command -v busybox) || { echo "mkinitramfs: busybox not found (busybox-static)" >&2; exit 1; }
! ldd "$busybox" >/dev/null 2>&1 ||
	{ echo "mkinitramfs: $busybox is not static (install busybox-static)" >&2; exit 1; }

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/bin" "$stage/sbin" "$stage/usr/bin" "$stage/usr/sbin" "$stage/etc" \
	"$stage/proc" "$stage/sys" "$stage/dev" "$stage/tmp" "$stage/run" "$stage/newroot" \
	"$stage/nsp/probes" "$stage/nsp/suites" "$stage/nsp/modules" "$stage/boot" \
	"$stage/nsp/runtimes"

cp "$busybox" "$stage/bin/busybox"
for a in $("$busybox" --list); do
	[ "$a" = busybox ] || ln -s busybox "$stage/bin/$a"
done
cp ci/vm-init.sh "$stage/init"
cp ci/lava/tap2cases.awk "$stage/nsp/"
chmod 0755 "$stage/init"
printf 'root:x:0:0:root:/:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$stage/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$stage/etc/group"

cp "$B/nsharness" "$stage/nsp/"
[ -z "${VM_EXTRA:-}" ] || cp -a "$VM_EXTRA" "$stage/nsp/extra"
[ ! -x "$B/nsprobe" ] || cp "$B/nsprobe" "$stage/nsp/"
cp "$B"/probes/* "$stage/nsp/probes/"
cp "${SUITES_DIR:-suites}"/*.suite "$stage/nsp/suites/" 2>/dev/null || true
cp harness/runner/runtimes/*.profile "$stage/nsp/runtimes/"	# nsharness --runtime (NSHARNESS_ARGS)
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

config=${KCONFIG:-}
[ -n "$config" ] || [ -z "$moddir" ] || [ ! -f "$moddir/config" ] || config=$moddir/config
[ -n "$config" ] || [ -z "${RELEASE:-}" ] || [ ! -f "/boot/config-$RELEASE" ] || config=/boot/config-$RELEASE
[ -z "$config" ] || [ -z "${RELEASE:-}" ] || cp "$config" "$stage/boot/config-$RELEASE"
vouch=''
[ "$moddir" != none ] || { moddir='' vouch=1; }
: >"$stage/nsp/modules.order"

missing() {	# MODULE WHY
	echo "mkinitramfs: the suites need $1 and $2" >&2
	echo "mkinitramfs: give the kernel's modules (MODULES=/lib/modules/<release>, or KVER= to fetch a Debian kernel with them), or MODULES=none if it is built in" >&2
	exit 3
}

# how the kernel has OPTION: y, m, n (not set) or ? (nothing tells)
option_state() {	# MODULE OPTION
	if [ -n "$moddir" ] && grep -q "/$1\.ko" "$moddir/modules.builtin" 2>/dev/null; then echo y; return; fi
	if [ -n "$config" ]; then
		v=$(sed -n "s/^CONFIG_$2=//p" "$config")
		echo "${v:-n}"
		return
	fi
	echo "?"
}

module_file() {	# NAME (either spelling, veth or br_netfilter/br-netfilter)
	[ -n "$moddir" ] || return 0
	find "$moddir" \( -name "$1.ko*" -o -name "$(echo "$1" | tr _ -).ko*" -o -name "$(echo "$1" | tr - _).ko*" \) \
		-print 2>/dev/null | head -n 1
}

unpack_module() {	# SRC DST
	case "$1" in
	*.xz) xz -dc "$1" >"$2" 2>/dev/null || busybox unxz -c "$1" >"$2" ;;
	*.zst) zstd -qdc "$1" >"$2" ;;
	*.gz) gzip -dc "$1" >"$2" ;;
	*) cp "$1" "$2" ;;
	esac
}

# the module, after the modules its .modinfo depends= names (depth first)
add_module() {	# NAME
	local name f ko d
	name=$(echo "$1" | tr - _)
	! grep -qx "$name.ko" "$stage/nsp/modules.order" || return 0
	f=$(module_file "$name")
	[ -n "$f" ] || missing "$name" "it is not in ${moddir:-the (absent) modules directory}"
	ko=$stage/nsp/modules/$name.ko
	unpack_module "$f" "$ko"
	for d in $(tr '\0' '\n' <"$ko" | sed -n 's/^depends=//p' | head -n 1 | tr ',' ' '); do
		add_module "$d"
	done
	echo "$name.ko" >>"$stage/nsp/modules.order"
}

for pair in $VM_MODULES; do
	mod=${pair%%:*} opt=${pair#*:}
	case "$(option_state "$mod" "$opt")" in
	y|n) ;;
	m) add_module "$mod" ;;
	*) f=$(module_file "$mod")
	   [ -z "$f" ] || { add_module "$mod"; continue; }
	   [ -n "$vouch" ] ||
		missing "$mod" "nothing tells whether this kernel builds CONFIG_$opt in (no config, no modules.builtin)" ;;
	esac
done

(cd "$stage" && find . -print | cpio -o -H newc --quiet) | gzip -1 >"$out.tmp"
mv "$out.tmp" "$out"
