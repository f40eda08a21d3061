# bubblewrap, bwrap(1) (Debian 12: 0.8.0).  The command runs in our rootfs
# skeleton, bound read-only, with what it needs bound in (the probes at
# /nsp/probes), a fresh /proc and /dev and a tmpfs on /tmp.
name      bwrap
command   bwrap
package   bubblewrap
version   --version
kind      cli
rootfs    yes
args      --die-with-parent --ro-bind {rootfs} / --proc /proc --dev /dev --tmpfs /tmp {runtime-args}
bind      --ro-bind {src} {dst}
ns        pid     --unshare-pid
ns        net     --unshare-net
ns        ipc     --unshare-ipc
ns        uts     --unshare-uts
ns        cgroup  --unshare-cgroup
ns        user    --unshare-user
# bwrap always makes a mount namespace (its rootfs is built in one)
ns        mnt     always
exec      --
defaults  pid net ipc uts mnt cgroup

# What bwrap(1) and bubblewrap's sources document about the sandbox.
policy    pid          2 unless=--as-pid-1   bwrap runs the command as pid 2 under an init of its own that reaps children (bwrap(1): --as-pid-1 drops it)
policy    lo           up       bwrap brings lo up in its new network namespace (bubblewrap network.c: loopback_setup, 127.0.0.1 on an up lo)
policy    propagation  slave    bwrap makes every mount a slave of ours before it builds the root (bubblewrap.c: MS_SLAVE|MS_REC on /), and binds the root from our rootfs: the root stays a slave
policy    mounts       mixed    bwrap's own mounts (/, /proc, /dev, /tmp) are private, its binds of our directories stay slaves of them (bwrap(1): --bind, --ro-bind)
policy    root         pivoted  bwrap pivots into the root it built (bubblewrap.c: pivot_root)
policy    caps         all      bwrap run by root without a user namespace keeps root's capabilities (bwrap(1): --cap-add, --cap-drop)
