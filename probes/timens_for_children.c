// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * timens_for_children — entering a time namespace (time_namespaces(7),
 * unshare(2), setns(2), clone(2)).
 *
 * Outside role (this process, root): forked helpers, each in namespaces
 * it makes itself (nothing of the host's changes: a time namespace has
 * no state but its offsets).  Kernel rules asserted:
 *
 *   - unshare(CLONE_NEWTIME) leaves the caller in its time namespace and
 *     changes only /proc/self/ns/time_for_children;
 *   - the new namespace's offsets can be written while nobody is in it,
 *     and its first child enters it with them (CLOCK_MONOTONIC +100 s);
 *   - once a process is in, the offsets are fixed (EACCES);
 *   - a child of clone(CLONE_NEWTIME) is in its namespace from the start,
 *     so its offsets are fixed already (EACCES);
 *   - setns() into a time namespace moves the caller at once, time and
 *     time_for_children alike, offsets and all.
 *
 *   --fault no-unshare        the helper makes no time namespace
 *   --fault write-after-fork  the first child comes before the offsets
 *   --fault no-fork           the second write comes before any child
 *   --fault unshare-not-clone the clone check unshares instead
 *   --fault setns-none        the setns helper stays where it is
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fixtures/probeargs.h"
#include "fixtures/timetest.h"
#include "fixtures/usertest.h"
#include "lib/needs.h"
#include "lib/nsfile.h"
#include "lib/syncfork.h"
#include "lib/tap.h"

#define OFFSET 100LL		/* seconds of CLOCK_MONOTONIC */

static const struct probe_needs needs = {
	.caps_sys_admin = true,
	.namespaces = CLONE_NEWTIME,
	.kconfig = (const char *const[]){ "CONFIG_TIME_NS", NULL },
	.timeout = 20,
};

static const char *const faults[] = {
	"no-unshare", "write-after-fork", "no-fork", "unshare-not-clone", "setns-none", NULL,
};

struct seen {
	struct ns_ident before, time, tfc;	/* P: before, and after unshare */
	int first_write, second_write;		/* errno, 0: written */
	struct ns_ident child_time;		/* C's time namespace */
	int64_t p0, c, p1;			/* P's clock, C's, P's again */
	int clone_write;			/* the clone(CLONE_NEWTIME) child's */
	struct ns_ident joined_time, joined_tfc;	/* R after setns */
	int64_t r;				/* its clock once moved */
};

/* C: where it is and what its clock says. */
static int child_look(void *arg, void *out, struct nsp_err *e)
{
	struct seen *s = out;

	(void)arg;
	s->c = tt_now(CLOCK_MONOTONIC);
	return ns_ident_of(0, "time", &s->child_time, e);
}

static int write_offset(void)
{
	struct nsp_err e;

	return ut_write(0, "timens_offsets", "monotonic 100 0", &e) < 0 ? e.errnum : 0;
}

/* C, forked by P: its view comes back into s. */
static int fork_child(struct seen *s, struct nsp_err *e)
{
	struct seen c;

	s->p0 = tt_now(CLOCK_MONOTONIC);
	if (fork_call(child_look, NULL, &c, sizeof(c), NULL, e) < 0)
		return -1;
	s->p1 = tt_now(CLOCK_MONOTONIC);
	s->c = c.c;
	s->child_time = c.child_time;
	return 0;
}

/* P: unshare, write, fork, write again (in the order the faults allow). */
static int helper_p(void *arg, void *out, struct nsp_err *e)
{
	const struct probe_args *a = arg;
	struct seen *s = out;

	if (ns_ident_of(0, "time", &s->before, e) < 0)
		return -1;
	if (!probe_fault(a, "no-unshare") && unshare(CLONE_NEWTIME) < 0)
		return nsp_err_sys(e, "P: unshare(CLONE_NEWTIME)");
	if (ns_ident_of(0, "time", &s->time, e) < 0 ||
	    ns_ident_of(0, "time_for_children", &s->tfc, e) < 0)
		return -1;
	if (probe_fault(a, "write-after-fork") && fork_child(s, e) < 0)
		return -1;
	s->first_write = write_offset();
	if (!probe_fault(a, "write-after-fork") && !probe_fault(a, "no-fork") &&
	    fork_child(s, e) < 0)
		return -1;
	s->second_write = write_offset();
	return 0;
}

/* clone(CLONE_NEWTIME) (or, faulted, unshare) and try the offsets: the
 * child's errno is its exit status. */
static int clone_write(bool fault_unshare, struct nsp_err *e)
{
	struct { uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack,
		 stack_size, tls; } args = { .flags = fault_unshare ? 0 : CLONE_NEWTIME,
					     .exit_signal = SIGCHLD };
	pid_t pid;
	int status;

	fflush(NULL);
	pid = (pid_t)syscall(SYS_clone3, &args, sizeof(args));
	if (pid < 0)
		return nsp_err_sys(e, "clone3(CLONE_NEWTIME)");
	if (pid == 0) {
		if (fault_unshare && unshare(CLONE_NEWTIME) < 0)
			_exit(255);
		_exit(write_offset());
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status) == 255)
		return nsp_err_set(e, EIO, "clone3 child: wait status %#x", (unsigned)status);
	return WEXITSTATUS(status);
}

