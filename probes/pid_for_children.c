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

static void compare(struct tap *t, const struct ns_ident *before, const struct ns_ident *after,
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

/*
 * The running kernel's contract, found by behaviour in a helper of its
 * own (so our own unshare is untouched): it unshares a pid namespace and
 * tries to open its pid_for_children before any child exists.
 *   ENOENT  before 7.1: no init yet, nothing to follow
 *   opens   from 7.1 (a3bdc23ba8ea, "pid_namespace: allow opening
 *           pid_for_children before init was created"): a process that
 *           joins it by setns() and then forks gets pid 1 (the upstream
 *           selftest pid_namespace/pidns_init_via_setns.c)
 */
struct contract {
	int open_err;		/* errno of opening it before init, 0: it opens */
	pid_t joined_child;	/* the joiner's child's getpid(), 0: not tried */
};

/* Helper: a pid namespace without init; answers the open's errno, then
 * holds the namespace until end-of-file. */
static _Noreturn void no_init_yet(int fd)
{
	struct nsp_err e;
	int err = 0;
	char b;

	if (unshare(CLONE_NEWPID) < 0)
		_exit(TAP_EXIT_BROKEN);
	if (access("/proc/self/ns/pid_for_children", F_OK) < 0)
		err = errno;
	if (nsp_sync_send(fd, &err, sizeof(err), &e) == 0)
		nsp_sync_recv(fd, &b, 1, &e);
	_exit(0);
}

static int say_pid(void *arg, void *out, struct nsp_err *e)
{
	(void)arg;
	(void)e;
	*(pid_t *)out = getpid();
	return 0;
}

/* Joiner (forked): setns() into the helper's pid_for_children, then fork. */
static int join_then_fork(void *arg, void *out, struct nsp_err *e)
{
	if (ns_join(*(const pid_t *)arg, "pid_for_children", CLONE_NEWPID, e) < 0)
		return nsp_err_wrap(e, "joiner");
	return fork_call(say_pid, NULL, out, sizeof(pid_t), NULL, e);
}

static int find_contract(struct contract *c, struct nsp_err *e)
{
	int fd, rc;
	pid_t helper = sync_fork(&fd, e);

	*c = (struct contract){ 0 };
	if (helper < 0)
		return nsp_err_wrap(e, "contract helper");
	if (helper == 0)
		no_init_yet(fd);
	rc = nsp_sync_recv(fd, &c->open_err, sizeof(c->open_err), e);
	if (rc == 0 && c->open_err == 0)
		rc = fork_call(join_then_fork, &helper, &c->joined_child,
			       sizeof(c->joined_child), NULL, e);
	close(fd);
	waitpid(helper, NULL, 0);
	return rc;
}

/* Point 2, by the contract found: what our own unshare's pid_for_children
 * does before our first child (`rc`, `err`). */
static void contract_check(struct tap *t, const struct contract *c, long rc, int err)
{
	if (c->open_err == ENOENT) {
		tap_diag(t, "contract checked: pid_for_children cannot be opened before init "
			 "(kernels before 7.1)");
		tap_expect_errno(t, ENOENT, rc, err,
				 "before the first child, pid_for_children cannot be followed (ENOENT)");
		return;
	}
	tap_diag(t, "contract checked: pid_for_children opens before init, and setns + fork "
		 "makes pid 1 (7.1+, a3bdc23ba8ea)");
	tap_expect(t, rc == 0 && c->open_err == 0 && c->joined_child == 1,
		   "opens; the joiner's child is pid 1", rc ? "cannot be opened" :
		   c->joined_child == 1 ? "another answer" : "the joiner's child is not pid 1",
		   "before the first child, pid_for_children opens and a process joining it "
		   "then forking gets pid 1 (7.1+)");
}

/* Root, in whatever pid namespace we were started in. */
static void checks(struct tap *t, bool no_unshare)
{
	struct ns_ident before, after, kids;
	struct obs v[C_N] = { [C_PID] = OBS_OF(OBS_PID), [C_PIDNS] = OBS_NS_OF("pid") };
	struct contract contract;
	struct nsp_err e = { 0 };
	pid_t self = getpid(), child;
	int hold = -1, status, err;
	long rc;

	if (ns_ident_of(0, "pid", &before, &e) < 0 || find_contract(&contract, &e) < 0) {
		tap_broken(t, &e, "identity of /proc/self/ns/pid and the kernel's contract");
		return;
	}
	rc = no_unshare ? 0 : unshare(CLONE_NEWPID);
	if (!tap_expect_ok(t, rc, errno, "unshare(CLONE_NEWPID) succeeds"))
		return;
	/* the new namespace has no init until the first fork */
	rc = access("/proc/self/ns/pid_for_children", F_OK);
	err = errno;
	contract_check(t, &contract, rc, err);
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

int main(int argc, char **argv)
{
	static const struct probe_main m = {
		.name = "pid_for_children", .needs = &pid_unshare_needs, .faults = pid_unshare_faults,
		.outside = run_outside,
		.no_inside = "it makes the pid namespace it checks: there is no container "
			     "isolation to judge from inside",
	};

	return probe_main(&m, argc, argv);
}
