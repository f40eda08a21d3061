#!/bin/sh
# Run a command and prove it installed nothing on the host: the boot files,
# the kernels' module trees, the package database and apt's own sources and
# lists are compared before and after.
#   ci/host-untouched.sh CMD [ARG...]
# Prints "host-untouched: ok" or each difference. Exit status: CMD's when
# nothing changed, 70 when something did (whatever CMD returned), 64 usage.
# Env: UNTOUCHED_ROOT (default empty: /) puts the watched paths under
# another directory, for this script's own test.
set -eu
[ $# -ge 1 ] || { echo "usage: ci/host-untouched.sh CMD [ARG...]" >&2; exit 64; }

# what `make matrix` used to change (kernel packages, initramfs-tools, kmod,
# the /vmlinuz link): names, sizes, times and link targets, and the dpkg
# status file's checksum
snapshot() {
	for p in /boot /lib/modules /usr/lib/modules /etc/apt /var/lib/apt/lists \
		/vmlinuz /vmlinuz.old /initrd.img /initrd.img.old; do
		p=${UNTOUCHED_ROOT:-}$p
		[ -e "$p" ] || [ -L "$p" ] || { echo "absent $p"; continue; }
		find "$p" -maxdepth 2 ! -name lock ! -path '*/partial*' \
			-printf '%p %y %s %T@ %l\n' 2>/dev/null | sort
	done
	for f in /var/lib/dpkg/status /var/lib/dpkg/available; do
		f=${UNTOUCHED_ROOT:-}$f
		[ ! -e "$f" ] || echo "$f $(sha256sum <"$f" | cut -d' ' -f1)"
	done
}

before=$(mktemp) after=$(mktemp)
trap 'rm -f "$before" "$after"' EXIT
snapshot >"$before"
rc=0
"$@" || rc=$?
snapshot >"$after"
if ! diff -u "$before" "$after" >&2; then
	echo "host-untouched: $1 changed the host's boot files, module trees or package state (diff above)" >&2
	exit 70
fi
echo "host-untouched: ok (/boot, /vmlinuz, /lib/modules, dpkg status, apt sources and lists unchanged)" >&2
exit "$rc"
