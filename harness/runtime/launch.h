/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Launch a minimal container from a core_spec, wait for it, tear it down.
 *
 * Parent and child meet over a SOCK_SEQPACKET socketpair:
 *   1. parent clone3()s the child into its namespaces (CLONE_INTO_CGROUP
 *      into groups made first when every controller is on cgroup v2;
 *      clone() on old kernels);
 *   2. with a user namespace, parent writes its uid/gid maps and says GO
 *      (without one the child does not wait);
 *   3. child sets propagation, builds and enters its rootfs, sets its
 *      names; meanwhile the parent makes the groups (v1, hybrid) and
 *      attaches the child, creates the veth with one end in its netns,
 *      then says PLACED (the slow attach off the critical path);
 *   4. child, once PLACED, brings links up, enters its cgroup namespace
 *      and reports the setup outcome as a struct nsp_err (empty: ok);
 *   5. exec mode: the socket is close-on-exec, so end-of-file means the
 *      exec worked and an error message means it did not.
 * `nsharness bench --phases` shows what each step costs (runtime/trace.h).
 * Every step that fails comes back as one error naming the step and its
 * errno, and nothing is left behind.
 */
#ifndef NSP_RUNTIME_LAUNCH_H
#define NSP_RUNTIME_LAUNCH_H

#include <net/if.h>
#include <stdbool.h>
#include <sys/types.h>

#include "runtime/cgroup.h"
#include "lib/err.h"
#include "runtime/spec.h"
#include "runtime/watch.h"

/* What the launch learnt about a failure (for exit codes). */
enum core_failure {
	CORE_FAIL_NONE = 0,
	CORE_FAIL_SETUP,	/* a setup step failed, in the parent or child */
	CORE_FAIL_EXEC,		/* the command could not be executed */
};

struct core_container {
	pid_t pid;		/* in the caller's pid namespace; 0 if none */
	int pidfd;		/* -1 on kernels without pidfds */
	struct core_cgroup cg;
	bool has_cgroup;
	bool cg_pending;	/* only the companion, made before the clone:
				   the v1 groups come after it */
	char veth_outside[IFNAMSIZ];
	int veth_ifindex;	/* of veth_outside, when it is a bridge port */
	char bridge[IFNAMSIZ];	/* spec.bridge, once attached */
	int bridge_ifindex;
	bool bridge_made;	/* the launch made it: destroy removes it */
	bool reaped;
	int status;		/* wait status once reaped */
	enum core_failure failure;
	bool pid_ns;		/* init of its own pid namespace */
	bool used_clone3;	/* how it was made, for tests and bench */
	bool into_cgroup;
	struct core_watch watch;	/* exec mode: kills it if we die (watch.h) */
};

#define CORE_CONTAINER_INIT { .pidfd = -1, .cg = CORE_CGROUP_INIT, .watch = CORE_WATCH_INIT }

/* Start it; on failure nothing is left (no process, group or link). */
int core_launch(const struct core_spec *s, struct core_container *c,
		struct nsp_err *e);
/* Wait for the container's init to exit; *status as from waitpid(). */
int core_wait(struct core_container *c, int *status, struct nsp_err *e);
/* Kill whatever is left (init, then every member of its cgroup), reap,
 * remove the cgroup.  Safe on a half-launched or already destroyed one. */
int core_destroy(struct core_container *c, struct nsp_err *e);

/*
 * Join the namespaces `namespaces` (CLONE_NEW*) of process `target` and
 * run argv there (the docker exec path): by pidfd with one setns() where
 * the kernel supports it, else by /proc/<pid>/ns files one by one.  The
 * command runs in a forked child (so a pid namespace join takes effect);
 * *status is its wait status.  ESRCH when the target is gone.
 */
int core_join_exec(pid_t target, int namespaces, char *const argv[],
		   int *status, struct nsp_err *e);
/* Only the joining part, in the calling process (pid ns: children only). */
int core_join(pid_t target, int namespaces, struct nsp_err *e);

#endif
