/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What a container is: the spec the runtime core launches from, and the
 * parsers that turn command-line words into it (namespace lists, sizes,
 * propagation names).  Parsers never print: they return -1 with *e set.
 */
#ifndef NSP_RUNTIME_SPEC_H
#define NSP_RUNTIME_SPEC_H

#include <sched.h>
#include <stdbool.h>
#include <sys/types.h>

#include "lib/nsfile.h"

#include "lib/err.h"
#include "runtime/cgfile.h"

struct core_cgroup;

#define CORE_NS_ALL (CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWPID | \
		     CLONE_NEWNET | CLONE_NEWCGROUP | CLONE_NEWUSER | CLONE_NEWTIME)

enum core_propagation {
	CORE_PROP_PRIVATE = 0,	/* MS_REC|MS_PRIVATE: the default */
	CORE_PROP_SHARED,
	CORE_PROP_SLAVE,
	CORE_PROP_UNBINDABLE,
};

enum core_rootfs {
	CORE_ROOTFS_NONE = 0,	/* keep the caller's root (mnt ns only) */
	CORE_ROOTFS_MINIMAL,	/* tmpfs + read-only binds, pivot_root */
	CORE_ROOTFS_DIR,	/* pivot_root into spec.rootfs_dir */
	CORE_ROOTFS_LAYERS,	/* overlayfs of spec.layers, pivot_root */
};

/* Time namespace offsets (seconds) of CLOCK_MONOTONIC and CLOCK_BOOTTIME. */
struct core_time_offsets {
	bool set;
	long long monotonic, boottime;
};

/*
 * The smallest memory limit that works: the container's own setup (and
 * exec) run in its group and are charged there.  Measured on 6.18 (v1
 * memory): setup plus /bin/true need 256 KiB, with every namespace and a
 * veth as well; 1 MiB leaves room for other kernels.
 */
#define CORE_MEMORY_MIN (1024 * 1024)

struct core_spec {
	int namespaces;			/* CLONE_NEW* */
	enum core_rootfs rootfs;	/* needs CLONE_NEWNS unless NONE */
	const char *rootfs_dir;		/* for CORE_ROOTFS_DIR */
	const char *const *layers;	/* for CORE_ROOTFS_LAYERS: overlay lower
					   dirs, lowest first (NULL-terminated);
					   the upper is a tmpfs of the container */
	const char *const *binds;	/* host paths bound read-only at the
					   same path (NULL-terminated) */
	const char *hostname;		/* needs CLONE_NEWUTS */
	const char *domainname;
	long long memory_limit;		/* bytes, 0: no memory limit; > 0
					   closes swap too (see cgroup.h);
					   see CORE_MEMORY_MIN */
	unsigned cgroup_ctrls;		/* CG_CTRL_BIT()s the group has besides
					   the limits' own (counters only) */
	const struct cg_limit *cgroup_limits;	/* pids, cpu, cpuset, io...
						   (runtime/cgfile.h) */
	size_t cgroup_nlimits;		/* at most CORE_SPEC_LIMITS_MAX */
	const struct core_cgroup *cgroup_parent;	/* nest the group in
							   this one (NULL: the
							   run's group) */
	const char *cgroup_name;	/* default: "c<pid>-<n>"; a group is made
					   when any cgroup field is set */
	bool veth;			/* veth pair, one end inside */
	const char *veth_outside;	/* default: "nsp<pid>x<n>" */
	const char *veth_inside;	/* default: "eth0" */
	const char *bridge;		/* the veth's outside end becomes a port of
					   this bridge (made, up, when missing) */
	const char *address;		/* "A.B.C.D/P" for the inside end */
	bool links_up;			/* bring lo (and the veth) up inside */
	pid_t net_from;			/* share this process's network namespace
					   (docker run --net container:ID) */
	struct core_time_offsets time;	/* written before the init enters */
	enum core_propagation propagation;
	bool map_root;			/* user ns: caller's uid/gid -> 0 */
	char *const *argv;		/* exec this, or ... */
	int (*fn)(void *arg);		/* ... run this in the child; its return
					   value is the exit status */
	void *arg;
};

#define CORE_SPEC_LIMITS_MAX 15

/* "pid,uts,ipc,mnt,net,cgroup,user,time" or "all" into CLONE_NEW* flags. */
int core_parse_namespaces(const char *list, int *flags, struct nsp_err *e);
/* "67108864", "64M", "64MiB", "1G", "512k" into bytes (> 0). */
int core_parse_size(const char *text, long long *bytes, struct nsp_err *e);
/* "monotonic=SECONDS" or "boottime=SECONDS" (may be negative) into *t. */
int core_parse_time_offset(const char *text, struct core_time_offsets *t,
			   struct nsp_err *e);
/* "private", "shared", "slave", "unbindable". */
int core_parse_propagation(const char *text, enum core_propagation *p,
			   struct nsp_err *e);
const char *core_propagation_name(enum core_propagation p);
/* Limits (spec_limits.c): a count from min to max ("--pids-max 64"). */
int core_parse_count(const char *text, long long min, long long max, long long *v,
		     struct nsp_err *e);
/* "0.5", "2" CPUs into a quota for period_us (at least the kernel's 1 ms). */
int core_parse_cpus(const char *text, long long period_us, long long *quota_us,
		    struct nsp_err *e);
/* The shape of a CPU list ("0", "0-1", "0,2"); which CPUs exist is the kernel's say. */
int core_parse_cpulist(const char *text, struct nsp_err *e);
/* "DEV:BYTES", DEV a block device path or MAJ:MIN: dev gets "MAJ:MIN". */
int core_parse_iolimit(const char *text, char *dev, size_t dlen, long long *bps,
		       struct nsp_err *e);
/* Check the combination before anything is created (EINVAL with why). */
int core_spec_validate(const struct core_spec *s, struct nsp_err *e);

#endif
