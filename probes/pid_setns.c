// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pid_setns — setns() into a container's pid namespace, by the
 * /proc/<pid>/ns/pid file and by a pidfd, makes the joiner's next child a
 * member with an inside number; the joiner itself stays where it was.
 *
 * Outside role (root, in the sandbox): launches a container (new pid and
 * mount namespaces, fresh /proc inside).  For each method a joiner is
 * forked (so we ourselves stay put); the joiner setns()es, forks a member
 * that reports its NSpid as our /proc shows it, and the container's init
 * (inside role) is asked whether its own /proc lists that inside number.
 *
 *   --fault shared-pid   no pid namespace for the container: the joined
 *                        child has no extra level and must report not ok
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "runtime/launch.h"
#include "lib/needs.h"
#include "fixtures/observe.h"
#include "fixtures/pidprobe.h"
#include "fixtures/probeargs.h"
#include "lib/procstatus.h"
#include "lib/sync.h"
#include "lib/syncfork.h"
#include "lib/tap.h"
#include "fixtures/twoside.h"

enum method { BY_NSFILE, BY_PIDFD };
static const struct {
	enum method m;
	const char *name;
} methods[] = {
	{ BY_NSFILE, "/proc/<pid>/ns/pid" },
	{ BY_PIDFD, "pidfd" },
};

/* What the joiner learnt, sent to the outside over the socketpair. */
struct join_report {
	int setns_err;		/* errno of setns(), 0: joined */
	pid_t before, after;	/* the joiner's getpid() around setns() */
	struct ns_idlist member;	/* the member's NSpid in our /proc */
	struct nsp_err err;	/* our own setup failures */
};

static int open_target(enum method m, pid_t target)
{
	char path[64];

	if (m == BY_PIDFD)
		return (int)syscall(SYS_pidfd_open, target, 0);
	snprintf(path, sizeof(path), "/proc/%d/ns/pid", (int)target);
	return open(path, O_RDONLY | O_CLOEXEC);
}

/* Joiner (forked from the outside role, root in the sandbox).  The member
 * exits at once and stays a zombie (still listed in /proc) until the
 * joiner reaps it; *member is its pid as the joiner sees it, or 0. */
static void join_and_fork(enum method m, pid_t target, struct join_report *r, pid_t *member)
{
	int fd = open_target(m, target);
	struct ns_status st;
	siginfo_t si;

	*member = 0;
	r->before = getpid();
	if (fd < 0) {
		nsp_err_sys(&r->err, "open %s of %d", methods[m].name, (int)target);
		return;
	}
	if (setns(fd, CLONE_NEWPID) < 0)
		r->setns_err = errno;
	close(fd);
	r->after = getpid();
	if (r->setns_err)
		return;
	*member = fork();	/* the first process born in the joined ns */
	if (*member == 0)
		_exit(0);
	if (*member < 0 || waitid(P_PID, *member, &si, WEXITED | WNOWAIT) < 0) {
		nsp_err_sys(&r->err, "fork/waitid a member after setns");
		return;
	}
	if (ns_status_read(*member, &st, &r->err) == 0)
		r->member = st.pid;
}

enum { STEP_REAP = 1 };

/* Fork the joiner; it reports, then holds its zombie member until
 * STEP_REAP.  Returns the joiner's pid with *fd our end to it. */
static pid_t start_joiner(enum method m, pid_t target, struct join_report *r, int *fd,
			  struct nsp_err *e)
{
	pid_t pid;

	memset(r, 0, sizeof(*r));
	pid = sync_fork(fd, e);
	if (pid == 0) {
		int status;
		pid_t member;

		join_and_fork(m, target, r, &member);
		if (nsp_sync_send(*fd, r, sizeof(*r), e) == 0)
			nsp_sync_wait(*fd, STEP_REAP, e);
		if (member > 0)
			waitpid(member, &status, 0);
		_exit(0);
	}
	if (pid < 0)
		return nsp_err_wrap(e, "fork joiner");
	if (nsp_sync_recv(*fd, r, sizeof(*r), e) < 0)
		nsp_err_wrap(e, "joiner");
	return pid;
}

/* Outside: one join method's checks. */
static void method_checks(struct tap *t, int cfd, enum method m, pid_t target, int levels)
{
	const char *name = methods[m].name;
	struct join_report r;
	struct nsp_err e = { 0 };
	struct obs seen = OBS_OF(OBS_NSPID);
	pid_t joiner, inside;
	int jfd = -1, status;
	char want[16];

	joiner = start_joiner(m, target, &r, &jfd, &e);
	if (joiner < 0 || e.msg[0] || r.err.msg[0]) {
		tap_broken(t, e.msg[0] ? &e : &r.err, "setns(%s) joins the pid namespace", name);
	} else if (m == BY_PIDFD && r.setns_err == EINVAL) {
		tap_skip(t, "setns(pidfd): EINVAL, a kernel without setns on pidfds (5.8+)",
			 "setns(%s) joins the pid namespace", name);
	} else if (tap_expect_ok(t, r.setns_err ? -1 : 0, r.setns_err,
				 "setns(%s, CLONE_NEWPID) succeeds", name)) {
		tap_expect_long(t, r.before, r.after,
				"after setns(%s) the joiner itself keeps its pid", name);
		inside = r.member.n ? r.member.id[r.member.n - 1] : 0;
		tap_expect(t, inside > 1, "an inside pid > 1", "1 or none",
			   "after setns(%s) the joiner's child has an inside number (%d) > 1",
			   name, (int)inside);
		tap_expect_long(t, levels + 1, r.member.n,
				"after setns(%s) the child's NSpid has one level more than ours",
				name);
		/* the container's init: its /proc lists the member as just that
		 * number */
		seen.arg = inside;
		snprintf(want, sizeof(want), "%d", (int)inside);
		if (obs_ask(cfd, &seen, 1, &e) < 0 && e.errnum != ENOENT)
			tap_broken(t, &e, "ask the container's init");
		else
			tap_expect_str(t, want, e.msg[0] ? "absent" : seen.str,
				       "the container's /proc lists the joined child as pid %d",
				       (int)inside);
	}
	if (jfd >= 0) {
		nsp_sync_wake(jfd, STEP_REAP, &e);
		close(jfd);
	}
	if (joiner > 0)
		waitpid(joiner, &status, 0);
}

/* Outside, root in the sandbox, while the container lives; s->arg: the
 * number of pid levels our /proc shows us. */
static void outside_role(struct tap *t, struct twoside *s)
{
	for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
		method_checks(t, s->fd, methods[i].m, s->run.c.pid, *(const int *)s->arg);
}

static int run_outside(struct tap *t, const struct probe_args *a)
{
	struct ns_status mine;
	struct nsp_err e = { 0 };
	struct twoside s = {
		.spec.namespaces = CLONE_NEWNS | (probe_fault(a, "shared-pid") ? 0 : CLONE_NEWPID),
		.outside = outside_role, .arg = &mine.pid.n,
	};

	if (ns_status_read(0, &mine, &e) < 0 || mine.pid.n == 0)
		return tap_bail_err(t, &e, "no NSpid in /proc/self/status");
	twoside_run(t, &s);
	return tap_done(t);
}

int main(int argc, char **argv)
{
	static const struct probe_main m = {
		.name = "pid_setns", .needs = &pid_container_needs, .faults = pid_shared_faults,
		.outside = run_outside,
		.no_inside = "it joins its own container: no standalone inside role",
	};

	return probe_main(&m, argc, argv);
}
