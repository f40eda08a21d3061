# podman (Debian 12: 4.3.1), rootful, run on our rootfs skeleton with
# --rootfs (no image), everything it keeps under the run's work directory
# (--root, --runroot, --tmpdir), cgroupfs groups under the run's group, no
# event log.  Its OCI runtime is runc: crun, podman's default, refuses
# hybrid cgroups.  Lowered ulimits: podman raises RLIMIT_NOFILE and NPROC
# by default, which needs CAP_SYS_RESOURCE (root lacks it on our hosts).
name      podman
command   podman
package   podman
version   --version
kind      cli
rootfs    yes
args      --root {state}/storage --runroot {state}/run --tmpdir {state}/tmp --cgroup-manager cgroupfs --events-backend none --runtime runc run --rm --cgroup-parent {cgroup} --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 {runtime-args}
bind      -v {src}:{dst}:ro
env       --env {name}
ns        pid     --pid=private
ns-off    pid     --pid=host
ns        net     --network=none
ns-off    net     --network=host
ns        ipc     --ipc=private
ns-off    ipc     --ipc=host
ns        uts     --uts=private
ns-off    uts     --uts=host
ns        cgroup  --cgroupns=private
ns-off    cgroup  --cgroupns=host
ns        mnt     always
# the rootfs goes where an image would: after the options
exec      --rootfs {rootfs}
defaults  pid net ipc uts mnt cgroup

policy    pid          1        podman runs the command as the container's first process unless --init (podman-run(1))
policy    setup-pids   some     podman's OCI runtime here is runc, whose init stages take the first pids of the namespace before the command runs
policy    lo           up       --network=none gives a network namespace with only lo, which the OCI runtime (runc) brings up (podman-run(1): --network none)
policy    propagation  slave    podman sets no rootfs propagation for --rootfs, so runc makes / rslave (libcontainer rootfs_linux.go: prepareRoot): the root stays a slave of ours
policy    mounts       mixed    the mounts the OCI runtime makes (proc, tmpfs, devpts, mqueue, sysfs) are new and private, the root and binds stay slaves (libcontainer rootfs_linux.go)
policy    root         pivoted  the OCI runtime pivots into the rootfs (libcontainer: pivotRoot)
policy    caps         CAP_CHOWN,CAP_DAC_OVERRIDE,CAP_FOWNER,CAP_FSETID,CAP_KILL,CAP_NET_BIND_SERVICE,CAP_SETFCAP,CAP_SETGID,CAP_SETPCAP,CAP_SETUID,CAP_SYS_CHROOT   podman grants containers.conf's default_capabilities only (containers.conf(5)): no CAP_NET_ADMIN, no CAP_SYS_ADMIN
