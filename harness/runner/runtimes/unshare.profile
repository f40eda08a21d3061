# unshare(1), util-linux (Debian 12: 2.38.1).  Runs the command in new
# namespaces on the caller's root; nothing else is set up.
name      unshare
command   unshare
package   util-linux
version   --version
kind      cli
rootfs    no
# -f: the command is a child of unshare, so it is pid 1 of the new pid
# namespace; --mount-proc (implies -m) gives it that namespace's /proc
args      -f {runtime-args}
ns        pid     -p
ns        net     -n
ns        ipc     -i
ns        uts     -u
ns        mnt     --mount-proc
ns        cgroup  -C
ns        user    -U --map-root-user
ns        time    -T
exec      --
defaults  pid net ipc uts mnt cgroup

# What unshare(1) documents doing (and not doing) to the command.
policy    pid          1        unshare -f forks the command as the first process of the new pid namespace (unshare(1): --fork)
policy    setup-pids   none     unshare -f runs nothing else in the new pid namespace before the command
policy    lo           down     unshare -n configures nothing in the new network namespace (unshare(1))
policy    propagation  private  unshare makes every mount private in the new mount namespace (unshare(1): --propagation, default private)
policy    mounts       private  unshare makes every mount private in the new mount namespace (unshare(1): --propagation, default private)
policy    root         inherited  unshare keeps the caller's root: it never pivots (unshare(1) changes the root only with --root)
policy    caps         all      unshare keeps the caller's capabilities (unshare(1))
