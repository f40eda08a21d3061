// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * userns_nested_map — a nested user namespace's map may name only ids its
 * parent maps, and its ids go through the parent's map on their way to
 * the host, however many extents it has (CVE-2018-18955: with more than
 * five extents, 4.15-4.19.1 translated them through the wrong array and
 * let a nested namespace map host ids its parent never owned; LTP
 * userns08 is its reproducer).
 *
 * Outside role (this process, root): a user child U1 (fixtures/usertest.h)
 * mapped from here "0 100000 100" (inside 0..99 = host 100000..100099).
 * Root of U1 makes grandchildren in namespaces U2 below it and writes
 * their uid_map/gid_map (as the owner of U1, CAP_SETUID there), one table
 * case each.  Kernel rule (map_write, new_idmap_permitted): every lower
 * id must be mapped in the parent; the accepted map composes with the
 * parent's, so U2's uid 5 over the 6-extent map "5 50 1" is U1's 50 and
 * the host's 100050, read here from /proc/<pid>/status.
 *
 *   --fault wide-parent   U1 maps 200 ids: the "outside the parent"
 *                         extents are inside, and accepted (not ok)
 *   --fault flat-parent   U1 maps "0 0 100": uid 5 of U2 is host 50
 *   --fault narrow-parent U1 maps 10 ids: the valid map is refused too
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fixtures/probeargs.h"
#include "fixtures/usertest.h"
#include "lib/file.h"
#include "lib/needs.h"
#include "lib/procstatus.h"
#include "lib/sync.h"
#include "lib/syncfork.h"
#include "lib/tap.h"

#define PARENT_MAP "0 100000 100\n"
#define WIDE_MAP "0 100000 200\n"
#define FLAT_MAP "0 0 100\n"
#define NARROW_MAP "0 100000 10\n"
#define INNER_UID 5
#define HOST_UID 100050		/* 5 -> U1's 50 -> host 100050 */

static const char *const faults[] = { "wide-parent", "flat-parent", "narrow-parent", NULL };

static const struct map_case {
	const char *what;
	const char *map;
	int errnum;		/* the write's errno; 0: accepted */
} cases[] = {
	{ "a 6-extent nested map within the parent's ids is accepted",
	  "0 0 1\n1 10 1\n2 20 1\n3 30 1\n4 40 1\n5 50 1\n", 0 },
	{ "a 6-extent nested map naming an id the parent does not map fails with EPERM",
	  "0 0 1\n1 10 1\n2 20 1\n3 30 1\n4 40 1\n5 150 1\n", EPERM },
	{ "a 5-extent nested map naming an id the parent does not map fails with EPERM",
	  "0 0 1\n1 10 1\n2 20 1\n3 30 1\n4 150 1\n", EPERM },
	{ "a nested extent reaching past the parent's range fails with EPERM",
	  "0 0 101\n", EPERM },
};
#define NCASES (sizeof(cases) / sizeof(cases[0]))

struct nested_seen {
	int errnum[NCASES];
	pid_t held;		/* the accepted case's grandchild, uid 5 inside */
	int held_errno;		/* its setresuid, 0 done */
};

enum { G_BECOME = 1 };

/* Grandchild, in U2 below U1: wait for the map, become INNER_UID. */
static _Noreturn void grandchild(int fd)
{
	struct nsp_err mine = { 0 }, e;
	int become;
	char c;

	if (unshare(CLONE_NEWUSER) < 0)
		nsp_err_sys(&mine, "grandchild: unshare(CLONE_NEWUSER)");
	if (nsp_sync_send_result(fd, &mine, &e) < 0 || mine.msg[0] ||
	    nsp_sync_wait(fd, G_BECOME, &e) < 0)
		_exit(2);
	become = setresgid(INNER_UID, INNER_UID, INNER_UID) < 0 ||
		 setresuid(INNER_UID, INNER_UID, INNER_UID) < 0 ? errno : 0;
	if (nsp_sync_send(fd, &become, sizeof(become), &e) < 0)
		_exit(2);
	while (read(fd, &c, 1) > 0)	/* held until U1 goes */
		;
	_exit(0);
}

