// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * mnt_shared — a shared mount and its copy in a new mount namespace are
 * peers: a mount made under either one appears under the other, and
 * mountinfo gives both the same peer group (shared:N).
 *
 * Outside role (this process, root): a private mount namespace of its own
 * (never the host's, never the runner's sandbox table), a scratch tmpfs on
 * /tmp made shared, then a runtime-core container (CLONE_NEWNS, caller's
 * root, propagation shared) that performs mounts on request.  Both sides
 * are observed in /proc/<pid>/mountinfo.
 *
 *   --fault private    launch the container with propagation private
 *                      (or slave): the peer checks must report not ok.
 *   --fault no-newns   the container shares our mount namespace.
 *   --role inside      only look at the mount namespace we run in:
 *                      the root mount (and every mount) must be shared.
 */
#include "fixtures/mntpeer.h"
#include "lib/tap.h"

/* Mounts made after the namespace exists, on each side in turn. */
static const struct mt_step steps[] = {
	{ MT_OUT, { MT_MOUNT, 0, MT_BASE "/a", "nsp-shared-out" }, MT_IN, true,
	  "a mount made outside appears inside" },
	{ MT_IN, { MT_MOUNT, 0, MT_BASE "/b", "nsp-shared-in" }, MT_OUT, true,
	  "a mount made inside appears outside" },
};

static void check_tags(struct tap *t, const struct mt_peer *p)
{
	struct mt_view out, in, a_out, a_in;
	struct nsp_err e = { 0 };
	char got[64];

	if (mt_base_views(t, p, &out, &in) < 0)
		return;
	tap_expect(t, out.shared > 0, "shared:N", mt_view_str(&out, got, sizeof(got)),
		   "outside: the scratch mount is shared");
	tap_expect(t, in.shared > 0 && !in.master, "shared:N",
		   mt_view_str(&in, got, sizeof(got)), "inside: its copy is shared");
	tap_expect_long(t, out.shared, in.shared, "both copies are in one peer group");
	/* the copy propagated into the peer is a peer of the original */
	if (mt_view_of(0, MT_BASE "/a", &a_out, &e) < 0 ||
	    mt_view_of(p->c.pid, MT_BASE "/a", &a_in, &e) < 0) {
		tap_broken(t, &e, "a propagated mount joins the peer group of its original");
		return;
	}
	tap_expect(t, a_out.shared > 0 && a_out.shared == a_in.shared && a_in.present,
		   "the same shared:N on both sides", mt_view_str(&a_in, got, sizeof(got)),
		   "a propagated mount joins the peer group of its original");
}

static const struct mt_probe probe = {
	CORE_PROP_SHARED, steps, sizeof(steps) / sizeof(steps[0]), check_tags,
};

int main(int argc, char **argv)
{
	static const struct probe_main m = MT_PROBE_MAIN("mnt_shared", &probe, CORE_PROP_SHARED);

	return probe_main(&m, argc, argv);
}