/* R, forked by us (in our time namespace): setns into H's
 * time_for_children (*arg: H's pid; 0: stay, the fault). */
static int helper_r(void *arg, void *out, struct nsp_err *e)
{
	pid_t h = *(const pid_t *)arg;
	struct seen *s = out;

	if (h && ns_join(h, "time_for_children", CLONE_NEWTIME, e) < 0)
		return nsp_err_wrap(e, "R");
	s->r = tt_now(CLOCK_MONOTONIC);
	if (ns_ident_of(0, "time", &s->joined_time, e) < 0 ||
	    ns_ident_of(0, "time_for_children", &s->joined_tfc, e) < 0)
		return -1;
	return 0;
}

/* H: holds a time namespace with the offset that nobody entered. */
static int helper_h(void *arg, void *out, struct nsp_err *e)
{
	(void)arg;
	(void)out;
	if (unshare(CLONE_NEWTIME) < 0 || write_offset() != 0)
		return nsp_err_sys(e, "H: a time namespace with an offset");
	return 0;
}

static bool offset_between(int64_t lo, int64_t got, int64_t hi)
{
	return got - OFFSET * TT_NS >= lo && got - OFFSET * TT_NS <= hi;
}

static void check_p(struct tap *t, const struct seen *s)
{
	tap_expect(t, ns_ident_eq(&s->time, &s->before) && !ns_ident_eq(&s->tfc, &s->before),
		   "time unchanged, time_for_children new", "otherwise",
		   "unshare(CLONE_NEWTIME) changes only time_for_children");
	tap_expect_ok(t, s->first_write ? -1 : 0, s->first_write,
		      "offsets are written while nobody is in the new time namespace");
	tap_expect(t, ns_ident_eq(&s->child_time, &s->tfc), "the caller's time_for_children",
		   "another time namespace", "the first child is in the new time namespace");
	tap_expect(t, offset_between(s->p0, s->c, s->p1), "the parent's clock + 100 s",
		   "another reading", "the first child's CLOCK_MONOTONIC carries the offset");
	tap_expect_errno(t, EACCES, s->second_write ? -1 : 0, s->second_write,
			 "once a process is in, the offsets cannot be written (EACCES)");
}

static void check_clone_and_setns(struct tap *t, const struct probe_args *a)
{
	struct ut_child h = { 0 };
	struct ns_ident ours;
	pid_t target;
	int unused;
	struct seen s = { 0 };
	struct nsp_err e = { 0 };
	int64_t before = tt_now(CLOCK_MONOTONIC);
	int rc = clone_write(probe_fault(a, "unshare-not-clone"), &e);

	if (rc < 0)
		tap_broken(t, &e, "a clone(CLONE_NEWTIME) child writes its offsets");
	else
		tap_expect_errno(t, EACCES, rc ? -1 : 0, rc,
				 "a clone(CLONE_NEWTIME) child is in from the start: its offsets "
				 "are fixed (EACCES)");
	if (ns_ident_of(0, "time", &ours, &e) < 0 ||
	    ut_child_start(&h, false, helper_h, NULL, &e) < 0 ||
	    ut_child_go(&h, &unused, sizeof(unused), &e) < 0 ||
	    (target = probe_fault(a, "setns-none") ? 0 : h.pid,
	     before = tt_now(CLOCK_MONOTONIC),
	     fork_call(helper_r, &target, &s, sizeof(s), NULL, &e) < 0)) {
		ut_child_end(&h);
		tap_broken(t, &e, "setns() into a new time namespace");
		return;
	}
	ut_child_end(&h);
	tap_expect(t, !ns_ident_eq(&s.joined_time, &ours) &&
		   ns_ident_eq(&s.joined_time, &s.joined_tfc) &&
		   offset_between(before, s.r, tt_now(CLOCK_MONOTONIC)), "moved, with the offset",
		   "not moved", "setns() moves the caller into a time namespace at once (time and "
		   "time_for_children, the offset in effect)");
}

static int run(struct tap *t, const struct probe_args *a)
{
	struct seen s = { 0 };
	struct nsp_err e = { 0 };

	if (fork_call(helper_p, (void *)a, &s, sizeof(s), NULL, &e) < 0)
		return tap_bail_err(t, &e, "the unsharing helper");
	check_p(t, &s);
	check_clone_and_setns(t, a);
	return tap_done(t);
}

int main(int argc, char **argv)
{
	static const struct probe_main m = {
		.name = "timens_for_children", .needs = &needs, .faults = faults, .outside = run,
		.summary = "time_for_children: unshare changes it only, offsets until the "
			   "first entry, clone(CLONE_NEWTIME) enters at once, setns moves at once",
		.no_inside = "it makes its own time namespaces",
	};

	return probe_main(&m, argc, argv);
}
