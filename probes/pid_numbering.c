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
 *                        process of a container someone else started)
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
#include "lib/syncfork.h"
#include "lib/tap.h"


/* A child that says its own getpid() and exits. */
static int say_pid(void *arg, void *out, struct nsp_err *e)
{
	(void)arg;
	(void)e;
	*(pid_t *)out = getpid();
	return 0;
}

/* Inside: the container's first process, before it has forked anything. */
static void inside_checks(struct tap *t)
{
	pid_t self = getpid(), parent = getppid();

	tap_expect_long(t, 1, self, "the container's first process is pid 1");
	tap_expect_long(t, 0, parent, "its getppid() is 0 (the parent is outside the namespace)");
	for (long want = 2; want <= 3; want++) {
		pid_t by_fork = 0, by_self = 0;
		struct nsp_err e = { 0 };

		if (fork_call(say_pid, NULL, &by_self, sizeof(by_self), &by_fork, &e) < 0) {
			tap_broken(t, &e, "child number %ld", want);
			continue;
		}
		tap_expect_long(t, want, by_self, "child %ld of init calls itself pid %ld",
				want - 1, want);
		tap_expect_long(t, by_self, by_fork,
				"fork() in init returns the number child %ld sees", want - 1);
	}
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

/* --role inside: the numbering is the first process's to check; a runtime
 * that runs its own init first (bwrap without --as-pid-1) leaves us none
 * to judge: the own-namespace point before this one still is. */
static void standalone(struct tap *t)
{
	char why[96];

	if (getpid() != 1) {
		snprintf(why, sizeof(why), "not the container's first process (pid %d): the "
			 "runtime started an init of its own", (int)getpid());
		tap_skip(t, why, "the container's first process is pid 1");
		return;
	}
	inside_checks(t);
}

int main(int argc, char **argv)
{
	static const struct pid_probe p = { inside_role, outside_checks, standalone, };
	static const struct probe_main m = PID_PROBE_MAIN("pid_numbering", &p);

	return probe_main(&m, argc, argv);
}
