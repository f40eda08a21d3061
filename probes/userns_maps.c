// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * userns_maps — uid_map/gid_map semantics (user_namespaces(7)).
 *
 * Outside role (this process, root in the caller's user namespace): a
 * private mount namespace with a scratch tmpfs holding a file owned by a
 * host id the map covers (100005) and one owned by an id it does not
 * (1000).  User children (fixtures/usertest.h) enter new user namespaces
 * and look; the maps are written from here, as a runtime writes them:
 *
 *   uid_map, gid_map  "0 0 1" and "1 100000 999": root stays root, inside
 *                     ids 1..999 are host 100000..100998
 *
 * Kernel rules asserted: until a map is written the ids are the overflow
 * ids; a mapped process sees its mapped id; file owners are shown through
 * the map, unmapped ones as the overflow ids; an inside uid creates files
 * owned by its host id; each map can be written once (EPERM after); a
 * writer without CAP_SETGID in the parent must deny setgroups before its
 * gid_map (EPERM otherwise), and setgroups(2) is then refused (EPERM).
 *
 *   --fault identity-map       the children get "0 0 4294967295": owners
 *                              are not translated (the ownership checks
 *                              must report not ok)
 *   --fault mapped-early       the maps are written before the first look
 *   --fault no-self            root is left out of the map
 *   --fault fresh-ns           the second writes go to a never-mapped
 *                              namespace (the write-once checks: not ok)
 *   --fault privileged-writer  the setgroups writer keeps root's privilege
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fixtures/mnttest.h"
#include "fixtures/probeargs.h"
#include "fixtures/usertest.h"
#include "lib/needs.h"
#include "lib/syncfork.h"
#include "lib/tap.h"

#define MAP "0 0 1\n1 100000 999\n"
#define IDENTITY "0 0 4294967295\n"
#define NO_SELF "1 100000 999\n"
#define MAPPED_HOST 100005	/* inside 6 */
#define UNMAPPED_HOST 1000
#define INSIDE_ID 6
#define UNPRIV 65534		/* the unprivileged writer's id */

static const struct probe_needs needs = {
	.caps_sys_admin = true,
	.namespaces = CLONE_NEWUSER | CLONE_NEWNS,
	.kconfig = (const char *const[]){ "CONFIG_USER_NS", NULL },
	.timeout = 20,
};

static const char *const faults[] = {
	"identity-map", "mapped-early", "no-self", "fresh-ns", "privileged-writer", NULL,
};

/* What a user child sees of itself and of the scratch files. */
struct look {
	long uid, gid;
	long mapped_uid, mapped_gid;		/* owner of MT_BASE/mapped */
	long unmapped_uid, unmapped_gid;	/* owner of MT_BASE/unmapped */
};

/* In the child, in its user namespace: ids, owners, and a file created
 * as INSIDE_ID in MT_BASE/drop. */
static int child_look(void *arg, void *out, struct nsp_err *e)
{
	struct look *l = out;
	bool create = arg != NULL;
	struct stat a, b;
	int fd;

	l->uid = (long)getuid();
	l->gid = (long)getgid();
	if (stat(MT_BASE "/mapped", &a) < 0 || stat(MT_BASE "/unmapped", &b) < 0)
		return nsp_err_sys(e, "child: stat the scratch files");
	l->mapped_uid = (long)a.st_uid;
	l->mapped_gid = (long)a.st_gid;
	l->unmapped_uid = (long)b.st_uid;
	l->unmapped_gid = (long)b.st_gid;
	if (!create)
		return 0;
	if (setresgid(INSIDE_ID, INSIDE_ID, INSIDE_ID) < 0 ||
	    setresuid(INSIDE_ID, INSIDE_ID, INSIDE_ID) < 0)
		return nsp_err_sys(e, "child: become uid %d inside", INSIDE_ID);
	fd = open(MT_BASE "/drop/made-inside", O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
	if (fd < 0)
		return nsp_err_sys(e, "child: create drop/made-inside as uid %d", INSIDE_ID);
	close(fd);
	return 0;
}

static int scratch_files(struct nsp_err *e)
{
	static const struct {
		const char *path;
		unsigned id;
	} files[] = { { MT_BASE "/mapped", MAPPED_HOST }, { MT_BASE "/unmapped", UNMAPPED_HOST } };

	if (mt_private_ns(e) < 0 || mt_scratch((const char *const[]){ "drop", NULL }, e) < 0)
		return -1;
	if (chmod(MT_BASE "/drop", 01777) < 0)
		return nsp_err_sys(e, "chmod drop");
	for (size_t i = 0; i < 2; i++) {
		int fd = open(files[i].path, O_CREAT | O_WRONLY | O_CLOEXEC, 0644);

		if (fd < 0 || fchown(fd, files[i].id, files[i].id) < 0) {
			if (fd >= 0)
				close(fd);
			return nsp_err_sys(e, "create %s owned by %u", files[i].path, files[i].id);
		}
		close(fd);
	}
	return 0;
}

static int write_maps(pid_t pid, const char *map, struct nsp_err *e)
{
	if (ut_write(pid, "uid_map", map, e) < 0 || ut_write(pid, "gid_map", map, e) < 0)
		return nsp_err_wrap(e, "write the maps of %d", (int)pid);
	return 0;
}

/* The first look: no map yet (unless the fault writes one first). */
static void check_unmapped(struct tap *t, const struct probe_args *a, long ofuid, long ofgid)
{
	struct ut_child c = { 0 };
	struct look l;
	struct nsp_err e = { 0 };

	if (ut_child_start(&c, true, child_look, NULL, &e) < 0 ||
	    (probe_fault(a, "mapped-early") && write_maps(c.pid, MAP, &e) < 0) ||
	    ut_child_go(&c, &l, sizeof(l), &e) < 0) {
		tap_broken(t, &e, "before any map, the ids are the overflow ids");
		ut_child_end(&c);
		return;
	}
	ut_child_end(&c);
	tap_expect(t, l.uid == ofuid && l.gid == ofgid, "the overflow uid and gid",
		   l.uid == 0 ? "uid 0" : "other ids",
		   "before any map is written, getuid()/getgid() are the overflow ids (%ld/%ld)",
		   ofuid, ofgid);
}

static void check_mapped(struct tap *t, const struct look *l, long ofuid, long ofgid)
{
	struct stat st;
	int rc = stat(MT_BASE "/drop/made-inside", &st);

	tap_expect_long(t, 0, l->uid, "a mapped process sees its mapped uid (host 0 is 0)");
	tap_expect(t, l->mapped_uid == INSIDE_ID && l->mapped_gid == INSIDE_ID,
		   "uid/gid 6", "other owners",
		   "a file owned by host %d shows as %d inside", MAPPED_HOST, INSIDE_ID);
	tap_expect(t, l->unmapped_uid == ofuid && l->unmapped_gid == ofgid,
		   "the overflow ids", "other owners",
		   "a file owned by unmapped host %d shows as the overflow ids", UNMAPPED_HOST);
	tap_expect(t, rc == 0 && st.st_uid == MAPPED_HOST && st.st_gid == MAPPED_HOST,
		   "owner 100005:100005", rc < 0 ? "not created" : "another owner",
		   "a file created by inside uid %d is owned by host %d", INSIDE_ID, MAPPED_HOST);
}

/* A second write of each map: EPERM (a fresh namespace under the fault). */
static void check_write_once(struct tap *t, const struct probe_args *a, pid_t mapped)
{
	static const char *const files[] = { "uid_map", "gid_map" };
	struct ut_child fresh = { 0 };
	struct nsp_err e = { 0 };
	pid_t target = mapped;

	if (probe_fault(a, "fresh-ns")) {
		if (ut_child_start(&fresh, true, child_look, NULL, &e) < 0) {
			tap_broken(t, &e, "a map can be written only once");
			return;
		}
		target = fresh.pid;
	}
	for (size_t i = 0; i < 2; i++) {
		int rc = ut_write(target, files[i], MAP, &e);

		tap_expect_errno(t, EPERM, rc, e.errnum, "a second write of %s fails with EPERM",
				 files[i]);
	}
	ut_child_end(&fresh);
}

static void check_maps(struct tap *t, const struct probe_args *a, long ofuid, long ofgid)
{
	const char *map = probe_fault(a, "identity-map") ? IDENTITY :
			  probe_fault(a, "no-self") ? NO_SELF : MAP;
	struct ut_child c = { 0 };
	struct look l;
	struct nsp_err e = { 0 };

	if (ut_child_start(&c, true, child_look, "create", &e) < 0 ||
	    write_maps(c.pid, map, &e) < 0 || ut_child_go(&c, &l, sizeof(l), &e) < 0) {
		tap_broken(t, &e, "a mapped child looks at itself and the scratch files");
		ut_child_end(&c);
		return;
	}
	check_mapped(t, &l, ofuid, ofgid);
	check_write_once(t, a, c.pid);
	ut_child_end(&c);
}

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
 * unprivileged runtime (or a rootless user) does. */
static int unprivileged_writer(void *arg, void *out, struct nsp_err *e)
{
	struct writer *w = out;
	char map[32];

	(void)arg;
	if (setgroups(0, NULL) < 0 || setresgid(UNPRIV, UNPRIV, UNPRIV) < 0 ||
	    setresuid(UNPRIV, UNPRIV, UNPRIV) < 0)
		return nsp_err_sys(e, "writer: become uid/gid %d", UNPRIV);
	/* a setuid drop makes us undumpable, and /proc/self root's */
	prctl(PR_SET_DUMPABLE, 1);
	if (unshare(CLONE_NEWUSER) < 0)
		return nsp_err_sys(e, "writer: unshare(CLONE_NEWUSER)");
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
	writer_steps(c.pid, "0 0 1\n", w, e);
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

static void check_setgroups_rule(struct tap *t, const struct probe_args *a)
{
	struct writer w;
	struct nsp_err e = { 0 };

	if ((probe_fault(a, "privileged-writer") ? privileged_writer(&w, &e) :
	     fork_call(unprivileged_writer, NULL, &w, sizeof(w), NULL, &e)) < 0) {
		if (e.errnum == EINVAL)
			for (size_t i = 0; i < 4; i++)
				tap_skip(t, "uid/gid 65534 is not mapped where we run", "%s",
					 writer_points[i]);
		else
			tap_broken(t, &e, "an unprivileged writer maps itself");
		return;
	}
	tap_expect_ok(t, w.uid_map ? -1 : 0, w.uid_map, "%s", writer_points[0]);
	tap_expect_errno(t, EPERM, w.gid_map_first ? -1 : 0, w.gid_map_first, "%s",
			 writer_points[1]);
	tap_expect(t, !w.setgroups_deny && !w.gid_map_after, "deny, then gid_map accepted",
		   "refused", "%s", writer_points[2]);
	tap_expect_errno(t, EPERM, w.setgroups_call ? -1 : 0, w.setgroups_call, "%s",
			 writer_points[3]);
}

static int run(struct tap *t, const struct probe_args *a)
{
	struct nsp_err e = { 0 };
	long ofuid, ofgid;

	if (!ut_ids_mapped(100000, 1000) || !ut_ids_mapped(UNMAPPED_HOST, 1))
		return tap_skip_all(t, "ids 100000..100999 and %d are not mapped in the user "
				    "namespace we run in", UNMAPPED_HOST);
	if (ut_overflow_ids(&ofuid, &ofgid, &e) < 0 || scratch_files(&e) < 0)
		return tap_bail_err(t, &e, "setup");
	check_unmapped(t, a, ofuid, ofgid);
	check_maps(t, a, ofuid, ofgid);
	check_setgroups_rule(t, a);
	return tap_done(t);
}

int main(int argc, char **argv)
{
	static const struct probe_main m = {
		.name = "userns_maps", .needs = &needs, .faults = faults, .outside = run,
		.summary = "uid_map/gid_map: overflow ids, owners through the map, "
			   "write-once maps, setgroups before gid_map",
		.no_inside = "it makes its own user namespaces and maps them",
	};

	return probe_main(&m, argc, argv);
}
