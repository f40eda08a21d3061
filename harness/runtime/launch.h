/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Launch a minimal container from a core_spec, wait for it, tear it down.
 *
 * Parent and child meet over a SOCK_SEQPACKET socketpair:
 *   1. parent clone3()s the child into its namespaces (CLONE_INTO_CGROUP
 *      when the memory group is on cgroup v2; clone() on old kernels);
 *   2. parent attaches the child to its memory cgroup (v1/hybrid), writes
 *      its uid/gid maps and creates the veth with one end in its netns;
 *   3. parent says GO; child sets propagation, enters its rootfs, mounts
 *      proc, sets its names, brings links up, enters its cgroup namespace;
 *   4. child reports the setup outcome as a struct nsp_err (empty: ok);
 *   5. exec mode: the socket is close-on-exec, so end-of-file means the
 *      exec worked and an error message means it did not.
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
	char veth_outside[IFNAMSIZ];
	int veth_ifindex;	/* of veth_outside, when it is a bridge port */
	char bridge[IFNAMSIZ];	/* spec.bridge, once attached */
	int bridge_ifindex;
	bool bridge_made;	/* the launch made it: destroy removes it */
	bool reaped;
	int status;		/* wait status once reaped */
	enum core_failure failure;
	bool used_clone3;	/* how it was made, for tests and bench */
	bool into_cgroup;
};

#define CORE_CONTAINER_INIT { .pidfd = -1, .cg = CORE_CGROUP_INIT }

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
