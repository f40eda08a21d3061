// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pid_numbering — a new pid namespace numbers its processes from 1.
 *
 * Outside role (this process, root in the runner's sandbox): launches a
 * container in new pid and mount namespaces through the runtime core; the
 * container's function is the inside role.  Inside role (init of the new
 * pid namespace, root): it must be pid 1 with getppid() 0, and its
 * children must be numbered 2, 3.  It writes its own TAP points and hands
 * the numbering back over the socketpair.
 *
 *   --role inside        the inside observations only (run it as the first
 *                        process of a container someone else started).
 *                        What a runtime does before our command runs is
 *                        its policy (policy.h): the command's pid (bwrap
 *                        runs it as pid 2 under its own init) and the pids
 *                        its setup used after it (fact "setup-pids": runc's
 *                        init stages take 2-5 or 2-6), so
 *                        children are judged against ns_last_pid: the
 *                        next pid after the last one given out.
 *   --fault shared-pid   the container gets no pid namespace of its own:
 *                        every inside check must report not ok
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fixtures/pidprobe.h"
#include "fixtures/policy.h"
#include "lib/file.h"
#include "lib/syncfork.h"
#include "lib/tap.h"

#define NS_LAST_PID "/proc/sys/kernel/ns_last_pid"


/* A child that says its own getpid() and exits. */
static int say_pid(void *arg, void *out, struct nsp_err *e)
{
	(void)arg;
	(void)e;
	*(pid_t *)out = getpid();
	return 0;
}

/* Inside, before it has forked anything: its children number from
 * `first` on (2 as init of our own container). */
static void children_checks(struct tap *t, long first)
{
	for (long want = first; want <= first + 1; want++) {
		pid_t by_fork = 0, by_self = 0;
		struct nsp_err e = { 0 };

		if (fork_call(say_pid, NULL, &by_self, sizeof(by_self), &by_fork, &e) < 0) {
			tap_broken(t, &e, "child number %ld", want);
			continue;
		}
		tap_expect_long(t, want, by_self, "child %ld of init calls itself pid %ld",
				want - first + 1, want);
		tap_expect_long(t, by_self, by_fork,
				"fork() in init returns the number child %ld sees", want - first + 1);
	}
}

/* Inside: the first process of our own container. */
static void inside_checks(struct tap *t)
{
	tap_expect_long(t, 1, getpid(), "the container's first process is pid 1");
	tap_expect_long(t, 0, getppid(), "its getppid() is 0 (the parent is outside the namespace)");
	children_checks(t, 2);
}

/* The container's init (inside role, root); its points go on our stream. */
static int inside_role(struct tap *t, struct twoside *s)
{
	(void)s;
	inside_checks(t);
	return 0;
}

/* Outside, root in the sandbox, while the container lives: our view of
 * the same process. */
static void outside_checks(struct tap *t, struct twoside *s)
{
	pid_t pid = s->run.c.pid;

	tap_expect(t, pid > 1, "an outside pid > 1", "pid 1 or less",
		   "outside, the container's init has a number of the outer namespace (%d)",
		   (int)pid);
}

/* --role inside, in a container someone else started: whether we are
 * its first process, and which pids its runtime used before us, are the
 * runtime's policy; children take the next pids whatever it did. */
static void standalone(struct tap *t)
{
	char self[24], last[32], why[128];
	struct nsp_err e;
	long used;

	snprintf(self, sizeof(self), "%d", (int)getpid());
	snprintf(why, sizeof(why), "not the container's first process (pid %s): the "
		 "runtime started an init of its own", self);
	policy_expect(t, "pid", "1", self, why, "the container's first process is pid 1");
	if (getpid() == 1)
		tap_expect_long(t, 0, getppid(),
				"its getppid() is 0 (the parent is outside the namespace)");
	else
		tap_skip(t, why, "its getppid() is 0 (the parent is outside the namespace)");
	if (nsp_read_line(NS_LAST_PID, last, sizeof(last), &e) < 0 ||
	    nsp_parse_long(last, 1, 1L << 22, &used) < 0) {
		if (!e.msg[0] || !e.errnum)
			nsp_err_set(&e, EINVAL, NS_LAST_PID " holds '%s'", last);
		tap_bail_err(t, &e, "inside");
		return;
	}
	tap_diag(t, "ns_last_pid %ld, our pid %s", used, self);
	snprintf(why, sizeof(why), "the runtime gave out pids up to %ld in this namespace "
		 "after ours, before the command ran", used);
	policy_expect(t, "setup-pids", "none", used == getpid() ? "none" : "some", why,
		      "no pid of the namespace was given out after ours before we ran "
		      "(" NS_LAST_PID " is our pid)");
	children_checks(t, used + 1);
}

int main(int argc, char **argv)
{
	static const struct pid_probe p = { inside_role, outside_checks, standalone, };
	static const struct probe_main m = PID_PROBE_MAIN("pid_numbering", &p);

	return probe_main(&m, argc, argv);
}
