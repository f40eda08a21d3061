# runc (Debian 12: 1.1.5).  The harness writes the bundle: config.json
# from `runc spec` with the probe, our namespaces and read-only binds put
# in (harness/runner/rtoci.c); state under the run's work directory;
# cgroups under the run's nsprobe-<owner> group.
name      runc
command   runc
package   runc
version   --version
kind      oci
rootfs    yes
spec      spec
args      --root {state} run {runtime-args} --bundle {bundle} {id}
cleanup   --root {state} delete --force {id}
# the words are the OCI namespace types
ns        pid     pid
ns        net     network
ns        ipc     ipc
ns        uts     uts
ns        mnt     mount
ns        cgroup  cgroup
ns        user    user
defaults  pid net ipc uts mnt cgroup

# What runc and its spec document.
policy    pid          1        runc execs the command as the container's first process (runc init becomes it)
policy    setup-pids   some     runc init's stages (nsexec's parent, child and grandchild) take pids 2-5 of the namespace before the command runs as pid 1 (libcontainer nsenter: nsexec.c)
policy    lo           up       runc brings lo up in a new network namespace (libcontainer: the loopback network strategy)
policy    propagation  slave    runc makes / rslave when config.json sets no rootfsPropagation (libcontainer rootfs_linux.go: prepareRoot), so the root bind stays a slave of ours
policy    mounts       mixed    the mounts runc makes from config.json (proc, tmpfs, devpts, mqueue, sysfs) are new and private, the root and binds stay slaves (libcontainer rootfs_linux.go)
policy    root         pivoted  runc pivots into root.path (libcontainer: pivotRoot)
policy    caps         CAP_AUDIT_WRITE,CAP_KILL,CAP_NET_BIND_SERVICE   `runc spec` grants CAP_AUDIT_WRITE, CAP_KILL and CAP_NET_BIND_SERVICE only (process.capabilities)
