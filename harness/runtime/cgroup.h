/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Cgroups for the runtime core: one group per container, under one parent
 * group per run, with the controllers it asks for (memory, pids, cpu,
 * cpuset, io: runtime/cgfile.h), on v1, v2 and the hybrid layout.
 *
 *   <v1 hierarchy>/nsprobe-<run>/<name>   one per v1 controller asked for
 *                                         (and cpuacct along with cpu)
 *   <cgroup2 mount>/nsprobe-<run>/<name>  the v2 controllers' group, or on
 *                                         hybrid and v1-only a companion
 *
 * <run> is the run's identity, "PIDNS-PID-START" of its owner (lib/runid.h):
 * unique across pid namespaces and pid reuse, so a later run can prove a
 * tree stale (owner gone) and remove it, and never takes a live run's,
 * nested or not, for a dead one (core_cgroup_clean_stale).
 *
 * On a hybrid machine (controllers on v1, a cgroup2 mount at
 * /sys/fs/cgroup/unified) every group gets a group in cgroup2 too and
 * every attached task is put in all of them.  Where no asked controller
 * is on cgroup2 that group is a controller-less companion; it is there
 * for what v1 lacks: cgroup.kill (kill every member at once, racing
 * forks included) and cgroup.events (wait for "populated 0" with poll()
 * instead of re-reading cgroup.procs).
 *
 * A v1 cpuset group starts with empty cpuset.cpus and cpuset.mems, which
 * no task may join: every new level gets its parent's (the model's
 * v1_inherit rows), through libcgroup, before any limit is set.
 *
 * libcgroup 2.0.2 does the creating, the setting of controller values and
 * the attaching of tasks to the controllers' groups.  What it cannot do is done
 * on cgroupfs directly, and each place says why; in short (measured on
 * the hybrid Debian 12 / 6.18 machine, see cgroup.c):
 *   - it cannot address a cgroup2 hierarchy without controllers (create
 *     and attach fail with ECGROUPNOTEXIST): the companion is mkdir'd and
 *     written to by hand;
 *   - it never enables a controller in the cgroup2 root's
 *     cgroup.subtree_control, only below it;
 *   - cgroup_create_cgroup() succeeds on a group that already exists and
 *     leaves directories behind when it fails half-way;
 *   - cgroup_delete_cgroup_ext() migrates members into the parent (out of
 *     the memory limit), or with CGFLAG_DELETE_EMPTY_ONLY reports success
 *     while rmdir failed with EBUSY: groups are removed with rmdir(2);
 *   - it has no cgroup.kill and no way to wait for a group to empty.
 *
 * Every function returns 0 (or a count) on success and -1 with *e set on
 * failure: errno of the failing step plus context such as
 *   "create cgroup `nsprobe-41/c3': mkdir: Permission denied".
 * libcgroup's own codes (50000+) never leave this module: they become an
 * errno plus libcgroup's text.  Nothing here prints or exits.
 */
#ifndef NSP_RUNTIME_CGROUP_H
#define NSP_RUNTIME_CGROUP_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "lib/cglayout.h"
#include "lib/err.h"
#include "runtime/cgfile.h"

struct cgroup;			/* libcgroup's handle, <libcgroup.h> */

#define CORE_CG_PREFIX "nsprobe-"
#define CORE_CG_NAME_MAX 64	/* a container group's own name, with NUL */
#define CORE_CG_PATH_MAX 256	/* absolute group directories */

/*
 * How long an emptying waits for the members to be gone: a bound on a
 * blocking wait (poll() on cgroup.events or on pidfds), never a sleep.
 */
#define CORE_CG_KILL_TIMEOUT_MS 10000
/*
 * Rounds of "read cgroup.procs, SIGKILL each pid, wait for it to exit"
 * before a group that keeps refilling (a fork bomb outrunning us, a pid
 * we cannot see) is reported as EBUSY.  A round waits on pidfds, so one
 * round normally empties the group; on a kernel without pidfd_open()
 * (before 5.3) a round is a kill() pass plus sched_yield(), hence the
 * generous bound.
 */
#define CORE_CG_KILL_ROUNDS 1000
/* Read value of an unlimited file ("max"): see runtime/cgfile.h. */
#define CORE_CG_MAX CG_UNLIMITED

#define CORE_CG_HIER_MAX 8	/* v1 hierarchies a group can be in */

