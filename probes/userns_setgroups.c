// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * userns_setgroups — a writer without CAP_SETGID in the parent user
 * namespace must deny setgroups before it may write gid_map
 * (user_namespaces(7), "Interaction with system calls that change process
 * UIDs or GIDs"; the fix of CVE-2014-8989).
 *
 * Outside role (this process, root in the caller's user namespace): a
 * forked writer drops to uid/gid 65534, enters a new user namespace and
 * maps itself as an unprivileged runtime (or a rootless user) does.
 * Kernel rules asserted: it may map its own uid; its gid_map is refused
 * (EPERM) while setgroups is allowed; after "deny" to setgroups the
 * gid_map is accepted; and setgroups(2) is then refused (EPERM).
 *
 *   --fault privileged-writer  the steps are done by us, root of the
 *                              parent namespace, where no rule applies
 *   --fault foreign-uid        the writer maps uid 0, not its own: refused
 */
#include <errno.h>
#include <grp.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "fixtures/probeargs.h"
#include "fixtures/usertest.h"
#include "lib/file.h"
#include "lib/syncfork.h"
#include "lib/tap.h"

#define UNPRIV 65534		/* the unprivileged writer's id */
#define ROOT_MAP "0 0 1\n"

static const char *const faults[] = { "privileged-writer", "foreign-uid", NULL };

/* The unprivileged writer's errnos, in order of its steps. */
struct writer {
	int uid_map, gid_map_first, setgroups_deny, gid_map_after, setgroups_call;
};

/* The writer's steps on the maps of `pid` (0: its own), each errno. */
static void writer_steps(pid_t pid, const char *map, struct writer *w, struct nsp_err *e)
{
	w->uid_map = ut_write(pid, "uid_map", map, e) < 0 ? e->errnum : 0;
	w->gid_map_first = ut_write(pid, "gid_map", map, e) < 0 ? e->errnum : 0;
	w->setgroups_deny = ut_write(pid, "setgroups", "deny", e) < 0 ? e->errnum : 0;
	w->gid_map_after = w->gid_map_first ? (ut_write(pid, "gid_map", map, e) < 0 ? e->errnum : 0)
					    : 0;
	nsp_err_clear(e);
}

/* Forked: drop to UNPRIV, enter a user namespace and map ourselves as an
 * unprivileged runtime does (arg: another map to write, the fault). */
static int unprivileged_writer(void *arg, void *out, struct nsp_err *e)
{
	struct writer *w = out;
	char map[32];

	if (setgroups(0, NULL) < 0 || setresgid(UNPRIV, UNPRIV, UNPRIV) < 0 ||
	    setresuid(UNPRIV, UNPRIV, UNPRIV) < 0)
		return nsp_err_sys(e, "writer: become uid/gid %d", UNPRIV);
	/* a setuid drop makes us undumpable, and /proc/self root's */
	prctl(PR_SET_DUMPABLE, 1);
	if (unshare(CLONE_NEWUSER) < 0)
		return nsp_err_sys(e, "writer: unshare(CLONE_NEWUSER)");
	if (arg)
		snprintf(map, sizeof(map), "%s", (const char *)arg);
	else
		snprintf(map, sizeof(map), "0 %d 1\n", UNPRIV);
	writer_steps(0, map, w, e);
	w->setgroups_call = setgroups(0, NULL) < 0 ? errno : 0;
	return 0;
}

/* In a user child: whether setgroups(2) is allowed there. */
static int child_setgroups(void *arg, void *out, struct nsp_err *e)
{
	(void)arg;
	(void)e;
	*(int *)out = setgroups(0, NULL) < 0 ? errno : 0;
	return 0;
}

/* --fault privileged-writer: the steps done by us (root of the parent
 * user namespace) on a child's maps, where no setgroups rule applies. */
static int privileged_writer(struct writer *w, struct nsp_err *e)
{
	struct ut_child c = { 0 };

	if (ut_child_start(&c, true, child_setgroups, NULL, e) < 0)
		return -1;
	writer_steps(c.pid, ROOT_MAP, w, e);
	if (ut_child_go(&c, &w->setgroups_call, sizeof(w->setgroups_call), e) < 0) {
		ut_child_end(&c);
		return -1;
	}
	ut_child_end(&c);
	return 0;
}

static const char *const writer_points[] = {
	"an unprivileged writer may map its own uid",
	"its gid_map is refused (EPERM) while setgroups is allowed",
	"after writing \"deny\" to setgroups, its gid_map is accepted",
	"with setgroups denied, setgroups(2) fails with EPERM",
};

/* Why the rule cannot be seen from where we run, or NULL. */
static const char *premise_missing(void)
{
	char line[16];
	struct nsp_err e;

	if (!ut_ids_mapped(UNPRIV, 1))
		return "uid/gid 65534 is not mapped where we run";
	/* a new user namespace inherits "deny": no gid_map to refuse */
	if (nsp_read_line("/proc/self/setgroups", line, sizeof(line), &e) == 0 &&
	    strcmp(line, "deny") == 0)
		return "setgroups is denied in the user namespace we run in";
	return NULL;
}

/* Outside role: this process, root; the writer is a forked child. */
static int run(struct tap *t, const struct probe_args *a)
{
	void *foreign = probe_fault(a, "foreign-uid") ? (void *)ROOT_MAP : NULL;
	const char *why = premise_missing();
	struct writer w;
	struct nsp_err e = { 0 };

	for (size_t i = 0; why && i < 4; i++)
		tap_skip(t, why, "%s", writer_points[i]);
	if (why)
		return tap_done(t);
	if ((probe_fault(a, "privileged-writer") ? privileged_writer(&w, &e) :
	     fork_call(unprivileged_writer, foreign, &w, sizeof(w), NULL, &e)) < 0) {
		tap_broken(t, &e, "an unprivileged writer maps itself");
		return tap_done(t);
	}
	tap_expect_ok(t, w.uid_map ? -1 : 0, w.uid_map, "%s", writer_points[0]);
	tap_expect_errno(t, EPERM, w.gid_map_first ? -1 : 0, w.gid_map_first, "%s",
			 writer_points[1]);
	tap_expect(t, !w.setgroups_deny && !w.gid_map_after, "deny, then gid_map accepted",
		   "refused", "%s", writer_points[2]);
	tap_expect_errno(t, EPERM, w.setgroups_call ? -1 : 0, w.setgroups_call, "%s",
			 writer_points[3]);
	return tap_done(t);
}

PROBE_MAIN(.name = "userns_setgroups", .needs = &ut_probe_needs, .faults = faults, .outside = run,
	   .no_inside = UT_NO_INSIDE " and maps them",
	   .summary = "an unprivileged writer must deny setgroups before its gid_map,"
		      " and setgroups(2) is then EPERM")
