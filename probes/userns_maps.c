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
 * owned by its host id.  (Write-once maps: userns_map_once; setgroups
 * before gid_map: userns_setgroups.)
 *
 *   --fault identity-map       the children get "0 0 4294967295": owners
 *                              are not translated (the ownership checks
 *                              must report not ok)
 *   --fault mapped-early       the maps are written before the first look
 *   --fault no-self            root is left out of the map
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fixtures/mnttest.h"
#include "fixtures/probeargs.h"
#include "fixtures/usertest.h"
#include "lib/needs.h"
#include "lib/tap.h"

#define MAP "0 0 1\n1 100000 999\n"
#define IDENTITY "0 0 4294967295\n"
#define NO_SELF "1 100000 999\n"
#define MAPPED_HOST 100005	/* inside 6 */
#define UNMAPPED_HOST 1000
#define INSIDE_ID 6

static const struct probe_needs needs = {
	.caps_sys_admin = true,
	.namespaces = CLONE_NEWUSER | CLONE_NEWNS,
	.kconfig = (const char *const[]){ "CONFIG_USER_NS", NULL },
	.timeout = 20,
};

static const char *const faults[] = {
	"identity-map", "mapped-early", "no-self", NULL,
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

/* A user child's look, after `map` is written (NULL: none); `create`:
 * it also creates drop/made-inside as INSIDE_ID. */
static int look_as(const char *map, bool create, struct look *l, struct nsp_err *e)
{
	struct ut_child c = { 0 };
	int rc = ut_child_start(&c, true, child_look, create ? "create" : NULL, e);

	if (rc == 0 && map)
		rc = ut_write_maps(c.pid, map, e);
	if (rc == 0)
		rc = ut_child_go(&c, l, sizeof(*l), e);
	ut_child_end(&c);
	return rc;
}

/* The first look: no map yet (unless the fault writes one first). */
static void check_unmapped(struct tap *t, const struct probe_args *a, long ofuid, long ofgid)
{
	struct look l;
	struct nsp_err e = { 0 };

	if (look_as(probe_fault(a, "mapped-early") ? MAP : NULL, false, &l, &e) < 0) {
		tap_broken(t, &e, "before any map, the ids are the overflow ids");
		return;
	}
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

static void check_maps(struct tap *t, const struct probe_args *a, long ofuid, long ofgid)
{
	const char *map = probe_fault(a, "identity-map") ? IDENTITY :
			  probe_fault(a, "no-self") ? NO_SELF : MAP;
	struct look l;
	struct nsp_err e = { 0 };

	if (look_as(map, true, &l, &e) < 0)
		tap_broken(t, &e, "a mapped child looks at itself and the scratch files");
	else
		check_mapped(t, &l, ofuid, ofgid);
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
	return tap_done(t);
}

PROBE_MAIN(.name = "userns_maps", .needs = &needs, .faults = faults, .outside = run,
	   .no_inside = UT_NO_INSIDE " and maps them",
	   .summary = "uid_map/gid_map: overflow ids before a map, ids and file owners"
		      " through the map")