/* One v1 hierarchy a group is in. */
struct core_cg_hier {
	char name[16];			/* its controller: "memory", "cpuacct" */
	char dir[CORE_CG_PATH_MAX];	/* the group's directory in it */
	bool alias;			/* comounted with an earlier one ("cpu,cpuacct"):
					   the same directory, made and removed once */
};

/*
 * One container's group.  Fill it with core_cgroup_create(); a zeroed
 * struct (or CORE_CGROUP_INIT) is "nothing created" for destroy and
 * kill_all, so cleanup paths need not know how far creation got.
 */
struct core_cgroup {
	enum cg_version version;	/* the version of dir: CG_V1 or CG_V2 */
	unsigned ctrls;			/* CG_CTRL_BIT()s the group has */
	enum cg_version ctrl_version[CG_CTRL_COUNT];	/* where each one is */
	char name[2 * CORE_CG_NAME_MAX];	/* "nsprobe-<owner>/<name>" */
	char dir[CORE_CG_PATH_MAX];	/* the group's main directory: in the
					   memory hierarchy when it has memory,
					   else the first v1 one or cgroup2;
					   "" when nothing is created */
	char v2_dir[CORE_CG_PATH_MAX];	/* the group in cgroup2: dir itself on
					   v2, the companion on hybrid, "" on
					   pure v1 */
	bool nested;			/* in another group of ours (req.parent) */
	bool v2_own;			/* v2_dir is libcgroup's (a controller is
					   on cgroup2), not a companion */
	int v2_fd;			/* O_PATH|O_DIRECTORY|O_CLOEXEC of
					   v2_dir, or -1 */
	int nhier;
	struct core_cg_hier hier[CORE_CG_HIER_MAX];	/* the v1 groups */
	struct cgroup *lcg;		/* libcgroup handle of the group */
};

#define CORE_CGROUP_INIT { .v2_fd = -1 }

/* What a group is made with (core_cgroup_create_req). */
struct core_cgroup_req {
	unsigned ctrls;			/* CG_CTRL_BIT()s; the limits' own
					   controllers are added */
	const struct cg_limit *limits;	/* set once made (set_limits order) */
	size_t nlimits;
	bool close_swap;		/* memory: swap closed (the model's
					   closed value), as the OOM checks want */
	const struct core_cgroup *parent;	/* NULL: in the run's group; else
						   nested in this one, which must
						   have every controller asked */
	bool companion_made;		/* the group holds what
					   core_cgroup_companion_first made:
					   keep it, make the rest */
};

/*
 * "nsprobe-<run>", the run's parent group: the run of $NSHARNESS_RUN_ID
 * (nsharness exports its own before it enters its sandbox; a malformed
 * value is EINVAL, never silently replaced), else this process's.
 */
int core_cgroup_run_name(char *buf, size_t len, struct nsp_err *e);

/*
 * Create "nsprobe-<owner>/<name>" (or "<parent's name>/<name>") in the
 * hierarchy of each controller asked for, and its parents where missing,
 * with libcgroup; then set the limits.  name: 1..63 of [A-Za-z0-9_.-], not
 * starting with '.'; an existing group is EEXIST; a controller this
 * machine lacks is ENODEV naming it and the layout.  On v2 each
 * controller is enabled in the parent's cgroup.subtree_control (libcgroup
 * does it; the parents never hold processes, so the no-internal-process
 * rule holds) and, when missing, in the cgroup2 root's (which the rule
 * exempts; systemd has them on already, a bare initramfs has not).
 * Failure leaves nothing behind.
 */
int core_cgroup_create_req(struct core_cgroup *cg, const char *name,
			   const struct core_cgroup_req *r, struct nsp_err *e);

/*
 * A memory group, the OOM probes' kind: with memory_limit_bytes > 0 the
 * limit is set and swap closed, so that it cannot turn an OOM kill into
 * a pass (v1 memory.memsw.limit_in_bytes = the limit where swap
 * accounting has the file, v2 memory.swap.max = 0 where present).
 */
int core_cgroup_create(struct core_cgroup *cg, const char *name,
		       long long memory_limit_bytes, struct nsp_err *e);

/*
 * Would a group made from r be on cgroup2 alone, so that clone3() can put
 * a child in it (CLONE_INTO_CGROUP) and no attach is needed?  False on v1
 * and hybrid, and when the layout cannot be read (the create says why).
 */
bool core_cgroup_req_clones_into(const struct core_cgroup_req *r);

