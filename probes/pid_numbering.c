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
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "launch.h"
#include "needs.h"
#include "probeargs.h"
#include "sync.h"
#include "tap.h"

static const struct probe_needs needs = {
	.caps_sys_admin = true,
	.namespaces = CLONE_NEWPID | CLONE_NEWNS,
	.kconfig = (const char *const[]){ "CONFIG_PID_NS", NULL },
	.timeout = 20,
};
/* standalone inside: nothing to create, and no forks before we look */
static const struct probe_needs inside_needs = { .timeout = 20 };
static const char *const faults[] = { "shared-pid", NULL };

struct ctx {
	struct tap *t;
	struct nsp_sync sync;
};

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

/* Container function: inside role, then the TAP numbering goes back out. */
static int container_main(void *arg)
{
	struct ctx *c = arg;
	int fd = nsp_sync_side(&c->sync, NSP_SYNC_CHILD);
	struct nsp_err e;

	inside_checks(c->t);
	fflush(stdout);
	return tap_send_state(c->t, fd, &e) < 0 ? TAP_EXIT_BROKEN : 0;
}

static int run_outside(struct tap *t, bool shared_pid)
{
	struct core_container cont = CORE_CONTAINER_INIT;
	struct ctx c = { .t = t };
	struct core_spec spec = {
		.namespaces = CLONE_NEWNS | (shared_pid ? 0 : CLONE_NEWPID),
		.fn = container_main, .arg = &c,
	};
	struct nsp_err e = { 0 };
	int fd;

	if (nsp_sync_open(&c.sync, &e) < 0)
		return tap_bail(t, "socketpair: %s", strerror(e.errnum));
	if (core_launch(&spec, &cont, &e) < 0) {
		nsp_sync_close(&c.sync);
		tap_broken(t, &e, "launch the container");
		return tap_done(t);
	}
	fd = nsp_sync_side(&c.sync, NSP_SYNC_PARENT);
	if (tap_recv_state(t, fd, &e) < 0)
		tap_broken(t, &e, "the inside role reported");
	/* outside, root in the sandbox: our view of the same process */
	tap_expect(t, cont.pid > 1, "an outside pid > 1", "pid 1 or less",
		   "outside, the container's init has a number of the outer namespace (%d)",
		   (int)cont.pid);
	close(fd);
	core_destroy(&cont, &e);
	return tap_done(t);
}

int main(int argc, char **argv)
{
	struct probe_args a;
	struct nsp_err e;
	struct tap t;
	int rc;

	if (probe_args_parse(argc, argv, faults, &a, &e) < 0) {
		fprintf(stderr, "pid_numbering: %s\nusage: pid_numbering [--role inside] "
			"[--fault shared-pid]\n", e.msg);
		return 64;
	}
	rc = probe_start(&t, a.inside ? &inside_needs : &needs);
	if (rc >= 0)
		return rc;
	if (a.inside) {
		inside_checks(&t);
		return tap_done(&t);
	}
	return run_outside(&t, probe_fault(&a, "shared-pid"));
}
