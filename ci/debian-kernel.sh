#!/bin/sh
# Print the path of a Debian kernel image to boot under QEMU, installing
# the newest package of that series when none is in /boot yet:
#   ci/debian-kernel.sh 6.1     linux-image-6.1.0-N-cloud-amd64-unsigned
#   ci/debian-kernel.sh 6.12    linux-image-6.12.N+deb12-amd64-unsigned
# Installing a kernel package does not change the running kernel; its
# initramfs-tools hook runs, grub is not needed (QEMU boots with -kernel).
# Exit 1 (nothing printed) when none is there and none can be installed.
set -eu
case "${1:-}" in
6.1) glob='6.1.0-*-cloud-amd64' re='^linux-image-6\.1\.0-[0-9]+-cloud-amd64-unsigned$' ;;
6.12) glob='6.12.*+deb12-amd64' re='^linux-image-6\.12\.[0-9]+\+deb12-amd64-unsigned$' ;;
*) echo "usage: ci/debian-kernel.sh 6.1|6.12" >&2; exit 2 ;;
esac
# shellcheck disable=SC2012,SC2086 # the glob must expand; kernel names are plain
newest() { ls /boot/vmlinuz-$glob 2>/dev/null | sort -V | tail -n 1; }
k=$(newest)
if [ -z "$k" ] && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
	export DEBIAN_FRONTEND=noninteractive
	pkg=$(apt-cache search --names-only "$re" 2>/dev/null | awk '{print $1}' | sort -V | tail -n 1)
	if [ -z "$pkg" ]; then
		apt-get update -qq >&2
		pkg=$(apt-cache search --names-only "$re" | awk '{print $1}' | sort -V | tail -n 1)
	fi
	if [ -n "$pkg" ]; then
		echo "debian-kernel: installing $pkg" >&2
		apt-get install -y -qq --no-install-recommends "$pkg" >&2 || true
	fi
	k=$(newest)
fi
[ -n "$k" ] || { echo "debian-kernel: no Debian $1 kernel in /boot and none installable here" >&2; exit 1; }
echo "$k"