/*
 * Joining without a grace period.  Writing a pid to `tasks` or
 * cgroup.procs takes cgroup_threadgroup_rwsem for writing, and that
 * percpu rwsem, once idle, waits for an RCU grace period: 1 to 20 ms
 * measured on the hybrid 6.18 machine, most of a container's launch.  Two
 * ways in are exempt, and the launch takes them where it can:
 *   - clone3(CLONE_INTO_CGROUP) into a cgroup2 group (the fork path takes
 *     the rwsem for reading only);
 *   - a thread that writes "0" (itself) to a v1 `tasks` file: a single
 *     thread moving itself needs no threadgroup lock (kernels that still
 *     take it only make the write slower).
 * On hybrid the companion can be the first: made before the clone, with
 * nothing else, so that the child is cloned into it; the v1 groups follow
 * (core_cgroup_create_req with r->companion_made) while the child sets up.
 * Returns 1 when made; 0 when the request does not fit (a controller on
 * cgroup2, no cgroup2 mount, a bad name: the usual create says what);
 * -1 on failure, with nothing left.
 */
int core_cgroup_companion_first(struct core_cgroup *cg, const char *name,
				const struct core_cgroup_req *r, struct nsp_err *e);
/*
 * The launcher's half of the v1 self-join: each v1 hierarchy's `tasks`
 * file opened for writing (our credentials are the ones checked), *n of
 * them, to hand to the child.  0 files where the group has no v1 part.
 */
int core_cgroup_open_joins(const struct core_cgroup *cg, int *fds, size_t max, size_t *n,
			   struct nsp_err *e);
/* The child's half: "0" to each, in the calling (single-threaded)
 * process; the files are closed, joined or not. */
int core_cgroup_join_self(int *fds, size_t n, struct nsp_err *e);
/* The cgroup2 part only (the companion on hybrid), by pid. */
int core_cgroup_attach_v2(struct core_cgroup *cg, pid_t pid, struct nsp_err *e);

/*
 * Put `pid` in the group: every hierarchy (and the companion on hybrid).
 * On v1, libcgroup writes the `tasks` file, which moves that one thread:
 * attach a process while it is single-threaded (a fresh child, before
 * exec).
 */
int core_cgroup_attach(struct core_cgroup *cg, pid_t pid, struct nsp_err *e);

/*
 * The fd to pass as clone_args.cgroup with CLONE_INTO_CGROUP, or -1.
 * Only when every controller is on v2: on hybrid the child would land in
 * the cgroup2 group but not in the v1 ones, so attach instead.
 */
int core_cgroup_clone_fd(const struct core_cgroup *cg);

/*
 * The group's files, through the cgroup file model (runtime/cgfile.h):
 * items, never file names.  Numbers are canonical (v2 units and meaning,
 * CG_UNLIMITED for "max"); the model finds the file, its hierarchy and
 * its layout on this group's version.  An item this version lacks is
 * EOPNOTSUPP (with the version in the message), a file this kernel lacks
 * ENOENT, a missing key ENODATA.
 */
int core_cgroup_get(const struct core_cgroup *cg, enum cg_item it, long long *val,
		    struct nsp_err *e);
/* A per-device item (io): dev is "MAJ:MIN". */
int core_cgroup_get_dev(const struct core_cgroup *cg, enum cg_item it, const char *dev,
			long long *val, struct nsp_err *e);
/* Text items (cgroup.procs, cpuset lists), trailing newline removed. */
int core_cgroup_get_text(const struct core_cgroup *cg, enum cg_item it, char *buf,
			 size_t len, struct nsp_err *e);
/* The version `it` is on for this group, CG_VNONE when it has no such file. */
enum cg_version core_cgroup_version_of(const struct core_cgroup *cg, enum cg_item it);
/* Does the group have the file (this version has it, and the kernel)? */
bool core_cgroup_has(const struct core_cgroup *cg, enum cg_item it);
/* Open the item's file (v1 OOM notification wants its fd). */
int core_cgroup_open(const struct core_cgroup *cg, enum cg_item it, int flags,
		     struct nsp_err *e);


/*
 * Set limits and settings of the group through libcgroup, in an order the
 * kernel accepts.  On v1 the memsw file counts memory + swap and may never
 * be below the memory limit: setting CG_MEMORY_SWAP_MAX writes memsw =
 * memory limit + swap, setting CG_MEMORY_MAX alone keeps the swap allowance
 * as it was (the v2 meaning), and with both the one that may not pass the
 * other goes first.  Core files (cgroup.*) are written directly: libcgroup
 * 2.0.2 cannot write them on v2.  Stops at the first failure.
 */
