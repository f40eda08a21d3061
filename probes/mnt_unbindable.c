// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * mnt_unbindable — an unbindable mount cannot be the source of a bind
 * mount: MS_BIND of it fails with EINVAL (the errno is asserted, which
 * LTP's check does not do), and a recursive bind of its parent copies the
 * parent and its other submounts but silently omits it.  mountinfo marks
 * it "unbindable".
 *
 * The probe runs alone in a mount namespace of its own (root, every mount
 * private first), under a scratch tmpfs on /tmp:
 *   /tmp/p      tmpfs "nsp-unb-parent"
 *   /tmp/p/u    tmpfs "nsp-unb-u", made MS_UNBINDABLE
 *   /tmp/p/s    tmpfs "nsp-unb-s", left private (the control submount)
 * There is no outside to compare with, so `--role inside` runs the same
 * checks in whatever namespace we are started (still privately).
 *
 *   --fault bindable   make /tmp/p/u private instead: the unbindable
 *                      checks must report not ok.
 */
#include <errno.h>
#include <sched.h>
#include <string.h>
#include <sys/mount.h>

#include "fixtures/mnttest.h"
#include "lib/needs.h"
#include "fixtures/probeargs.h"
#include "lib/tap.h"

#define P MT_BASE "/p"

static const struct probe_needs needs = {
	.caps_sys_admin = true,
	.namespaces = CLONE_NEWNS,
	.timeout = 10,
};

static const char *const faults[] = { "bindable", NULL };

static int setup(bool bindable, struct nsp_err *e)
{
	static const char *const dirs[] = { "p", "dst", "rdst", NULL };
	const struct mt_req steps[] = {
		{ MT_MOUNT, 0, P, "nsp-unb-parent" },
		{ MT_MKDIR, 0, P "/u", "" },
		{ MT_MKDIR, 0, P "/s", "" },
		{ MT_MOUNT, 0, P "/u", "nsp-unb-u" },
		{ MT_MOUNT, 0, P "/s", "nsp-unb-s" },
		{ MT_PROP, bindable ? MS_PRIVATE : MS_UNBINDABLE, P "/u", "" },
	};

	return mt_private_tree(dirs, steps, sizeof(steps) / sizeof(steps[0]), e);
}

static void check_view(struct tap *t, const char *path, const char *source,
		       bool want, const char *desc)
{
	struct nsp_err e = { 0 };
	struct mt_view v;

	if (mt_view_of(0, path, &v, &e) < 0) {
		tap_broken(t, &e, "%s", desc);
		return;
	}
	tap_expect(t, (v.present && !strcmp(v.source, source)) == want,
		   want ? source : "no mount", v.present ? v.source : "no mount", "%s", desc);
}

/* This process, root, in a private mount namespace of its own (both roles). */
static int run(struct tap *t, const struct probe_args *a)
{
	struct nsp_err e = { 0 };
	struct mt_view u;
	char got[64];
	long rc;

	if (setup(probe_fault(a, "bindable"), &e) < 0)
		return tap_bail_err(t, &e, "setup");
	if (mt_view_of(0, P "/u", &u, &e) < 0)
		tap_broken(t, &e, "mountinfo marks the mount unbindable");
	else
		tap_expect(t, u.unbindable && !u.shared && !u.master, "unbindable",
			   mt_view_str(&u, got, sizeof(got)),
			   "mountinfo marks the mount unbindable");
	rc = mount(P "/u", MT_BASE "/dst", NULL, MS_BIND, NULL);
	tap_expect_errno(t, EINVAL, rc, errno, "bind mount of an unbindable mount fails with EINVAL");
	check_view(t, MT_BASE "/dst", "nsp-unb-u", false,
		   "the failed bind left nothing at its target");
	rc = mount(P, MT_BASE "/rdst", NULL, MS_BIND | MS_REC, NULL);
	if (!tap_expect_ok(t, rc, errno, "recursive bind of the unbindable mount's parent succeeds"))
		return tap_done(t);
	check_view(t, MT_BASE "/rdst", "nsp-unb-parent", true,
		   "the recursive bind copies the parent");
	check_view(t, MT_BASE "/rdst/s", "nsp-unb-s", true,
		   "the recursive bind copies a bindable submount");
	check_view(t, MT_BASE "/rdst/u", "nsp-unb-u", false,
		   "the recursive bind omits the unbindable submount");
	return tap_done(t);
}

int main(int argc, char **argv)
{
	static const struct probe_main m = {
		.name = "mnt_unbindable", .needs = &needs, .faults = faults,
		.outside = run,
		.no_inside = "its checks make a mount namespace of their own: there is no "
			     "container isolation to judge from inside",
	};

	return probe_main(&m, argc, argv);
}
