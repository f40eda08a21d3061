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
#include "lib/tap.h"


/* Fork a child that exits at once; its number as fork() returned it and as
 * the child's own getpid() said over a pipe. */
static int fork_numbered(pid_t *by_fork, pid_t *by_self, struct nsp_err *e)
{
	int p[2], status;

	if (pipe2(p, O_CLOEXEC) < 0)
		return nsp_err_sys(e, "pipe");
	*by_fork = fork();
	if (*by_fork == 0) {
		pid_t me = getpid();

		_exit(write(p[1], &me, sizeof(me)) == sizeof(me) ? 0 : 1);
	}
	close(p[1]);
	if (*by_fork < 0 || read(p[0], by_self, sizeof(*by_self)) != sizeof(*by_self)) {
		nsp_err_sys(e, *by_fork < 0 ? "fork" : "read child's pid");
		close(p[0]);
		return -1;
	}
	close(p[0]);
	waitpid(*by_fork, &status, 0);
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

		if (fork_numbered(&by_fork, &by_self, &e) < 0) {
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

int main(int argc, char **argv)
{
	static const struct pid_probe p = {
		"pid_numbering", inside_role, outside_checks, inside_checks,
	};

	return pid_probe_main(&p, argc, argv);
}