int core_cgroup_set_limits(struct core_cgroup *cg, const struct cg_limit *lim, size_t n,
			   struct nsp_err *e);
int core_cgroup_set_limit(struct core_cgroup *cg, enum cg_item it, long long value,
			  struct nsp_err *e);
/* Text items: cpuset lists, the v1 event_control registration line. */
int core_cgroup_set_text(struct core_cgroup *cg, enum cg_item it, const char *text,
			 struct nsp_err *e);

/*
 * SIGKILL every member and return once the group is empty.  Where the
 * group has a cgroup2 side (v2, or the hybrid companion) that is
 * cgroup.kill and a poll() on cgroup.events until "populated 0"; the v1
 * group is then (or otherwise) emptied by rounds of cgroup.procs, see
 * CORE_CG_KILL_ROUNDS.  The caller must not be a member (the rounds
 * refuse with EDEADLK; cgroup.kill cannot tell).  A zeroed or destroyed
 * struct is a no-op.
 */
int core_cgroup_kill_all(struct core_cgroup *cg, struct nsp_err *e);
/* True when the group's memory limit made the OOM killer kill in it
 * (memory.events oom_kill on v2, memory.oom_control oom_kill on v1). */
bool core_cgroup_oom_killed(const struct core_cgroup *cg);

/*
 * Kill the members, rmdir the group (and the companion), then the run's
 * parent where it became empty (another container's group keeps it).
 * Safe on a zeroed, half-created or destroyed struct, and safe to call
 * again after a failure (nothing is forgotten until removal succeeded).
 */
int core_cgroup_destroy(struct core_cgroup *cg, struct nsp_err *e);

/*
 * The same for a group its owner knows to be empty (the init of its pid
 * namespace was reaped, which takes every member along): rmdir at once,
 * and only where that finds a member (EBUSY) the whole destroy.
 */
int core_cgroup_destroy_emptied(struct core_cgroup *cg, struct nsp_err *e);

/*
 * For __attribute__((cleanup)): destroy, dropping the error (call
 * core_cgroup_destroy() yourself where the error matters).
 *   core_cgroup_auto struct core_cgroup cg = CORE_CGROUP_INIT;
 */
void core_cgroup_autodestroy(struct core_cgroup *cg);
#define core_cgroup_auto __attribute__((cleanup(core_cgroup_autodestroy)))

/* These work on any group directory. */

/*
 * Empty the group at `dir` (absolute): cgroup.kill plus the wait on
 * cgroup.events where the file exists (v2: the whole subtree), else
 * rounds over cgroup.procs (that group only).
 */
int core_cgroup_empty_dir(const char *dir, struct nsp_err *e);

/*
 * Remove the group at `dir` with everything below it: empty each group,
 * children first, then rmdir.  A missing `dir` is not an error.  Depth is
 * bounded (ELOOP past 32 levels).
 */
int core_cgroup_remove_tree(const char *dir, struct nsp_err *e);

/* What a stale cleaning did, per tree and hierarchy. */
struct core_stale {
	unsigned removed;	/* trees of runs proved gone */
	unsigned unjudged;	/* of runs whose owner we cannot see */
};

/*
 * In every cgroup hierarchy mounted at or under /sys/fs/cgroup, remove
 * each top-level "nsprobe-<run>" whose owner is provably gone
 * (lib/runid.h: run_id_alive), members killed, subgroups first; also the
 * earlier versions' "nsprobe-<N>" where N is a dead pid of the initial pid
 * namespace.  A live owner, one this pid namespace cannot see (counted in
 * out->unjudged), any other name and our own run are never touched.  out
 * may be NULL.  Goes on past a failing tree and returns the first error.
 */
int core_cgroup_clean_stale(struct core_stale *out, struct nsp_err *e);

/*
 * Remove this run's whole "nsprobe-<owner>" tree in every hierarchy,
 * killing whatever is still in it (nsharness, at exit).
 */
int core_cgroup_remove_run(struct nsp_err *e);

/*
 * Translate a libcgroup return code into *e (errno + libcgroup's text):
 * ECGOTHER becomes cgroup_get_last_errno(), the others a fixed errno
 * (ECGROUPSUBSYSNOTMOUNTED: ENODEV, ECGROUPNOTEXIST: ENOENT, ...).
 * Returns -1.  Exposed so tests can check the mapping.
 */
int core_cgroup_lcg_error(struct nsp_err *e, int rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
