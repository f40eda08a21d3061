// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pid_nesting (★) — pid namespaces nest down to absolute level 32
 * (MAX_PID_NS_LEVEL) below the initial one, and one more unshare of a pid
 * namespace fails with ENOSPC.  (Not EUSERS: EUSERS was the
 * user-namespace nesting error of 3.11-4.8; pid nesting answered
 * EINVAL in 3.7-4.8 and ENOSPC since 4.9 — clone(2), kernel/pid_namespace.c.
 * ENOSPC alone is ambiguous (user.max_pid_namespaces gives it too), which
 * is why the depth at which it comes is asserted as well.)
 *
 * Outside role (root, in the sandbox): learns its own absolute level
 * where it can be known (pid_ns_level: the initial namespace's /proc, or
 * the sandbox's level the runner exports); nested below a pid namespace
 * whose /proc shows no ancestor it cannot, and then the absolute level 32
 * is a skip with that reason while ENOSPC and the NSpid lengths are still
 * asserted relative to where the run started.  It launches a container with a new pid namespace
 * (and NO mount namespace, so every link reads the same /proc) whose init
 * starts a chain: each link reports {depth, NSpid length, errno} through
 * an inherited pipe, unshare(CLONE_NEWPID)s and forks the next link (pid 1
 * one level down), then waits for it.  The first refused unshare ends the
 * chain; every link exits after its child, so end-of-file on the pipe
 * means the whole chain is gone.  core_destroy (SIGKILL to the container's
 * init) ends it on any other path.
 *
 *   --fault no-unshare   the links fork without unsharing (chain bounded):
 *                        the depth and ENOSPC checks must report not ok
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "runtime/launch.h"
#include "lib/needs.h"
#include "fixtures/pidprobe.h"
#include "lib/nsfile.h"
#include "lib/nsinit.h"
#include "fixtures/probeargs.h"
#include "lib/procstatus.h"
#include "lib/tap.h"

#define MAX_PID_NS_LEVEL 32
#define MAX_LINKS 40		/* bound for the faulted chain */

struct link_report {
	int depth;		/* 0: the container's init */
	int nspid_len;		/* levels in /proc/self/status, -1 unreadable */
	int err;		/* errno of the refused unshare, 0 while it works */
};

struct ctx {
	int wfd;		/* pipe write end, inherited by every link */
	bool no_unshare;
};

/* The chain: each turn of the loop is one link, root and pid 1 of its own
 * pid namespace; the forked child takes the next turn one level down. */
static _Noreturn void chain(const struct ctx *c)
{
	for (int depth = 0;; depth++) {
		struct link_report r = { .depth = depth, .nspid_len = -1 };
		struct ns_status st;
		struct nsp_err e;
		pid_t child;
		int status;

		if (ns_status_read(0, &st, &e) == 0)
			r.nspid_len = st.pid.n;
		if (!c->no_unshare && unshare(CLONE_NEWPID) < 0)
			r.err = errno;
		if (write(c->wfd, &r, sizeof(r)) != sizeof(r) || r.err ||
		    depth + 1 >= MAX_LINKS)
			_exit(0);
		child = fork();
		if (child == 0)
			continue;	/* the next link */
		if (child > 0)
			waitpid(child, &status, 0);
		_exit(0);
	}
}

static int container_main(void *arg)
{
	chain(arg);
}

/* Read every report until end-of-file (the whole chain exited). */
static int read_chain(int rfd, struct link_report *last, int *nlinks)
{
	struct link_report r;
	ssize_t n;

	*nlinks = 0;
	while ((n = read(rfd, &r, sizeof(r))) == sizeof(r)) {
		*last = r;
		(*nlinks)++;
	}
	return n == 0 && *nlinks > 0 ? 0 : -1;
}

/* `ours`: our NSpid length; `level`: our absolute level, -1 unknown
 * (`how` says why).  The container's init is one level below us. */
static void chain_checks(struct tap *t, int ours, int level, const char *how,
			 const struct link_report *last)
{
	char at[32];

	if (level >= 0) {
		snprintf(at, sizeof(at), "level %d", level + 1 + last->depth);
		tap_expect_long(t, MAX_PID_NS_LEVEL, level + 1 + last->depth,
				"nested pid namespaces reach absolute level %d (MAX_PID_NS_LEVEL)",
				MAX_PID_NS_LEVEL);
	} else {
		snprintf(at, sizeof(at), "relative depth %d", last->depth + 1);
		tap_skip(t, how, "nested pid namespaces reach absolute level %d (MAX_PID_NS_LEVEL)",
			 MAX_PID_NS_LEVEL);
	}
	tap_expect_long(t, ours + 1 + last->depth, last->nspid_len,
			"NSpid of the deepest process lists every level from our /proc's down");
	tap_expect_errno(t, ENOSPC, last->err ? -1 : 0, last->err,
			 "one more unshare(CLONE_NEWPID) at %s fails with ENOSPC", at);
}

static int run(struct tap *t, const struct probe_args *a)
{
	struct core_container cont = CORE_CONTAINER_INIT;
	struct ctx c = { .no_unshare = probe_fault(a, "no-unshare") };
	struct core_spec spec = { .namespaces = CLONE_NEWPID, .fn = container_main, .arg = &c };
	struct link_report last = { 0 };
	struct ns_status mine;
	struct nsp_err e = { 0 };
	int p[2], level, nlinks;
	char how[160];

	if (ns_status_read(0, &mine, &e) < 0 || mine.pid.n == 0 ||
	    (level = -1, pid_ns_level(&level, how, sizeof(how), &e) < 0))
		return tap_bail_err(t, &e, "no NSpid in /proc/self/status");
	if (level >= 0)
		tap_diag(t, "outside: absolute pid level %d (%s)", level, how);
	else
		tap_diag(t, "outside: absolute pid level unknown: %s; depths are relative", how);
	if (pipe2(p, O_CLOEXEC) < 0)
		return tap_bail_err(t, &(struct nsp_err){ errno, "pipe" }, "setup");
	c.wfd = p[1];
	if (core_launch(&spec, &cont, &e) < 0) {
		tap_broken(t, &e, "launch the first link");
	} else {
		close(p[1]);
		p[1] = -1;
		if (read_chain(p[0], &last, &nlinks) < 0)
			tap_broken(t, &(struct nsp_err){ EPIPE, "chain reported nothing" },
				   "the chain of links reported");
		else
			chain_checks(t, mine.pid.n, level, how, &last);
		tap_diag(t, "%d link(s) reported", nlinks);
	}
	if (p[1] >= 0)
		close(p[1]);
	close(p[0]);
	core_destroy(&cont, &e);
	return tap_done(t);
}

int main(int argc, char **argv)
{
	static const struct probe_main m = {
		.name = "pid_nesting", .needs = &pid_unshare_needs, .faults = pid_unshare_faults,
		.outside = run,
		.no_inside = "it makes its own nesting: no standalone inside role",
	};

	return probe_main(&m, argc, argv);
}
