// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * mnt_recursive — a propagation change with MS_REC reaches every submount;
 * without it only the mount named changes.  Likewise MS_BIND|MS_REC copies
 * submounts and a plain MS_BIND does not.
 *
 * The probe runs alone in a mount namespace of its own (root, every mount
 * private first), under a scratch tmpfs on /tmp:
 *   /tmp/r        tmpfs "nsp-rec-0"
 *   /tmp/r/s      tmpfs "nsp-rec-1"
 *   /tmp/r/s/t    tmpfs "nsp-rec-2"
 * Each case below changes /tmp/r and then reads the three levels back from
 * mountinfo.  `--role inside` runs the same checks in whatever namespace we
 * are started (still privately: the checks are about the kernel, not about
 * a container's isolation).
 *
 *   --fault no-rec   drop MS_REC from every request: the recursive cases
 *                    must report not ok.
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>

#include "fixtures/mnttest.h"
#include "lib/needs.h"
#include "fixtures/probeargs.h"
#include "lib/tap.h"

#define R MT_BASE "/r"

static const struct probe_needs needs = {
	.caps_sys_admin = true,
	.namespaces = CLONE_NEWNS,
	.timeout = 10,
};

static const char *const levels[] = { R, R "/s", R "/s/t" };
#define NLEVELS (sizeof(levels) / sizeof(levels[0]))

/* Applied in order: each case starts from the state the previous left. */
static const struct prop_case {
	unsigned long flags;
	enum mt_kind want[NLEVELS];
	const char *desc;
} prop_cases[] = {
	{ MS_SHARED | MS_REC, { MT_K_SHARED, MT_K_SHARED, MT_K_SHARED },
	  "MS_SHARED|MS_REC makes the mount and every submount shared" },
	{ MS_PRIVATE, { MT_K_PRIVATE, MT_K_SHARED, MT_K_SHARED },
	  "MS_PRIVATE without MS_REC changes only the mount named" },
	{ MS_UNBINDABLE | MS_REC, { MT_K_UNBINDABLE, MT_K_UNBINDABLE, MT_K_UNBINDABLE },
	  "MS_UNBINDABLE|MS_REC makes every submount unbindable" },
	{ MS_SHARED, { MT_K_SHARED, MT_K_UNBINDABLE, MT_K_UNBINDABLE },
	  "MS_SHARED without MS_REC leaves the submounts unbindable" },
	{ MS_PRIVATE | MS_REC, { MT_K_PRIVATE, MT_K_PRIVATE, MT_K_PRIVATE },
	  "MS_PRIVATE|MS_REC makes every submount private again" },
};

/* Bind copies of /tmp/r: which levels must exist in the copy. */
static const struct bind_case {
	unsigned long flags;
	const char *dst;
	bool want_sub;
	const char *desc;
} bind_cases[] = {
	{ MS_BIND, MT_BASE "/b1", false, "MS_BIND copies the mount but no submount" },
	{ MS_BIND | MS_REC, MT_BASE "/b2", true, "MS_BIND|MS_REC copies every submount" },
};

static unsigned long rec_mask = ~0UL;	/* ~MS_REC under --fault no-rec */

static const char *const dirs[] = { "r", "b1", "b2", NULL };
static const struct mt_req tree[] = {
	{ MT_MOUNT, 0, R, "nsp-rec-0" },
	{ MT_MKDIR, 0, R "/s", "" },
	{ MT_MOUNT, 0, R "/s", "nsp-rec-1" },
	{ MT_MKDIR, 0, R "/s/t", "" },
	{ MT_MOUNT, 0, R "/s/t", "nsp-rec-2" },
};
static const char *const faults[] = { "no-rec", NULL };

static void check_prop(struct tap *t, const struct prop_case *c)
{
	struct nsp_err e = { 0 };

	if (mt_apply(&(struct mt_req){ MT_PROP, c->flags & rec_mask, R, "" }, &e) < 0)
		tap_broken(t, &e, "%s", c->desc);
	else
		mt_check_kinds(t, levels, c->want, NLEVELS, c->desc);
}

static void check_bind(struct tap *t, const struct bind_case *c)
{
	char sub[MT_PATH_MAX], subsub[MT_PATH_MAX], got[64];
	struct mt_view top, s1, s2;
	struct nsp_err e = { 0 };

	snprintf(sub, sizeof(sub), "%s/s", c->dst);
	snprintf(subsub, sizeof(subsub), "%s/s/t", c->dst);
	if (mount(R, c->dst, NULL, c->flags & rec_mask, NULL) < 0) {
		nsp_err_sys(&e, "bind %s on %s", R, c->dst);
		tap_broken(t, &e, "%s", c->desc);
		return;
	}
	if (mt_view_of(0, c->dst, &top, &e) < 0 || mt_view_of(0, sub, &s1, &e) < 0 ||
	    mt_view_of(0, subsub, &s2, &e) < 0) {
		tap_broken(t, &e, "%s", c->desc);
		return;
	}
	snprintf(got, sizeof(got), "copy:%s sub:%s sub-sub:%s", top.present ? "yes" : "no",
		 s1.present ? "yes" : "no", s2.present ? "yes" : "no");
	tap_expect(t, top.present && !strcmp(top.source, "nsp-rec-0") &&
		   s1.present == c->want_sub && s2.present == c->want_sub,
		   c->want_sub ? "copy:yes sub:yes sub-sub:yes" : "copy:yes sub:no sub-sub:no",
		   got, "%s", c->desc);
}

/* This process, root, in a private mount namespace of its own (both roles). */
static int run(struct tap *t, const struct probe_args *a)
{
	struct nsp_err e = { 0 };

	if (probe_fault(a, "no-rec"))
		rec_mask = ~(unsigned long)MS_REC;
	if (mt_private_tree(dirs, tree, sizeof(tree) / sizeof(tree[0]), &e) < 0)
		return tap_bail_err(t, &e, "setup");
	for (size_t i = 0; i < sizeof(prop_cases) / sizeof(prop_cases[0]); i++)
		check_prop(t, &prop_cases[i]);
	for (size_t i = 0; i < sizeof(bind_cases) / sizeof(bind_cases[0]); i++)
		check_bind(t, &bind_cases[i]);
	return tap_done(t);
}

int main(int argc, char **argv)
{
	static const struct probe_main m = {
		.name = "mnt_recursive", .needs = &needs, .faults = faults,
		.outside = run,
		.no_inside = "its checks make a mount namespace of their own: there is no "
			     "container isolation to judge from inside",
	};

	return probe_main(&m, argc, argv);
}
