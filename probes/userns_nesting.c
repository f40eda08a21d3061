// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * userns_nesting — how deep user namespaces nest, and the per-namespace
 * limit on how many may be made (user_namespaces(7), unshare(2),
 * Documentation/admin-guide/sysctl/user.rst).
 *
 * Outside role (this process, root in the caller's user namespace, at
 * level L, found by NS_GET_PARENT up to the initial one):
 *
 *   - a forked chain of unshare(CLONE_NEWUSER), each level mapping
 *     itself as `unshare -r` does: the kernel refuses a child of a
 *     namespace deeper than 32 (create_user_ns: parent level > 32), so
 *     exactly 33 - L succeed and the next fails with ENOSPC (EUSERS
 *     before 4.9);
 *   - root of a child user namespace U may lower U's own
 *     max_user_namespaces (it holds CAP_SYS_RESOURCE there): with 2,
 *     two user namespaces are made in U and the third fails with ENOSPC,
 *     while the value the caller reads is unchanged.
 *
 *   --fault unmapped   the chain writes no maps: its second unshare fails
 *                      with EPERM (the creator must be mapped)
 *   --fault no-limit   the limit is left as it was: the third succeeds
 *   --fault lower-to-0 the limit is lowered to 0: the first two fail
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fixtures/probeargs.h"
#include "fixtures/usertest.h"
#include "lib/file.h"
#include "lib/needs.h"
#include "lib/nsinit.h"
#include "lib/sync.h"
#include "lib/syncfork.h"
#include "lib/tap.h"

#define DEEPEST 33		/* parent level > 32 is refused */
#define LIMIT_FILE "/proc/sys/user/max_user_namespaces"
#define LOWERED 2

static const struct probe_needs needs = {
	.caps_sys_admin = true,
	.namespaces = CLONE_NEWUSER,
	.kconfig = (const char *const[]){ "CONFIG_USER_NS", NULL },
	.timeout = 30,
};

static const char *const faults[] = { "unmapped", "no-limit", "lower-to-0", NULL };

struct chain {
	int made;	/* user namespaces created, one inside the other */
	int errnum;	/* why the next one was refused */
};

/* Forked: nest until refused; arg non-NULL: map each level (`unshare -r`). */
static int nest(void *arg, void *out, struct nsp_err *e)
{
	struct chain *c = out;

	for (c->made = 0; c->made < 100; c->made++) {
		uid_t uid = geteuid();
		gid_t gid = getegid();

		if (unshare(CLONE_NEWUSER) < 0) {
			c->errnum = errno;
			return 0;
		}
		if (arg && ut_map_self(0, uid, gid, e) < 0)
			return nsp_err_wrap(e, "level +%d: map ourselves", c->made + 1);
	}
	return nsp_err_set(e, ERANGE, "100 nested user namespaces and no refusal");
}

static void check_depth(struct tap *t, const struct probe_args *a)
{
	struct chain c = { 0 };
	struct nsp_err e = { 0 };
	char got[64], how[160];
	int level, known = user_ns_level(&level, how, sizeof(how), &e);

	if (known < 0 ||
	    fork_call(nest, probe_fault(a, "unmapped") ? NULL : "map", &c, sizeof(c), NULL, &e) < 0) {
		tap_broken(t, &e, "nest user namespaces until refused");
		return;
	}
	snprintf(got, sizeof(got), "%d, then %s", c.made, nsp_errno_name(c.errnum));
	if (known == 0) {
		tap_diag(t, "our user namespace is at level %d: %s", level, how);
		tap_expect(t, c.made == DEEPEST - level, "33 - level", got,
			   "from level %d, %d nested user namespaces can be made (the deepest "
			   "is %d)", level, DEEPEST - level, DEEPEST);
	} else {
		tap_diag(t, "%d made below us, then %s", c.made, nsp_errno_name(c.errnum));
		tap_skip(t, how, "nested user namespaces can be made down to level %d", DEEPEST);
	}
	tap_expect_errno(t, ENOSPC, -1, c.errnum,
			 "the next unshare(CLONE_NEWUSER) fails with ENOSPC");
}

/* Made in U by root of U: a user namespace, held until released (end
 * of file on *fd).  The earlier holders' fds are closed in the child, or
 * they would never see their end of file. */
