# Our own runtime core: nsharness exec (README, nsharness exec): a tmpfs
# root with /usr, /lib*, /etc and the command's directory bound read-only,
# entered with pivot_root, fresh /proc and /dev.
name      core
command   nsharness
kind      core
rootfs    no
args      exec --ns {nslist} {runtime-args}
ns        pid     pid
ns        net     net
ns        ipc     ipc
ns        uts     uts
ns        mnt     mnt
ns        cgroup  cgroup
ns        user    user
ns        time    time
exec      --
defaults  pid net ipc uts mnt cgroup

policy    pid          1        nsharness exec runs the command as the first process of the new pid namespace
policy    setup-pids   none     nsharness exec starts nothing else in the new pid namespace before the command
policy    lo           down     nsharness exec leaves lo down unless --links-up
policy    propagation  private  nsharness exec makes the new tree private unless --propagation
policy    mounts       private  nsharness exec makes the new tree private unless --propagation
policy    root         pivoted  nsharness exec pivots into its tmpfs root
policy    caps         all      nsharness exec keeps the caller's capabilities
