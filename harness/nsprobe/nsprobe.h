/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nsprobe: namespace diagnostics for one process or one namespace file.
 *
 * The program is collect-then-render: every collector fills its part of a
 * struct diag_report (never printing), each item either read or carrying a
 * struct diag_miss that says why not (errno + what it needs); the renderers
 * (text, JSON) only format.  Output is built in memory and written only
 * when the target was still alive at the end, so a process that exits
 * while being probed gives one error line, never half a report.
 *
 * nsprobe never changes namespace itself and never changes what it
 * inspects: whatever needs setns() runs in a forked child (views.c).
 */
#ifndef NSP_DIAG_NSPROBE_H
#define NSP_DIAG_NSPROBE_H

#include <limits.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "lib/err.h"
#include "lib/nstype.h"
#include "lib/procstatus.h"

struct jw;
/* Start an nsprobe JSON document: jw_init, the top object, the schema
 * version (see nsprobe(1)) and the mode ("report", "compare",
 * "check-config"). */
void jw_begin_doc(struct jw *w, FILE *out, const char *mode);

/* Exit statuses (documented in nsprobe.1 and --help). */
enum {
	NSPROBE_OK = 0,
	NSPROBE_GONE = 1,	/* no such process / it exited / no such path */
	NSPROBE_USAGE = 2,	/* bad command line or a TARGET of the wrong kind */
	NSPROBE_PERM = 3,	/* the target itself is not readable by us */
	NSPROBE_PARTIAL = 4,	/* report written, some items unreadable */
	NSPROBE_INTERNAL = 5,	/* our own failure (out of memory, fork) */
};

/* Why an item is missing: errno plus a short phrase ("needs CAP_SYS_ADMIN"). */
struct diag_miss {
	int errnum;		/* 0: the item was read */
	char why[200];
};

/* ---- target.c ------------------------------------------------------- */
enum diag_target_kind { TGT_PID, TGT_NSFILE };

struct diag_target {
	const char *spec;	/* as given on the command line */
	enum diag_target_kind kind;
	pid_t pid;		/* TGT_PID */
	int pidfd;		/* TGT_PID, -1 where the kernel has none */
	char comm[64];
	char path[PATH_MAX];	/* TGT_NSFILE: the file */
	int nsfd;		/* TGT_NSFILE: open on the file */
	int nsflag;		/* TGT_NSFILE: CLONE_NEW* from NS_GET_NSTYPE */
};

/*
 * Parse and open TARGET.  On failure returns an NSPROBE_* exit status and
 * writes the reason (without the "nsprobe: TARGET: " prefix) into why.
 */
int target_open(struct diag_target *t, const char *spec, char *why, size_t len);
/* True while a TGT_PID target is alive and not a zombie. */
bool target_alive(const struct diag_target *t);
void target_close(struct diag_target *t);
/* "X" from /proc/<pid>/stat state; '?' when unreadable. */
char target_state(pid_t pid);

/* ---- ns_info.c ------------------------------------------------------ */
#define DIAG_NTYPES NS_NFILES	/* one row per file in lib/nstype.c */

struct diag_nsinfo {
	const struct ns_type *type;
	bool present;		/* false: see miss (ENOENT: kernel lacks type) */
	struct diag_miss miss;
	char file[PATH_MAX];
	dev_t dev;
	ino_t ino;
	bool has_id;		/* NS_GET_ID */
	uint64_t id;
	struct diag_miss id_miss;
	int initial;		/* 1 yes, 0 no, -1 unknown */
	char initial_basis[200];
	bool has_owner;		/* NS_GET_USERNS */
	ino_t owner_ino;
	struct diag_miss owner_miss;
	bool parent_applies;	/* pid and user namespaces */
	bool has_parent;	/* NS_GET_PARENT */
	ino_t parent_ino;
	struct diag_miss parent_miss;
	bool has_owner_uid;	/* user namespaces: NS_GET_OWNER_UID */
	uid_t owner_uid;
	struct diag_miss owner_uid_miss;
	long nprocs;		/* processes sharing it (from scan.c), -1 unknown */
	int nthreads_differ;	/* threads of the target in another one */
	pid_t *threads_differ;	/* malloc'd, as many as there are */
	size_t threads_cap;
	/* the owning user namespace, its parent, ... up to the top of our
	 * view (NS_GET_USERNS, then NS_GET_PARENT until EPERM); malloc'd */
	ino_t *owner_chain;
	size_t owner_chain_n, owner_chain_cap;
	bool owner_chain_to_initial;	/* it ends at the initial user ns */
};

