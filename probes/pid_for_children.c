// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pid_for_children — unshare(CLONE_NEWPID) does not move the caller: it
 * changes /proc/self/ns/pid_for_children, the caller keeps its pid and its
 * /proc/self/ns/pid, and its next child is pid 1 of the new namespace.
 *
 * Outside role (root, in the sandbox): runs the checks in a process the
 * runtime core starts with no new namespaces (the unshare happens there,
 * never in us).  --role inside runs them in this process.
 *
 *   --fault no-unshare   the unshare is left out: not ok expected
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/needs.h"
#include "fixtures/observe.h"
#include "fixtures/pidprobe.h"
#include "lib/nsfile.h"
#include "fixtures/probeargs.h"
#include "lib/sync.h"
#include "lib/syncfork.h"
#include "lib/tap.h"
#include "fixtures/twoside.h"

/* What the first child after the unshare says about itself. */
enum { C_PID, C_PIDNS, C_N };

/* Fork the first child after the unshare; it reports its view and stays
 * alive (the namespace's init) until we close *hold. */
static pid_t first_child(struct obs *v, int *hold, struct nsp_err *e)
{
	pid_t pid = sync_fork(hold, e);

	if (pid == 0) {
		char b;

		if (obs_send(*hold, v, C_N, e) == 0)
			nsp_sync_recv(*hold, &b, 1, e);	/* end-of-file: go */
		_exit(0);
	}
	if (pid > 0 && obs_recv(*hold, v, C_N, e) < 0)
		nsp_err_wrap(e, "the first child's view");
	return pid;
}

static void compare(struct tap *t, const struct ns_ident*before, const struct ns_ident *after,
		    const struct ns_ident *kids, pid_t self, const struct obs *v)
{
	tap_expect(t, !ns_ident_eq(kids, after), "a different inode", "the same inode",
		   "after unshare, /proc/self/ns/pid_for_children differs from /proc/self/ns/pid");
	tap_expect(t, ns_ident_eq(before, after), "the same inode", "another inode",
		   "the caller stays in its old pid namespace (/proc/self/ns/pid unchanged)");
	tap_expect_long(t, self, getpid(), "the caller keeps its pid");
	tap_expect_long(t, 1, v[C_PID].num, "the caller's next child is pid 1 of the new namespace");
	tap_expect(t, ns_ident_eq(&v[C_PIDNS].id, kids), "pid_for_children of the caller",
		   "another namespace",
		   "that child's /proc/self/ns/pid is the caller's pid_for_children");
}

/* Root, in whatever pid namespace we were started in. */
static void checks(struct tap *t, bool no_unshare)
{
	struct ns_ident before, after, kids;
	struct obs v[C_N] = { [C_PID] = OBS_OF(OBS_PID), [C_PIDNS] = OBS_NS_OF("pid") };
	struct nsp_err e = { 0 };
	pid_t self = getpid(), child;
	int hold = -1, status;
	long rc;

	if (ns_ident_of(0, "pid", &before, &e) < 0) {
		tap_broken(t, &e, "identity of /proc/self/ns/pid");
		return;
	}
	rc = no_unshare ? 0 : unshare(CLONE_NEWPID);
	if (!tap_expect_ok(t, rc, errno, "unshare(CLONE_NEWPID) succeeds"))
		return;
	/* the new namespace has no init until the first fork */
	rc = access("/proc/self/ns/pid_for_children", F_OK);
	tap_expect_errno(t, ENOENT, rc, errno,
			 "before the first child, pid_for_children cannot be followed (ENOENT)");
	child = first_child(v, &hold, &e);
	if (child < 0 || e.msg[0] || ns_ident_of(0, "pid", &after, &e) < 0 ||
	    ns_ident_of(0, "pid_for_children", &kids, &e) < 0)
		tap_broken(t, &e, "namespace identities after unshare");
	else
		compare(t, &before, &after, &kids, self, v);
	if (hold >= 0)
		close(hold);
	if (child > 0)
		waitpid(child, &status, 0);
}

/* The process the core starts with no new namespaces (root): the
 * unshare happens there, never in us; s->arg: whether to leave it out. */
static int inside_role(struct tap *t, struct twoside *s)
{
	checks(t, *(const bool *)s->arg);
	return 0;
}

static int run_outside(struct tap *t, const struct probe_args *a)
{
	bool no_unshare = probe_fault(a, "no-unshare");
	struct twoside s = { .inside = inside_role, .arg = &no_unshare };

	twoside_run(t, &s);
	return tap_done(t);
}

static int run_inside(struct tap *t, const struct probe_args *a)
{
	(void)a;
	checks(t, false);
	return tap_done(t);
}

int main(int argc, char **argv)
{
	static const struct probe_main m = {
		.name = "pid_for_children", .needs = &pid_unshare_needs, .faults = pid_unshare_faults,
		.outside = run_outside, .inside = run_inside,
	};

	return probe_main(&m, argc, argv);
}
