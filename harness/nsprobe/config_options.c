// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The kernel options --check-config reports: what container runtimes
 * (docker, podman, runc, crun, Kubernetes' kubelet) and this suite need,
 * why each matters, and which of our probes depend on it ("" when none
 * does yet: the option is there for the runtimes).  Grouped as a reader
 * scans them: namespaces, cgroups, IPC, network, file systems, security.
 * A row: the option, who needs it and why; on its second line, the probes.
 */
#include "nsprobe/nsprobe.h"

const struct diag_option diag_options[] = {
	/* namespaces */
	{ "CONFIG_NAMESPACES", "both", "every namespace type; without it clone(CLONE_NEW*) fails with EINVAL",
	  "*" },
	{ "CONFIG_UTS_NS", "both", "a hostname and domainname of the container's own",
	  "uts_isolation nsprobe_container" },
	{ "CONFIG_IPC_NS", "both", "SysV IPC objects and POSIX message queues per container",
	  "ipc_sysv ipc_sysv_join ipc_mqueue" },
	{ "CONFIG_PID_NS", "both", "the container's own pid numbering, /proc view and init",
	  "pid_numbering pid_proc_view pid_nspid pid_signals pid_nesting pid_setns pid_for_children oom_kill oom_init_victim cgroupns_root" },
	{ "CONFIG_NET_NS", "both", "a network stack per container (links, routes, sockets)",
	  "net_fresh_lo net_lo_up net_link_events net_veth_move net_views_agree net_netns_teardown core_veth core_launch" },
	{ "CONFIG_USER_NS", "both", "rootless containers and user-namespaced ones (uid/gid maps)",
	  "core_launch core_rootfs core_join mnt_setattr nsprobe_container" },
	{ "CONFIG_TIME_NS", "suite", "CLOCK_MONOTONIC/BOOTTIME offsets per container (CRIU restore)",
	  "nsprobe_lsns nsprobe_container" },
	/* cgroups */
	{ "CONFIG_CGROUPS", "both", "control groups at all: every limit, and cgroup namespaces",
	  "core_cgroup core_launch cgroupns_root oom_kill oom_counters" },
	{ "CONFIG_MEMCG", "both", "the memory controller: memory limits and the OOM killer inside a group",
	  "core_cgroup core_launch oom_kill oom_bystander oom_counters oom_init_victim oom_group_v2 oom_disable_v1" },
	{ "CONFIG_MEMCG_V1", "both", "the memory controller on a v1 hierarchy (an option since 6.12): without it a v1 layout has no memory controller and every memory check there skips",
	  "oom_disable_v1 core_cgroup oom_counters" },
	{ "CONFIG_MEMCG_SWAP", "both", "swap accounting (memory+swap limits, memory.memsw.* and memory.swap.*); an option before 6.1, since then part of MEMCG with SWAP (see swap accounting below)",
	  "core_cgroup oom_counters" },
	{ "CONFIG_SWAP", "both", "swap at all; memory+swap limits need it",
	  "core_cgroup" },
	{ "CONFIG_CGROUP_PIDS", "containers", "a limit on the number of tasks (fork bombs; docker --pids-limit)",
	  "" },
	{ "CONFIG_CGROUP_DEVICE", "containers", "device access control on cgroup v1 (/dev nodes a container may open)",
	  "" },
	{ "CONFIG_CGROUP_BPF", "containers", "device access control on cgroup v2, done with BPF programs by runc and crun",
	  "" },
	{ "CONFIG_CGROUP_FREEZER", "containers", "pausing a container (docker pause, cgroup.freeze)",
	  "" },
	{ "CONFIG_CGROUP_SCHED", "containers", "the cpu controller",
	  "" },
	{ "CONFIG_FAIR_GROUP_SCHED", "containers", "cpu shares between groups (cpu.weight, docker --cpu-shares)",
	  "" },
	{ "CONFIG_CFS_BANDWIDTH", "containers", "cpu quotas (cpu.max, docker --cpus)",
	  "" },
	{ "CONFIG_CPUSETS", "containers", "pinning to CPUs and memory nodes (cpuset, docker --cpuset-cpus)",
	  "" },
	{ "CONFIG_CPUSETS_V1", "containers", "the cpuset controller on a v1 hierarchy (an option since 6.12)",
	  "" },
	{ "CONFIG_BLK_CGROUP", "containers", "the io controller (io.weight, docker --blkio-weight)",
	  "" },
	{ "CONFIG_BLK_DEV_THROTTLING", "containers", "io bandwidth and iops limits (io.max, docker --device-read-bps)",
	  "" },
	/* IPC */
	{ "CONFIG_SYSVIPC", "both", "SysV message queues, semaphores and shared memory",
	  "ipc_sysv ipc_sysv_join" },
	{ "CONFIG_POSIX_MQUEUE", "both", "POSIX message queues and the mqueue file system",
	  "ipc_mqueue" },
	/* network */
	{ "CONFIG_VETH", "both", "the virtual ethernet pair that links a container's netns to the host",
	  "core_veth core_launch net_veth_move net_fresh_lo net_link_events net_views_agree net_netns_teardown nsprobe_container" },
	{ "CONFIG_BRIDGE", "containers", "the host bridge of docker's and podman's default network",
	  "" },
	{ "CONFIG_BRIDGE_NETFILTER", "containers", "iptables rules on bridged traffic (published ports, inter-container isolation)",
	  "" },
	{ "CONFIG_MACVLAN", "containers", "macvlan networks (a container on the host's LAN)",
	  "" },
	{ "CONFIG_IPVLAN", "containers", "ipvlan networks",
	  "" },
	{ "CONFIG_VXLAN", "containers", "overlay networks across hosts (docker swarm, flannel)",
	  "" },
	{ "CONFIG_NETFILTER_XT_MATCH_CONNTRACK", "containers", "stateful firewall rules the runtimes install",
	  "" },
	{ "CONFIG_IP_NF_NAT", "containers", "NAT: outbound masquerade and published ports",
	  "" },
	/* file systems */
	{ "CONFIG_OVERLAY_FS", "containers", "layered image root file systems (overlay2)",
	  "" },
	{ "CONFIG_TMPFS", "suite", "the container's /tmp, /dev and scratch trees",
	  "core_launch core_rootfs mnt_pivot mnt_private mnt_shared mnt_slave mnt_recursive mnt_unbindable mnt_propagate_from mnt_umount_propagation mnt_setattr ipc_mqueue" },
	{ "CONFIG_PROC_FS", "both", "/proc: pids, namespaces (/proc/PID/ns) and their views",
	  "*" },
	/* security */
	{ "CONFIG_SECCOMP", "containers", "system call filtering at all",
	  "" },
	{ "CONFIG_SECCOMP_FILTER", "containers", "BPF system call filters: the default profiles of docker, podman and runc",
	  "" },
	{ "CONFIG_KEYS", "containers", "kernel keyrings (a session keyring per container)",
	  "" },
	/* this suite */
	{ "CONFIG_IKCONFIG_PROC", "suite", "/proc/config.gz, where nsprobe --check-config reads the running kernel's config (else /boot/config-$(uname -r))",
	  "" },
};

const size_t diag_noptions = sizeof(diag_options) / sizeof(diag_options[0]);