/* Fill `ni` from an open namespace fd (the caller closes it). */
void ns_info_from_fd(struct diag_nsinfo *ni, int fd, const char *file);
/* Fill `ni` for /proc/<pid>/ns/<type>. */
void ns_info_of_pid(struct diag_nsinfo *ni, const struct ns_type *ty, pid_t pid);

/* ---- scan.c --------------------------------------------------------- */

struct diag_member {
	pid_t pid;		/* in our pid namespace */
	pid_t ns_pid;		/* in the target's pid namespace, 0 unknown */
};

struct diag_pidview {
	bool applies;
	struct diag_miss miss;
	struct ns_status st;		/* NSpid/NStgid ..., outermost first */
	int nlevels;			/* pid namespaces above it, us included */
	ino_t level_ino[NSP_MAX_PID_LEVELS];	/* outermost first; 0 unknown */
	size_t nmembers;		/* direct members of its pid namespace */
	struct diag_member *members;	/* malloc'd, as many as there are */
	size_t members_cap;
};

/* Count sharers of every present namespace in r->ns and list pid-ns
 * members; threads of the target that differ. */
struct diag_report;
void scan_sharers(struct diag_report *r);
void pid_view(struct diag_report *r);

/* ---- views.c -------------------------------------------------------- */
#define DIAG_ADDR_LEN 64	/* "10.0.0.1/24", "fe80::1/64" */

struct diag_utsview {
	bool applies;
	struct diag_miss miss;
	char hostname[65];
	char domainname[65];
};

struct diag_linkview {
	char name[IFNAMSIZ];
	int ifindex;
	unsigned int flags;
	uint8_t operstate;
	bool has_operstate;
	uint32_t mtu;
	char kind[32];
	char master[IFNAMSIZ];		/* the bridge (IFLA_MASTER) it is a port of */
	char mac[3 * 32];
	int naddrs;
	char (*addrs)[DIAG_ADDR_LEN];	/* malloc'd, as many as it has */
	size_t addrs_cap;
};

/* Every link of the namespace, however many (a host may have hundreds). */
struct diag_netview {
	bool applies;
	struct diag_miss miss;
	int nlinks;
	struct diag_linkview *links;	/* malloc'd */
};

struct diag_ipcview {
	bool applies;
	struct diag_miss miss;
	long msg_queues, shm_segments, sem_sets;
	long posix_mqueues;		/* -1: see mq_miss */
	struct diag_miss mq_miss;
};

/* Each runs a forked child that setns()es into the one namespace. */
void view_uts(struct diag_utsview *v, int nsfd);
void view_net(struct diag_netview *v, int nsfd);
void view_ipc(struct diag_ipcview *v, int nsfd);

/* ---- procviews.c: mnt, cgroup, user from /proc and cgroupfs --------- */
/* Every list below is malloc'd and as long as /proc says (report_free). */

struct diag_mntview {
	bool applies;
	struct diag_miss miss;
	char root[PATH_MAX];		/* readlink /proc/<pid>/root */
	struct diag_miss root_miss;
	size_t nmounts;
	char root_fstype[32];
	char root_source[128];
	int root_shared, root_master;	/* peer group ids, 0: none */
	bool root_unbindable;
	int npeers;			/* peer groups any mount is in */
	int *peers;
	size_t peers_cap;
	/* the root mount when it is an overlay (its super options) */
	bool overlay;
	char **lower;			/* lowerdir, top first; malloc'd */
	size_t nlower;
	char *upper, *work;		/* malloc'd, or NULL */
};

struct diag_cgentry {
	int hierarchy;
	char controllers[64];
	char path[256];
	bool deleted;
};

struct diag_memcg {
	int version;			/* 1, 2; 0 none */
	char dir[PATH_MAX];
	struct diag_miss miss;
	long long limit, usage, max_usage, failcnt, oom, oom_kill; /* -1 n/a */
	int under_oom;			/* -1 n/a */
};

/* One value of a controller's group, named as the cgroup file model does. */
struct diag_cgvalue {
	const char *name;		/* canonical: "pids.max", "cpu.stat.usage_usec" */
	bool ok;			/* read; else n/a (this group or kernel lacks it) */
	bool is_list;			/* a list (cpuset): in list */
	long long v;			/* CG_UNLIMITED: unlimited */
	char list[64];
};

