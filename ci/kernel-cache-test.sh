#!/bin/bash
# Tests of the kernel cache and of check-vm's module rule, none of which
# boots a VM (make check-vm boots one; .ci/run does that step):
#   ci/kernel-cache-test.sh [SPEC]     SPEC a Debian kernel (default 6.12)
# 1. ci/host-untouched.sh notices a new boot file and a changed dpkg status
#    (against a scratch root), and passes an unchanged one;
# 2. fetching SPEC (ci/kernel-fetch.sh) leaves /boot, /vmlinuz, the module
#    trees, the dpkg database and apt's sources and lists as they were, and
#    the cache holds vmlinuz, config and modules;
# 3. check-vm refuses to boot that kernel without its modules when the suites
#    need one of them (CONFIG_VETH=m): exit 3 and a message naming veth, with
#    and without the kernel's config; with them the initramfs carries veth.ko.
# Prints "ok N - ..." lines and "N passed, N failed, 0 skipped" (.ci/run
# counts that line). Exit 1 on a failure.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
spec=${1:-6.12}
pass=0 fail=0 n=0
ok() { n=$((n + 1)); if [ "$1" -eq 0 ]; then pass=$((pass + 1)); echo "ok $n - $2"; else fail=$((fail + 1)); echo "not ok $n - $2"; fi; }
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# 1. the watcher itself
mkdir -p "$scratch/root/boot" "$scratch/root/var/lib/dpkg"
echo a >"$scratch/root/var/lib/dpkg/status"
UNTOUCHED_ROOT=$scratch/root ci/host-untouched.sh true 2>/dev/null
ok $? "host-untouched passes a command that changes nothing"
UNTOUCHED_ROOT=$scratch/root ci/host-untouched.sh touch "$scratch/root/boot/vmlinuz-x" 2>/dev/null
[ $? -eq 70 ]; ok $? "host-untouched exits 70 when a boot file appears"
UNTOUCHED_ROOT=$scratch/root ci/host-untouched.sh sh -c "echo b >>'$scratch/root/var/lib/dpkg/status'" 2>/dev/null
[ $? -eq 70 ]; ok $? "host-untouched exits 70 when the dpkg status changes"

# 2. a fetch installs nothing: a download into a scratch cache (apt lists,
# package download, unpacking all happen), then the shared cache
NSP_KERNEL_CACHE=$scratch/cache ci/host-untouched.sh ci/kernel-fetch.sh fetch "$spec" >/dev/null 2>"$scratch/fetch.log"
ok $? "downloading $spec changes nothing on the host (/boot, /vmlinuz, modules, dpkg, apt)"
grep -v '^kernel-fetch: ' "$scratch/fetch.log" | grep -v '^host-untouched: ok' | sed 's/^/# /'
rm -rf "$scratch/cache"
dir=$(ci/kernel-fetch.sh fetch "$spec")
[ -n "$dir" ] && [ -s "$dir/vmlinuz" ] && [ -s "$dir/config" ] && [ -d "$dir/modules" ]
ok $? "the cache holds vmlinuz, config and modules of $spec (${dir:-none})"
[ -n "$dir" ] || { echo "$pass passed, $fail failed, 0 skipped"; exit 1; }

# 3. the module rule (CONFIG_VETH=m in Debian's kernels)
grep -q '^CONFIG_VETH=m' "$dir/config"
ok $? "$spec builds veth as a module (the premise of the next checks)"
NO_BUILD=1 ci/check-vm.sh "$dir/vmlinuz" v2 1024M "$scratch/none" >/dev/null 2>"$scratch/nomod.log"
rc=$?
[ $rc -eq 3 ] && grep -q 'need veth' "$scratch/nomod.log"
ok $? "check-vm of a bare image with no modules and no config: exit 3 naming veth (got $rc)"
KCONFIG=$dir/config NO_BUILD=1 ci/check-vm.sh "$dir/vmlinuz" v2 1024M "$scratch/none" >/dev/null 2>"$scratch/nomod2.log"
rc=$?
[ $rc -eq 3 ] && grep -q 'veth and it is not in' "$scratch/nomod2.log"
ok $? "check-vm with the config (CONFIG_VETH=m) and no modules: exit 3 (got $rc)"
# (the listing goes to a file first: grep -q ending the pipe early would
# be a SIGPIPE failure under pipefail)
RELEASE=$(basename "$dir") ci/mkinitramfs.sh "$scratch/initrd.gz" "$dir/modules" 2>/dev/null &&
	zcat "$scratch/initrd.gz" | cpio -it --quiet >"$scratch/initrd.list" 2>/dev/null &&
	grep -qx 'nsp/modules/veth.ko' "$scratch/initrd.list"
ok $? "with the cached modules the initramfs carries nsp/modules/veth.ko"
echo "$pass passed, $fail failed, 0 skipped"
[ "$fail" -eq 0 ]
