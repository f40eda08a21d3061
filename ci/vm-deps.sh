#!/bin/sh
# What ci/check-vm.sh needs besides the build dependencies (ci/deps.sh):
# qemu-system-x86_64, a static busybox, cpio, xz (Debian 6.12 modules are
# .ko.xz). As root with apt-get they are installed when missing (apt-get
# update first: a fresh machine has no package lists); otherwise the
# command is printed and the exit status is 1.
set -eu
ci/deps.sh install
missing=
command -v qemu-system-x86_64 >/dev/null 2>&1 || missing="$missing qemu-system-x86"
{ command -v busybox >/dev/null 2>&1 && ! ldd "$(command -v busybox)" >/dev/null 2>&1; } ||
	missing="$missing busybox-static"
command -v cpio >/dev/null 2>&1 || missing="$missing cpio"
command -v xz >/dev/null 2>&1 || missing="$missing xz-utils"
[ -n "$missing" ] || exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "vm-deps: installing$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >&2
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >&2
	exit 0
fi
echo "vm-deps: missing:$missing; install with: apt-get install --no-install-recommends$missing" >&2
exit 1