/* Root of U1: one case; the accepted one's grandchild is kept. */
static int try_case(size_t i, struct nested_seen *s, struct nsp_err *e)
{
	static int held_fd = -1;	/* open while U1 lives: keeps it */
	pid_t g;
	int fd, rc;

	g = sync_fork(&fd, e);
	if (g < 0)
		return -1;
	if (g == 0)
		grandchild(fd);
	if (nsp_sync_recv_result(fd, e) < 0)
		return nsp_err_wrap(e, "case %zu", i + 1);
	rc = ut_write(g, "uid_map", cases[i].map, e) < 0 ? e->errnum : 0;
	if (!rc)
		rc = ut_write(g, "gid_map", cases[i].map, e) < 0 ? e->errnum : 0;
	s->errnum[i] = rc;
	if (!rc && cases[i].errnum == 0 && held_fd < 0) {
		if (nsp_sync_wake(fd, G_BECOME, e) < 0 ||
		    nsp_sync_recv(fd, &s->held_errno, sizeof(s->held_errno), e) < 0)
			return nsp_err_wrap(e, "case %zu: become uid %d", i + 1, INNER_UID);
		s->held = g;
		held_fd = fd;
		return 0;
	}
	close(fd);
	waitpid(g, NULL, 0);
	return 0;
}

static int in_u1(void *arg, void *out, struct nsp_err *e)
{
	struct nested_seen *s = out;

	(void)arg;
	/* become U1's root (host 100000): a creator must be mapped in the
	 * parent, and dumpable, so its children's /proc files are its own */
	if (setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0)
		return nsp_err_sys(e, "U1: become its root");
	prctl(PR_SET_DUMPABLE, 1);
	for (size_t i = 0; i < NCASES; i++)
		if (try_case(i, s, e) < 0)
			return -1;
	nsp_err_clear(e);
	return 0;
}

/* The real uid of pid as our /proc shows it (through our own map). */
static long host_uid(pid_t pid, struct nsp_err *e)
{
	char *status = nsp_read_proc(pid, "status", e), *p;
	long uid = -1;

	if (!status)
		return -1;
	p = strstr(status, "\nUid:\t");
	if (!p || sscanf(p + 6, "%ld", &uid) != 1)
		nsp_err_set(e, EINVAL, "no Uid line in /proc/%d/status", (int)pid);
	free(status);
	return uid;
}

static void check(struct tap *t, const struct nested_seen *s)
{
	struct nsp_err e = { 0 };
	long uid;

	for (size_t i = 0; i < NCASES; i++) {
		if (cases[i].errnum)
			tap_expect_errno(t, cases[i].errnum, s->errnum[i] ? -1 : 0, s->errnum[i],
					 "%s", cases[i].what);
		else
			tap_expect_ok(t, s->errnum[i] ? -1 : 0, s->errnum[i], "%s", cases[i].what);
	}
	if (!s->held || s->held_errno) {
		tap_skip(t, "no nested namespace was mapped", "uid %d of U2 is host uid %d",
			 INNER_UID, HOST_UID);
		return;
	}
	uid = host_uid(s->held, &e);
	if (uid < 0)
		tap_broken(t, &e, "uid %d of U2 is host uid %d", INNER_UID, HOST_UID);
	else
		tap_expect_long(t, HOST_UID, uid, "uid %d of U2 (6 extents) is host uid %d, "
				"through the parent's map", INNER_UID, HOST_UID);
}

static int run(struct tap *t, const struct probe_args *a)
{
	const char *map = probe_fault(a, "wide-parent") ? WIDE_MAP :
			  probe_fault(a, "flat-parent") ? FLAT_MAP :
			  probe_fault(a, "narrow-parent") ? NARROW_MAP : PARENT_MAP;
	struct ut_child u1 = { 0 };
	struct nested_seen s = { 0 };
	struct nsp_err e = { 0 };

	if (!ut_ids_mapped(100000, 200))
		return tap_skip_all(t, "ids 100000..100199 are not mapped in the user "
				    "namespace we run in");
	if (ut_child_start(&u1, true, in_u1, NULL, &e) < 0 ||
	    ut_write(u1.pid, "uid_map", map, &e) < 0 ||
	    ut_write(u1.pid, "gid_map", map, &e) < 0) {
		ut_child_end(&u1);
		return tap_bail_err(t, &e, "setup");
	}
	if (ut_child_go(&u1, &s, sizeof(s), &e) < 0)
		tap_broken(t, &e, "root of U1 maps nested namespaces");
	else
		check(t, &s);
	ut_child_end(&u1);
	return tap_done(t);
}

int main(int argc, char **argv)
{
	static const struct probe_main m = {
		.name = "userns_nested_map", .needs = &ut_probe_needs, .faults = faults, .outside = run,
		.summary = "nested uid maps name only ids the parent maps and compose with "
			   "its map, also past five extents (CVE-2018-18955)",
		.no_inside = "it makes its own user namespaces",
	};

	return probe_main(&m, argc, argv);
}
