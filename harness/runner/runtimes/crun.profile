# crun (Debian 12: 1.8.1).  The harness writes the bundle as for runc:
# config.json from `crun spec` with the probe, our namespaces and
# read-only binds put in (harness/runner/rtoci.c).  crun refuses cgroup
# v1 and hybrid hosts: run it in the cgroup v2 VM (make conformance).
name      crun
command   crun
package   crun
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
refuses   cgroups=hybrid  crun: "cgroups in hybrid mode not supported, drop all controllers from cgroupv2"; run it in the cgroup v2 VM (make conformance)

# What crun and its spec document.
policy    pid          1        crun execs the command as the container's first process
policy    setup-pids   none     crun starts nothing else in the new pid namespace before the command
policy    lo           up       crun brings lo up in a new network namespace (libcrun linux.c: the loopback interface is set up)
policy    propagation  private  crun makes / rprivate when config.json sets no rootfsPropagation (libcrun linux.c: rootfs_propagation defaults to MS_REC|MS_PRIVATE)
policy    mounts       private  crun makes / rprivate when config.json sets no rootfsPropagation (libcrun linux.c: rootfs_propagation defaults to MS_REC|MS_PRIVATE)
policy    root         pivoted  crun pivots into root.path (libcrun linux.c: pivot_root)
policy    caps         CAP_AUDIT_WRITE,CAP_KILL,CAP_NET_BIND_SERVICE   `crun spec` grants CAP_AUDIT_WRITE, CAP_KILL and CAP_NET_BIND_SERVICE only (process.capabilities)
