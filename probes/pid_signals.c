// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pid_signals — signals across a pid namespace boundary.
 *
 * Inside role (the container's init, root): kill() of the launcher's
 * outside pid fails with ESRCH (it has no number here); SIGKILL sent to
 * init (pid 1) by init itself and by another member is ignored.  SIGKILL
 * is only ever sent to pid 1 when we ARE pid 1: in a shared pid namespace
 * pid 1 is somebody else's init.
 * Outside role (root, in the sandbox): joins the container's pid namespace
 * for its children (setns; it stays where it is itself), forks two
 * members that block, SIGKILLs init and must see both members die by
 * SIGKILL — through pidfds polled with a bound, never a sleep.
 *
 *   --role inside        inside observations only
 *   --fault shared-pid   no pid namespace for the container: every check
 *                        must report not ok (or skip, host-safely)
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "runtime/launch.h"
#include "fixtures/pidprobe.h"
#include "fixtures/policy.h"
#include "lib/syncfork.h"
#include "lib/tap.h"

#define NMEMBERS 2
#define DEATH_WAIT_MS 3000	/* bound for "init's death took the members" */


/* A member of init's namespace (forked by init): SIGKILL to pid 1. */
static int member_kills_init(void *arg, void *out, struct nsp_err *e)
{
	(void)arg;
	(void)e;
	*(int *)out = kill(1, SIGKILL) == 0 ? 0 : errno;
	return 0;
}

/* Inside, as init: SIGKILL to pid 1 sent by ourselves, then by a child. */
static void kill_init_checks(struct tap *t)
{
	struct nsp_err e = { 0 };
	int killed = -1;
	long rc = kill(1, SIGKILL);

	tap_expect_ok(t, rc, errno,
		      "SIGKILL sent by init to itself (pid 1) is ignored: init lives on");
	if (fork_call(member_kills_init, NULL, &killed, sizeof(killed), NULL, &e) < 0) {
		tap_broken(t, &e, "SIGKILL sent to init by another member is ignored");
		return;
	}
	tap_expect(t, killed == 0, "kill() returned 0 and init lives on", "kill() failed",
		   "SIGKILL sent to init by another member is ignored: init lives on");
}

/* Are we init?  In our own container we must be; under another runtime
 * the command's pid is its policy (bwrap runs it as pid 2): true when we
 * are pid 1. */
static bool init_check(struct tap *t, bool ours)
{
	char self[24];

	if (ours)
		return tap_expect_long(t, 1, getpid(), "the inside role is init of its pid namespace");
	snprintf(self, sizeof(self), "%d", (int)getpid());
	policy_expect(t, "pid", "1", self, "not the container's first process: the runtime "
		      "started an init of its own", "the inside role is init of its pid namespace");
	return getpid() == 1;
}

static void inside_checks(struct tap *t, pid_t launcher)
{
	if (launcher > 0) {
		errno = 0;
		long rc = kill(launcher, 0);

		tap_expect_errno(t, ESRCH, rc, errno,
				 "kill() of the launcher's outside pid %d from inside fails with ESRCH",
				 (int)launcher);
	} else {
		tap_skip(t, "standalone: no outside pid is known",
			 "kill() of an outside pid from inside fails with ESRCH");
	}
	if (!init_check(t, launcher > 0)) {
		tap_skip(t, "not pid 1: pid 1 is not ours to signal", "SIGKILL to init from init");
		tap_skip(t, "not pid 1: pid 1 is not ours to signal", "SIGKILL to init from a member");
		return;
	}
	kill_init_checks(t);
}

/* The container's init (inside role, root); s->launcher: the outside's pid.
 * It stays alive, after its points, until the outside kills it. */
static int inside_role(struct tap *t, struct twoside *s)
{
	inside_checks(t, s->launcher);
	return 0;
}

/* Outside, after setns(pid) for our children: members that block on a
 * pipe whose write end only we hold. */
static int fork_members(pid_t *m, int *pidfd, int *release, struct nsp_err *e)
{
	int p[2];

	if (pipe2(p, O_CLOEXEC) < 0)
		return nsp_err_sys(e, "pipe");
	for (int i = 0; i < NMEMBERS; i++) {
		char b;

		m[i] = fork();
		if (m[i] == 0) {
			close(p[1]);
			_exit(read(p[0], &b, 1) < 0);
		}
		pidfd[i] = m[i] > 0 ? (int)syscall(SYS_pidfd_open, m[i], 0) : -1;
	}
	close(p[0]);
	*release = p[1];
	return 0;
}

static void member_death_checks(struct tap *t, const pid_t *m, const int *pidfd)
{
	for (int i = 0; i < NMEMBERS; i++) {
		struct pollfd pfd = { .fd = pidfd[i], .events = POLLIN };
		int status = 0;
		bool dead;

		if (m[i] <= 0 || pidfd[i] < 0) {
			struct nsp_err e;

			nsp_err_sys(&e, "fork member %d / pidfd_open", i + 1);
			tap_broken(t, &e, "killing init from outside kills member %d", i + 1);
			continue;
		}
		dead = poll(&pfd, 1, DEATH_WAIT_MS) == 1 &&
		       waitpid(m[i], &status, WNOHANG) == m[i];
		tap_expect(t, dead && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
			   "killed by SIGKILL", dead ? "another end" : "still alive after 3 s",
			   "killing init from outside kills member %d (outside pid %d)",
			   i + 1, (int)m[i]);
	}
}

static void outside_checks(struct tap *t, struct twoside *s)
{
	struct core_container *cont = &s->run.c;
	pid_t m[NMEMBERS] = { 0 };
	int pidfd[NMEMBERS] = { -1, -1 }, release = -1, status = 0;
	struct nsp_err e = { 0 };

	/* this process, root in the sandbox: only our children change ns */
	if (core_join(cont->pid, CLONE_NEWPID, &e) < 0 ||
	    fork_members(m, pidfd, &release, &e) < 0) {
		tap_broken(t, &e, "join the container's pid namespace and fork members");
		return;
	}
	/* children back in our own pid ns: once init is dead every fork into
	 * its ns fails with ENOMEM (the sanitizers' tracer at exit, too) */
	if (core_join(getpid(), CLONE_NEWPID, &e) < 0)
		tap_broken(t, &e, "return to our own pid namespace for children");
	kill(cont->pid, SIGKILL);
	member_death_checks(t, m, pidfd);
	if (core_wait(cont, &status, &e) < 0)
		tap_broken(t, &e, "reap init");
	else
		tap_expect(t, WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
			   "killed by SIGKILL", "another end",
			   "SIGKILL from outside kills the container's init");
	/* one cleanup path: survivors (fault mode) read EOF and exit */
	close(release);
	for (int i = 0; i < NMEMBERS; i++) {
		if (m[i] > 0)
			waitpid(m[i], &status, 0);
		if (pidfd[i] >= 0)
			close(pidfd[i]);
	}
}

/* --role inside: no outside pid is known. */
static void standalone(struct tap *t)
{
	inside_checks(t, 0);
}

int main(int argc, char **argv)
{
	static const struct pid_probe p = { inside_role, outside_checks, standalone, };
	static const struct probe_main m = PID_PROBE_MAIN("pid_signals", &p);

	return probe_main(&m, argc, argv);
}