#define DIAG_CG_VALUES 12		/* a controller's rows in the model */
#define DIAG_CG_DEVS 8
#define DIAG_CG_DEV_VALUES 4

struct diag_cgdev {
	char dev[16];			/* "MAJ:MIN" */
	int n;
	struct diag_cgvalue values[DIAG_CG_DEV_VALUES];
};

/* cglimits.c: one controller's limits and counters for the target's group. */
struct diag_cgctrl {
	const char *name;		/* "pids", "cpu", "cpuset", "io" */
	int version;			/* 1, 2; 0: the controller is not here */
	char dir[PATH_MAX];
	struct diag_miss miss;
	int n;
	struct diag_cgvalue values[DIAG_CG_VALUES];
	int ndevs;			/* per-device values (io) */
	struct diag_cgdev devs[DIAG_CG_DEVS];
};

struct diag_cglimits {
	int n;
	struct diag_cgctrl ctrl[8];	/* every controller of the model but memory */
};

struct diag_cgview {
	bool applies;
	struct diag_miss miss;
	char layout[16];
	int nentries;
	struct diag_cgentry *entries;
	struct diag_memcg mem;
	struct diag_cglimits limits;
};

struct diag_idmap {
	long inside, outside, count;
};

struct diag_userview {
	bool applies;
	struct diag_miss miss;
	int nuid, ngid;
	struct diag_idmap *uid, *gid;
	char setgroups[16];
};

/* The offsets of /proc/<pid>/timens_offsets: those of the target's
 * time_for_children namespace, its own unless it unshared another. */
struct diag_timeview {
	bool applies;
	struct diag_miss miss;
	long long mono_s, boot_s;
	long mono_ns, boot_ns;
};

void mnt_view(struct diag_mntview *v, pid_t pid);
void cglimits_view(struct diag_cglimits *l, pid_t pid);
void time_view(struct diag_timeview *v, pid_t pid);
void cgroup_view(struct diag_cgview *v, pid_t pid);
void user_view(struct diag_userview *v, pid_t pid);

/* ---- the whole report ----------------------------------------------- */
struct diag_report {
	struct diag_target *tgt;
	size_t nns;
	struct diag_nsinfo ns[DIAG_NTYPES];
	struct diag_pidview pid;
	struct diag_utsview uts;
	struct diag_netview net;
	struct diag_ipcview ipc;
	struct diag_mntview mnt;
	struct diag_cgview cg;
	struct diag_userview user;
	struct diag_timeview time;
};

/* collect.c: everything about the target; returns the number of missing
 * items (0: complete). */
int report_collect(struct diag_report *r, struct diag_target *t, bool views);
void report_free(struct diag_report *r);
const struct diag_nsinfo *report_ns(const struct diag_report *r, const char *type);

/* render.c: the report, section by section (render_*.c) */
void render_text(FILE *out, const struct diag_report *r);
void render_json(FILE *out, const struct diag_report *r);

/* compare.c: namespace by namespace; `json` selects the format. */
void render_compare(FILE *out, const struct diag_report *a,
		    const struct diag_report *b, bool json);

/* check_config.c: returns an exit status; check_cgroups.c its cgroup part.
 * With `kconfig_path` the options are read from that file (a kernel not
 * running here) and only the config sections are written. */
int check_config(FILE *out, bool json, const char *kconfig_path);

/* config_options.c: the options --check-config reports. */
struct diag_option {
	const char *option;	/* CONFIG_... */
	const char *who;	/* "containers", "suite" or "both" */
	const char *why;	/* what it gives a container */
	const char *probes;	/* space-separated probes that need it, "*" for
				 * every probe, "" for none yet */
};
extern const struct diag_option diag_options[];
extern const size_t diag_noptions;
struct jw;
struct kconfig;
void cfg_cgroups(FILE *out, struct jw *w);
/* check_swap.c: swap accounting from the config, and (live) the machine */
void cfg_swap_accounting(FILE *out, struct jw *w, const struct kconfig *kc, bool live);

/* miss.c: helpers for struct diag_miss */
void miss_set(struct diag_miss *m, int errnum, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* errno -> "needs CAP_SYS_ADMIN" style phrase for privilege errors */
const char *miss_need(int errnum);
/* "why (EPERM)" into buf */
const char *miss_str(const struct diag_miss *m, char *buf, size_t len);
int miss_from_err(struct diag_miss *m, const struct nsp_err *e);

#endif
