// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * mnt_pivot — after the container's pivot_root the old root is gone from
 * its mountinfo (not merely hidden under another mount), every mount it
 * lists hangs off its own root, and nothing it mounts appears outside.
 *
 * Outside role (this process, root): a private mount namespace of its own
 * with a shared scratch tmpfs on /tmp (so a container that forgot to make
 * its mounts private *would* leak into us), notes the identity of its
 * root mount (major:minor and root path) and its mount count, then
 * launches a runtime-core container with CORE_ROOTFS_MINIMAL (tmpfs root,
 * pivot_root, old root detached).  The container body (below, in the
 * child: pid 1 of nothing, root, in its new mount namespace after the
 * pivot) checks its own mountinfo and mounts a tmpfs; its points go on
 * our TAP stream (fixtures/inside.h).
 *
 *   --fault no-pivot   launch with CORE_ROOTFS_NONE and propagation
 *                      shared instead: old-root and leak checks must
 *                      report not ok.
 *   --role inside      only the inside's read-only observations, in
 *                      whatever container we were started.  The old root
 *                      is the launcher's, which `nsharness --runtime`
 *                      names in $NSHARNESS_LAUNCHER_ROOT ("MAJ:MIN ROOT");
 *                      without it that point is skipped.  Whether a
 *                      runtime pivots at all is its policy (fact "root":
 *                      unshare keeps the caller's root).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fixtures/inside.h"
#include "fixtures/policy.h"
#include "fixtures/mnttest.h"
#include "lib/mountinfo.h"
#include "lib/needs.h"
#include "fixtures/probeargs.h"
#include "lib/tap.h"

#define IN_MOUNT "/tmp/nsp-pivot-x"
#define IN_TAG "nsp-pivot-in"

static const struct probe_needs needs = {
	.caps_sys_admin = true,
	.namespaces = CLONE_NEWNS,
	.timeout = 20,
};
/* --role inside reads mountinfo: no privilege */
static const struct probe_needs inside_needs = { .timeout = 20 };

/* The outside's root mount, known to the inside by inheritance. */
struct root_id {
	bool known;
	unsigned int major, minor;
	char root[MT_PATH_MAX];
};

/* What the inside sees in its own mountinfo. */
struct inside_view {
	struct nsp_err err;
	size_t n;		/* mounts listed */
	size_t old_root;	/* entries that are the outside's root mount */
	size_t dangling;	/* entries whose parent is not listed (besides /) */
	char root_fstype[32];
};

static const char *const faults[] = { "no-pivot", NULL };
static struct root_id outside_root;

static void look(struct inside_view *v)
{
	struct mount_table t = { 0 };
	const struct mount_entry *root;

	if (mount_table_read(0, &t, &v->err) < 0)
		return;
	root = mount_table_find(&t, "/");
	snprintf(v->root_fstype, sizeof(v->root_fstype), "%s",
		 root && root->fstype ? root->fstype : "?");
	v->n = t.n;
	for (size_t i = 0; i < t.n; i++) {
		const struct mount_entry *m = &t.v[i];
		bool parent = false;

		if (outside_root.known && m->major == outside_root.major &&
		    m->minor == outside_root.minor && !strcmp(m->root, outside_root.root))
			v->old_root++;
		for (size_t j = 0; j < t.n && !parent; j++)
			parent = t.v[j].mount_id == m->parent_id;
		if (!parent && m != root)
			v->dangling++;
	}
	mount_table_free(&t);
}

/* --role inside: the root the runtime was launched from, when named. */
static void launcher_root(void)
{
	const char *env = getenv("NSHARNESS_LAUNCHER_ROOT");
	int used = 0;

	if (env && sscanf(env, "%u:%u %n", &outside_root.major, &outside_root.minor,
			  &used) == 2 && used > 0 && env[used] == '/') {
		snprintf(outside_root.root, sizeof(outside_root.root), "%s", env + used);
		outside_root.known = true;
	}
}

/* `ours`: after our own core's pivot_root (outside role), strictly. */
static void check_inside(struct tap *t, const struct inside_view *v, bool ours)
{
	char got[64];

	tap_diag(t, "inside root is %s, %zu mounts", v->root_fstype, v->n);
	snprintf(got, sizeof(got), "%zu", v->old_root);
	if (ours)
		tap_expect(t, v->old_root == 0, "0", got,
			   "inside: the old root is absent from mountinfo");
	else if (outside_root.known)
		policy_expect(t, "root", "pivoted", v->old_root ? "inherited" : "pivoted",
			      "the launcher's root is our root: the runtime did not pivot_root, "
			      "and no runtime profile is in force",
			      "inside: the old root is absent from mountinfo");
	else
		tap_skip(t, "standalone: the outside's root is unknown",
			 "inside: the old root is absent from mountinfo");
	snprintf(got, sizeof(got), "%zu of %zu", v->dangling, v->n);
	tap_expect(t, v->dangling == 0, "0", got,
		   "inside: every listed mount hangs off the inside's root");
}

/*
 * Inside role in the container: its init, root, in its new mount namespace
 * after the core's pivot_root.  Its points go on our stream (inside.h);
 * inside_run keeps it (and its mount) alive until the outside has looked.
 * Exit status: broken when there is nothing for the outside to look at.
 */
static int inside_body(struct tap *t, void *arg)
{
	struct inside_view v = { 0 };
	struct nsp_err e = { 0 };

	(void)arg;
	look(&v);
	if (v.err.msg[0]) {
		tap_broken(t, &v.err, "inside view after pivot_root");
		return TAP_EXIT_BROKEN;
	}
	check_inside(t, &v, true);
	if (mkdir(IN_MOUNT, 0755) < 0 && errno != EEXIST)
		nsp_err_sys(&e, "inside: mkdir " IN_MOUNT);
	else if (mount(IN_TAG, IN_MOUNT, "tmpfs", 0, "size=64k") < 0)
		nsp_err_sys(&e, "inside: mount tmpfs on " IN_MOUNT);
	if (!e.msg[0])
		return 0;
	tap_broken(t, &e, "inside mounts a tmpfs of its own");
	return TAP_EXIT_BROKEN;
}

static int note_outside(struct tap *t, size_t *n, struct nsp_err *e)
{
	struct mount_table mt = { 0 };
	const struct mount_entry *root;

	if (mount_table_read(0, &mt, e) < 0)
		return -1;
	root = mount_table_find(&mt, "/");
	if (root) {
		outside_root.known = true;
		outside_root.major = root->major;
		outside_root.minor = root->minor;
		snprintf(outside_root.root, sizeof(outside_root.root), "%s", root->root);
		tap_diag(t, "outside root: %u:%u %s", root->major, root->minor, root->root);
	}
	*n = mt.n;
	mount_table_free(&mt);
	return root ? 0 : nsp_err_set(e, ENOENT, "no / in our own mountinfo");
}

static void check_outside(struct tap *t, size_t n_before)
{
	struct nsp_err e = { 0 };
	struct mount_table mt = { 0 };
	size_t leaked;
	char got[32];

	if (mt_count_source(0, IN_TAG, &leaked, &e) < 0 || mount_table_read(0, &mt, &e) < 0) {
		tap_broken(t, &e, "outside: nothing mounted inside appears");
		return;
	}
	snprintf(got, sizeof(got), "%zu", leaked);
	tap_expect(t, leaked == 0, "0", got, "outside: the inside's tmpfs does not appear");
	tap_expect_long(t, (long)n_before, (long)mt.n,
			"outside: the mount count is what it was before the launch");
	mount_table_free(&mt);
}

/* Outside role: this process, root, in a private mount namespace of its own. */
static int run(struct tap *t, const struct probe_args *a)
{
	static const struct mt_req shared = { MT_PROP, MS_SHARED, MT_BASE, "" };
	bool pivot = !probe_fault(a, "no-pivot");
	struct core_spec s = {
		.namespaces = CLONE_NEWNS,
		.rootfs = pivot ? CORE_ROOTFS_MINIMAL : CORE_ROOTFS_NONE,
		.propagation = pivot ? CORE_PROP_PRIVATE : CORE_PROP_SHARED,
	};
	struct inside_run in;
	struct nsp_err e = { 0 };
	size_t n_before = 0;
	unsigned broken = t->counts[TAP_BROKEN];

	if (mt_private_tree(NULL, &shared, 1, &e) < 0 || note_outside(t, &n_before, &e) < 0)
		return tap_bail_err(t, &e, "outside setup");
	if (inside_run_start(&in, t, &s, inside_body, NULL, &e) < 0) {
		inside_run_end(&in, NULL, &e);
		return tap_bail_err(t, &e, "launch the container");
	}
	/* the inside stays, its tmpfs mounted, until inside_run_end; when it
	 * said broken there is no mount of its own to look for */
	if (inside_run_collect(&in, &e) < 0)
		tap_broken(t, &e, "inside view after pivot_root");
	else if (t->counts[TAP_BROKEN] == broken)
		check_outside(t, n_before);
	inside_run_end(&in, NULL, &e);
	return tap_done(t);
}

/* --role inside: read-only, in whatever container we were started. */
static int inside_alone(struct tap *t, const struct probe_args *a)
{
	struct inside_view v = { 0 };

	(void)a;
	launcher_root();
	look(&v);
	if (v.err.msg[0])
		return tap_bail_err(t, &v.err, "inside");
	check_inside(t, &v, false);
	return tap_done(t);
}

int main(int argc, char **argv)
{
	static const struct probe_main m = {
		.name = "mnt_pivot", .needs = &needs, .faults = faults,
		.outside = run, .inside = inside_alone, .inside_needs = &inside_needs,
		.inside_ns = "mnt",
	};

	return probe_main(&m, argc, argv);
}
