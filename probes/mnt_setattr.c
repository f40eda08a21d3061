// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * mnt_setattr — mount_setattr(2) with MOUNT_ATTR_PROPAGATION changes a
 * mount's propagation like mount(MS_SHARED...) does: AT_RECURSIVE reaches
 * submounts, without it only the mount named changes, an invalid
 * propagation value is EINVAL, and a slave made this way behaves as one
 * (receives from its master, sends nothing back).
 *
 * The probe runs alone in a mount namespace of its own (root, every mount
 * private first), under a scratch tmpfs on /tmp:
 *   /tmp/s     tmpfs "nsp-sa-0",   /tmp/s/t   tmpfs "nsp-sa-1"
 *   /tmp/peer  MS_BIND|MS_REC of /tmp/s (a peer while /tmp/s is shared)
 * The syscall is called through syscall(SYS_mount_setattr) with a struct
 * of our own, so old headers do not matter; ENOSYS skips the probe.
 * `--role inside` runs the same checks wherever we are started (still in
 * a private namespace of our own).
 *
 *   --fault no-recursive   drop AT_RECURSIVE: the recursive cases must
 *                          report not ok.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "fixtures/mnttest.h"
#include "lib/needs.h"
#include "fixtures/probeargs.h"
#include "lib/tap.h"

#ifndef SYS_mount_setattr
#define SYS_mount_setattr 442
#endif
#ifndef AT_RECURSIVE
#define AT_RECURSIVE 0x8000
#endif
#define S MT_BASE "/s"
#define PEER MT_BASE "/peer"

/* struct mount_attr, MOUNT_ATTR_SIZE_VER0 (5.12), under our own name. */
struct nsp_mount_attr {
	uint64_t attr_set, attr_clr, propagation, userns_fd;
};

static const struct probe_needs needs = {
	.caps_sys_admin = true,
	.namespaces = CLONE_NEWNS,
	.timeout = 10,
};

static const char *const levels[] = { S, S "/t" };
static unsigned int rec_mask = ~0U;	/* ~AT_RECURSIVE under the fault */

/* Applied in order on /tmp/s: each starts where the previous left. */
static const struct sa_case {
	unsigned int flags;
	uint64_t propagation;
	enum mt_kind want[2];
	const char *desc;
} cases[] = {
	{ AT_RECURSIVE, MS_SHARED, { MT_K_SHARED, MT_K_SHARED },
	  "MS_SHARED with AT_RECURSIVE makes the mount and its submount shared" },
	{ 0, MS_PRIVATE, { MT_K_PRIVATE, MT_K_SHARED },
	  "MS_PRIVATE without AT_RECURSIVE changes only the mount named" },
	{ AT_RECURSIVE, MS_UNBINDABLE, { MT_K_UNBINDABLE, MT_K_UNBINDABLE },
	  "MS_UNBINDABLE with AT_RECURSIVE reaches the submount" },
	{ AT_RECURSIVE, MS_SHARED, { MT_K_SHARED, MT_K_SHARED },
	  "MS_SHARED with AT_RECURSIVE makes them shared again" },
};

static long setattr(const char *path, unsigned int flags, uint64_t propagation)
{
	struct nsp_mount_attr a = { .propagation = propagation };

	return syscall(SYS_mount_setattr, AT_FDCWD, path, flags & rec_mask, &a, sizeof(a));
}

static const char *const dirs[] = { "s", "peer", NULL };
static const struct mt_req tree[] = {
	{ MT_MOUNT, 0, S, "nsp-sa-0" },
	{ MT_MKDIR, 0, S "/t", "" },
	{ MT_MOUNT, 0, S "/t", "nsp-sa-1" },
};
static const char *const faults[] = { "no-recursive", NULL };