static int make_held(int *fd, const int *earlier, int n, struct nsp_err *e)
{
	pid_t pid = sync_fork(fd, e);
	struct nsp_err mine = { 0 };
	char c;

	if (pid != 0)
		return pid < 0 ? -1 : (int)pid;
	for (int i = 0; i < n; i++)
		close(earlier[i]);
	if (unshare(CLONE_NEWUSER) < 0)
		nsp_err_sys(&mine, "unshare(CLONE_NEWUSER)");
	if (nsp_sync_send_result(*fd, &mine, e) < 0)
		_exit(2);
	while (read(*fd, &c, 1) > 0)
		;
	_exit(0);
}

struct limited {
	int lowered;		/* errno of writing the limit, 0 done */
	char read_back[32];
	int made[LOWERED + 1];	/* errno of each attempt, 0 made */
};

/* In U (a user child, root there): lower the limit, then try three. */
static int in_u(void *arg, void *out, struct nsp_err *e)
{
	struct limited *l = out;
	int fds[LOWERED + 1];
	pid_t pids[LOWERED + 1];

	/* arg: "keep" leaves the limit alone, else the value to write */
	l->lowered = !strcmp(arg, "keep") ? 0 :
		     nsp_write_file(LIMIT_FILE, arg, e) < 0 ? e->errnum : 0;
	nsp_read_line(LIMIT_FILE, l->read_back, sizeof(l->read_back), e);
	for (int i = 0; i <= LOWERED; i++) {
		pids[i] = make_held(&fds[i], fds, i, e);
		l->made[i] = pids[i] < 0 ? EIO : nsp_sync_recv_result(fds[i], e) < 0 ? e->errnum : 0;
	}
	for (int i = 0; i <= LOWERED; i++) {
		if (pids[i] <= 0)
			continue;
		close(fds[i]);
		waitpid(pids[i], NULL, 0);
	}
	nsp_err_clear(e);
	return 0;
}

static void check_limit(struct tap *t, const struct probe_args *a)
{
	struct ut_child c = { 0 };
	struct limited l = { 0 };
	struct nsp_err e = { 0 };
	char before[32], after[32];

	if (nsp_read_line(LIMIT_FILE, before, sizeof(before), &e) < 0 ||
	    ut_child_start(&c, true, in_u, probe_fault(a, "no-limit") ? "keep" :
			   probe_fault(a, "lower-to-0") ? "0" : "2", &e) < 0 ||
	    ut_map_self(c.pid, geteuid(), getegid(), &e) < 0 ||
	    ut_child_go(&c, &l, sizeof(l), &e) < 0 ||
	    nsp_read_line(LIMIT_FILE, after, sizeof(after), &e) < 0) {
		ut_child_end(&c);
		tap_broken(t, &e, "a user namespace lowers its own max_user_namespaces");
		return;
	}
	ut_child_end(&c);
	if (l.lowered) {
		tap_skip(t, "max_user_namespaces cannot be lowered here", "the limit is honoured");
		return;
	}
	tap_diag(t, "max_user_namespaces: %s here, %s in the child namespace", after, l.read_back);
	tap_expect(t, !l.made[0] && !l.made[1], "both made", "refused",
		   "with max_user_namespaces %d in a user namespace, %d can be made there",
		   LOWERED, LOWERED);
	tap_expect_errno(t, ENOSPC, l.made[LOWERED] ? -1 : 0, l.made[LOWERED],
			 "the next one fails with ENOSPC");
	tap_expect_str(t, before, after,
		       "the limit lowered in the child is not the caller's (per user namespace)");
}

static int run(struct tap *t, const struct probe_args *a)
{
	check_depth(t, a);
	check_limit(t, a);
	return tap_done(t);
}

int main(int argc, char **argv)
{
	static const struct probe_main m = {
		.name = "userns_nesting", .needs = &needs, .faults = faults, .outside = run,
		.summary = "user namespaces nest to level 33, then ENOSPC; a lowered "
			   "max_user_namespaces is honoured in its namespace only",
		.no_inside = "it makes its own user namespaces",
	};

	return probe_main(&m, argc, argv);
}
