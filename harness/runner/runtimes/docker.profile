# docker (Debian 12: docker.io 20.10), the engine reached through
# DOCKER_HOST.  make conformance starts a private dockerd (its own mount
# namespace, no bridge, no iptables, state in the run's work directory)
# and imports the image nsharness-rootfs (our skeleton's mount points);
# the probes and what they need are bound in read-only.  Containers are
# made by the daemon, outside our sandbox: the probes judge against the
# namespaces nsharness started in (daemon yes).  Lowered ulimits: docker
# raises RLIMIT_NOFILE by default, which needs CAP_SYS_RESOURCE.
name      docker
command   docker
package   docker.io
version   version --format {{.Server.Version}}
kind      cli
rootfs    yes
daemon    yes
args      run --rm --cgroup-parent {cgroup} --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 {runtime-args}
bind      --mount type=bind,src={src},dst={dst},readonly
env       --env {name}
ns        pid     default
ns-off    pid     --pid=host
ns        net     --network=none
ns-off    net     --network=host
ns        ipc     --ipc=private
ns-off    ipc     --ipc=host
ns        uts     default
ns-off    uts     --uts=host
ns        cgroup  --cgroupns=private
ns-off    cgroup  --cgroupns=host
ns        mnt     always
exec      nsharness-rootfs
defaults  pid net ipc uts mnt cgroup

policy    pid          1        docker runs the command as the container's first process unless --init (docker-run(1))
policy    lo           up       --network none gives a network namespace with only lo, which the OCI runtime (runc) brings up (docker-run(1): --network)
policy    setup-pids   some     runc under containerd's shim takes pids of the namespace after the command's first one before it runs (observed: ns_last_pid 5 or 6 with docker.io 20.10, runc 1.1.5)
policy    propagation  slave    moby sets no rootfs propagation without shared or slave binds (daemon/oci_linux.go: "default setting is private" leaves it unset), so runc makes / rslave (libcontainer: prepareRoot)
policy    mounts       mixed    the mounts runc makes (proc, tmpfs, devpts, mqueue, sysfs) are new and private, the root and binds stay slaves (libcontainer rootfs_linux.go)
policy    root         pivoted  runc pivots into the image's root (libcontainer: pivotRoot)
policy    caps         CAP_CHOWN,CAP_DAC_OVERRIDE,CAP_FOWNER,CAP_FSETID,CAP_KILL,CAP_SETGID,CAP_SETUID,CAP_SETPCAP,CAP_NET_BIND_SERVICE,CAP_NET_RAW,CAP_SYS_CHROOT,CAP_MKNOD,CAP_AUDIT_WRITE,CAP_SETFCAP   docker grants its default capability set only (docker-run(1): --cap-add; moby oci/caps/defaults.go): no CAP_NET_ADMIN, no CAP_SYS_ADMIN
