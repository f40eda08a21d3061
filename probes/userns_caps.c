// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * userns_caps — what root of a child user namespace may do
 * (user_namespaces(7), capabilities(7), setns(2)).
 *
 * Outside role (this process, root): private UTS and mount namespaces of
 * its own (the "parent-owned" namespaces below: never the host's), then
 * two user children (fixtures/usertest.h) in sibling user namespaces,
 * mapped "0 0 1" and "1000 1000 1" from here.  Child A asserts:
 *
 *   - a namespace owned by the parent user namespace is out of reach:
 *     sethostname() and mount() there fail with EPERM;
 *   - namespaces it creates are its own: after unshare(CLONE_NEWUTS) and
 *     unshare(CLONE_NEWNS), sethostname() and a tmpfs mount succeed;
 *   - after execve, uid 0 has the full effective set (CapEff = CapBnd),
 *     a non-zero uid an empty one (the rules of capabilities(7) applied
 *     inside the namespace);
 *   - setns() into the sibling B's user namespace, and into the parent
 *     user namespace, fails with EPERM (no capability over them).
 *
 *   --fault no-userns   A stays in our user namespace (root of the host's
 *                       or the sandbox's): the EPERM checks: not ok
 *   --fault no-own-ns   A skips its own UTS and mount namespaces
 *   --fault swap-uids   the execve checks run with the other uid
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include "fixtures/mnttest.h"
#include "fixtures/probeargs.h"
#include "fixtures/usertest.h"
#include "lib/needs.h"
#include "lib/syncfork.h"
#include "lib/tap.h"

#define MAP "0 0 1\n1000 1000 1\n"
#define USER_ID 1000

static const struct probe_needs needs = {
	.caps_sys_admin = true,
	.namespaces = CLONE_NEWUSER | CLONE_NEWUTS | CLONE_NEWNS,
	.kconfig = (const char *const[]){ "CONFIG_USER_NS", NULL },
	.timeout = 20,
};

static const char *const faults[] = { "no-userns", "no-own-ns", "swap-uids", NULL };

/* What child A is told and what it reports. */
struct caps_ask {
	/* user namespace fds opened by us and inherited (a process in a child
	 * user namespace may not open another's /proc/<pid>/ns: EACCES) */
	int sibling, parent;
	bool own_ns, swap;		/* faults */
};

struct caps_seen {
	int host_parent, mount_parent;		/* errno, 0: it worked */
	int host_own, mount_own;
	char host_read[65];
	unsigned long long root[2], user[2];	/* CapEff, CapBnd */
	int setns_sibling, setns_parent;
};

static int errno_of(int rc)
{
	return rc < 0 ? errno : 0;
}

/* Grandchild: become uid `*arg` and look at the caps cat gets. */
static int caps_as(void *arg, void *out, struct nsp_err *e)
{
	uid_t id = *(const uid_t *)arg;
	unsigned long long *caps = out;

	if (id && (setresgid(id, id, id) < 0 || setresuid(id, id, id) < 0))
		return nsp_err_sys(e, "become uid %u", (unsigned)id);
	return ut_caps_after_exec(&caps[0], &caps[1], e);
}

static int open_userns(pid_t pid, struct nsp_err *e)
{
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/ns/user", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	return fd < 0 ? nsp_err_sys(e, "open %s", path) : fd;
}

/* Child A, root of its user namespace (unless faulted), still in the
 * parent-owned UTS and mount namespaces; it leaves them last. */
static int child_a(void *arg, void *out, struct nsp_err *e)
{
	const struct caps_ask *ask = arg;
	struct caps_seen *s = out;
	uid_t root = ask->swap ? USER_ID : 0, user = ask->swap ? 0 : USER_ID;

	s->host_parent = errno_of(sethostname("nsp-userns", 10));
	s->mount_parent = errno_of(mount("nsp-userns", MT_BASE "/m", "tmpfs", 0, "size=16k"));
	if (fork_call(caps_as, &root, s->root, sizeof(s->root), NULL, e) < 0 ||
	    fork_call(caps_as, &user, s->user, sizeof(s->user), NULL, e) < 0)
		return nsp_err_wrap(e, "child A: capabilities after execve");
	s->setns_sibling = errno_of(setns(ask->sibling, CLONE_NEWUSER));
	s->setns_parent = errno_of(setns(ask->parent, CLONE_NEWUSER));
	if (ask->own_ns && (unshare(CLONE_NEWUTS) < 0 || unshare(CLONE_NEWNS) < 0))
		return nsp_err_sys(e, "child A: unshare its own UTS and mount namespaces");
	s->host_own = errno_of(sethostname("nsp-own", 7));
	gethostname(s->host_read, sizeof(s->host_read) - 1);
	s->mount_own = errno_of(mount("nsp-own", MT_BASE "/m", "tmpfs", 0, "size=16k"));
	return 0;
}

/* Child B only holds its user namespace for A to try. */
static int child_b(void *arg, void *out, struct nsp_err *e)
{
	(void)arg;
	(void)out;
	(void)e;
	return 0;
}

static void check_parent_owned(struct tap *t, const struct caps_seen *s)
{
	tap_expect_errno(t, EPERM, s->host_parent ? -1 : 0, s->host_parent,
			 "root of a child user ns: sethostname() in a UTS ns its parent owns "
			 "fails with EPERM");
	tap_expect_errno(t, EPERM, s->mount_parent ? -1 : 0, s->mount_parent,
			 "root of a child user ns: mount() in a mount ns its parent owns "
			 "fails with EPERM");
	tap_expect_errno(t, EPERM, s->setns_sibling ? -1 : 0, s->setns_sibling,
			 "setns() into a sibling user namespace fails with EPERM");
	tap_expect_errno(t, EPERM, s->setns_parent ? -1 : 0, s->setns_parent,
			 "setns() into the parent user namespace fails with EPERM");
}

static void check_own(struct tap *t, const struct caps_seen *s)
{
	char got[32];

	tap_expect(t, !s->host_own && !strcmp(s->host_read, "nsp-own"), "set and read back",
		   s->host_own ? strerror(s->host_own) : s->host_read,
		   "root of a child user ns: sethostname() in a UTS ns it created works");
	tap_expect_ok(t, s->mount_own ? -1 : 0, s->mount_own,
		      "root of a child user ns: a tmpfs mount in a mount ns it created works");
	snprintf(got, sizeof(got), "CapEff %#llx", s->root[0]);
	tap_expect(t, s->root[0] && s->root[0] == s->root[1], "CapEff = CapBnd (all)", got,
		   "after execve, uid 0 of a child user ns has every capability");
	snprintf(got, sizeof(got), "CapEff %#llx", s->user[0]);
	tap_expect(t, s->user[0] == 0, "CapEff 0", got,
		   "after execve, uid %d of a child user ns has no capability", USER_ID);
}

static int outside_setup(struct nsp_err *e)
{
	if (unshare(CLONE_NEWUTS) < 0)
		return nsp_err_sys(e, "outside: unshare(CLONE_NEWUTS) of our own");
	return mt_private_ns(e) < 0 || mt_scratch((const char *const[]){ "m", NULL }, e) < 0 ?
	       -1 : 0;
}

static int run(struct tap *t, const struct probe_args *a)
{
	bool userns = !probe_fault(a, "no-userns");
	struct caps_ask ask = { .sibling = -1, .own_ns = !probe_fault(a, "no-own-ns"),
				.swap = probe_fault(a, "swap-uids") };
	struct ut_child ca = { 0 }, cb = { 0 };
	struct caps_seen s = { 0 };
	struct nsp_err e = { 0 };
	int unused;

	if (!ut_ids_mapped(USER_ID, 1))
		return tap_skip_all(t, "uid/gid %d is not mapped in the user namespace we run in",
				    USER_ID);
	if (outside_setup(&e) < 0 || (ask.parent = open_userns(getpid(), &e)) < 0)
		return tap_bail_err(t, &e, "setup");
	if (ut_child_start(&cb, true, child_b, NULL, &e) < 0 ||
	    ut_write(cb.pid, "uid_map", MAP, &e) < 0 || ut_write(cb.pid, "gid_map", MAP, &e) < 0 ||
	    ut_child_go(&cb, &unused, sizeof(unused), &e) < 0 ||
	    (ask.sibling = open_userns(cb.pid, &e)) < 0 ||
	    ut_child_start(&ca, userns, child_a, &ask, &e) < 0 ||
	    (userns && (ut_write(ca.pid, "uid_map", MAP, &e) < 0 ||
			ut_write(ca.pid, "gid_map", MAP, &e) < 0))) {
		tap_broken(t, &e, "two user children, mapped");
	} else if (ut_child_go(&ca, &s, sizeof(s), &e) < 0) {
		tap_broken(t, &e, "child A reports");
	} else {
		check_parent_owned(t, &s);
		check_own(t, &s);
	}
	ut_child_end(&ca);
	ut_child_end(&cb);
	close(ask.parent);
	if (ask.sibling >= 0)
		close(ask.sibling);
	return tap_done(t);
}

int main(int argc, char **argv)
{
	static const struct probe_main m = {
		.name = "userns_caps", .needs = &needs, .faults = faults, .outside = run,
		.summary = "root of a child user namespace: its own namespaces yes, its "
			   "parent's no; capabilities after execve; setns between user namespaces",
		.no_inside = "it makes its own user namespaces",
	};

	return probe_main(&m, argc, argv);
}