/* A peer of the shared /tmp/s made a slave by mount_setattr, then used. */
static void check_slave(struct tap *t)
{
	struct mt_view top, peer, got_in_peer, back;
	struct nsp_err e = { 0 };
	char buf[64];
	long rc;

	if (mount(S, PEER, NULL, MS_BIND | MS_REC, NULL) < 0)
		nsp_err_sys(&e, "bind " S " on " PEER);
	if (e.msg[0] || mt_view_of(0, S, &top, &e) < 0) {
		tap_broken(t, &e, "mount_setattr(MS_SLAVE) makes a peer a slave of its group");
		return;
	}
	rc = setattr(PEER, 0, MS_SLAVE);
	if (!tap_expect_ok(t, rc, errno, "mount_setattr(MS_SLAVE) on a peer succeeds"))
		return;
	if (mt_view_of(0, PEER, &peer, &e) < 0 ||
	    mt_apply(&(struct mt_req){ MT_MKDIR, 0, S "/x", "" }, &e) < 0 ||
	    mt_apply(&(struct mt_req){ MT_MOUNT, 0, S "/x", "nsp-sa-x" }, &e) < 0 ||
	    mt_view_of(0, PEER "/x", &got_in_peer, &e) < 0 ||
	    mt_apply(&(struct mt_req){ MT_MKDIR, 0, PEER "/y", "" }, &e) < 0 ||
	    mt_apply(&(struct mt_req){ MT_MOUNT, 0, PEER "/y", "nsp-sa-y" }, &e) < 0 ||
	    mt_view_of(0, S "/y", &back, &e) < 0) {
		tap_broken(t, &e, "a slave made by mount_setattr behaves as one");
		return;
	}
	tap_expect(t, mt_view_is(&peer, MT_K_SLAVE) && peer.master == top.shared,
		   "master:N of the former peer group", mt_view_str(&peer, buf, sizeof(buf)),
		   "mountinfo shows the mount as a slave of its former peer group");
	tap_expect(t, got_in_peer.present && !strcmp(got_in_peer.source, "nsp-sa-x"),
		   "nsp-sa-x", got_in_peer.present ? got_in_peer.source : "no mount",
		   "the slave receives a mount made on its master");
	tap_expect(t, !back.present, "no mount", back.present ? back.source : "no mount",
		   "a mount made on the slave does not reach the master");
}

/* This process, root, in a private mount namespace of its own (both roles). */
static int run(struct tap *t, const struct probe_args *a)
{
	struct nsp_err e = { 0 };
	long rc;

	if (probe_fault(a, "no-recursive"))
		rec_mask = ~(unsigned int)AT_RECURSIVE;
	if (mt_private_tree(dirs, tree, sizeof(tree) / sizeof(tree[0]), &e) < 0)
		return tap_bail_err(t, &e, "setup");
	/* the feature is asked of the kernel: ENOSYS before 5.12 */
	rc = setattr(S, 0, MS_PRIVATE);
	if (rc < 0 && errno == ENOSYS)
		return tap_skip_all(t, "kernel has no mount_setattr(2) (ENOSYS; Linux 5.12+)");
	tap_expect_ok(t, rc, errno, "mount_setattr(MOUNT_ATTR_PROPAGATION) is accepted");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		rc = setattr(S, cases[i].flags, cases[i].propagation);
		if (rc < 0) {
			nsp_err_sys(&e, "mount_setattr %s", S);
			tap_broken(t, &e, "%s", cases[i].desc);
			continue;
		}
		mt_check_kinds(t, levels, cases[i].want, 2, cases[i].desc);
	}
	rc = setattr(S, 0, MS_SHARED | MS_SLAVE);
	tap_expect_errno(t, EINVAL, rc, errno,
			 "more than one propagation type at once is EINVAL");
	check_slave(t);
	return tap_done(t);
}

int main(int argc, char **argv)
{
	static const struct probe_main m = {
		.name = "mnt_setattr", .needs = &needs, .faults = faults,
		.outside = run,
		.no_inside = "its checks make a mount namespace of their own: there is no "
			     "container isolation to judge from inside",
	};

	return probe_main(&m, argc, argv);
}
