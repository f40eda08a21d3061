// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * net_views_agree — the three ways to list interfaces agree, inside a
 * container and outside it: an RTM_GETLINK dump, /sys/class/net (a sysfs
 * mounted in the namespace's own mount namespace: sysfs shows the netns
 * of whoever mounted it) and if_nameindex(3).  Each view is a set of
 * (ifindex, name) pairs.
 *
 * Outside role (this process, root): network and mount namespaces of its
 * own, with sysfs mounted fresh on /sys; the veth pair nsp-va-o/nsp-va-i
 * is created there and nsp-va-i moved into a runtime-core container
 * (CLONE_NEWNET|CLONE_NEWNS, mounts private) that mounts its own sysfs and
 * reports its three views.
 *
 *   --fault no-netns     the container shares our netns (no move): the
 *                        inside's link set must report not ok.
 *   --fault stale-sysfs  the inside keeps the outside's sysfs: the sysfs
 *                        view inside must disagree (not ok).
 *   --fault outside-stale-sysfs  the outside keeps the sysfs it started
 *                        with (another netns's): its sysfs view must
 *                        disagree (not ok).
 *   --role inside        the three views of the netns we run in (mounting
 *                        sysfs in a private mount namespace of our own).
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>

#include "fixtures/mnttest.h"
#include "fixtures/netviews.h"
#include "fixtures/probeargs.h"
#include "lib/needs.h"

static const struct probe_needs needs = {
	.caps_sys_admin = true,
	.namespaces = CLONE_NEWNET | CLONE_NEWNS,
	.timeout = 20,
};
static const struct probe_needs inside_needs = { .caps_sys_admin = true, .timeout = 20 };

static const char *const faults[] = { "no-netns", "stale-sysfs", "outside-stale-sysfs", NULL };
static bool fault_no_netns, fault_stale_sysfs;

/* Inside role: the container's init, root, in its new netns (unless
 * faulted) and mount ns (mounts private); it reports its views. */
static int inside_body(struct tap *t, struct nt_inside *n)
{
	struct nv_views w = { 0 };
	struct nsp_err e;
	int rc;

	(void)t;
	if (nsp_sync_wait(n->fd, 1, &e) < 0)	/* the link has been moved in */
		return TAP_EXIT_BROKEN;
	if (fault_stale_sysfs || nv_mount_sysfs(&w.err) == 0)
		nv_take(&w, false);
	rc = nv_send(n->fd, &w, &e) < 0 ? TAP_EXIT_BROKEN : 0;
	nv_free(&w);
	return rc;
}

/* `no_sysfs`: why this netns's sysfs could not be mounted (its view is
 * then skipped), or NULL. */
static void check_agree(struct tap *t, const struct nv_views *w, const char *side,
			const char *no_sysfs)
{
	char want[64], diff[128] = "";

	snprintf(want, sizeof(want), "the same %zu (ifindex, name) pairs", w->v[NV_NETLINK].n);
	for (int v = NV_SYSFS; v < NV_NVIEWS; v++)
		if (v == NV_SYSFS && no_sysfs)
			tap_skip(t, no_sysfs, "%s: %s agrees with %s", side, nv_names[v],
				 nv_names[NV_NETLINK]);
		else
			tap_expect(t, nv_same_pairs(&w->v[NV_NETLINK], &w->v[v], diff, sizeof(diff)),
				   want, diff, "%s: %s agrees with %s", side, nv_names[v],
				   nv_names[NV_NETLINK]);
}

static void check_all(struct tap *t, const struct nv_views *in, const struct nv_views *out)
{
	char got[256];

	tap_expect(t, in->v[NV_NETLINK].n == 2 && nt_find(&in->v[NV_NETLINK], "lo") &&
		   nt_find(&in->v[NV_NETLINK], "nsp-va-i"), "lo and nsp-va-i",
		   nv_str(&in->v[NV_NETLINK], got, sizeof(got)),
		   "inside: netlink lists exactly lo and the moved link");
	check_agree(t, in, "inside", NULL);
	tap_expect(t, !nt_find(&out->v[NV_NETLINK], "nsp-va-i"), "not listed", "listed",
		   "outside: netlink no longer lists the moved link");
	check_agree(t, out, "outside", NULL);
}

static int outside_setup(bool stale_sysfs, struct nsp_err *e)
{
	if (nt_outside(e) < 0 || mt_private_ns(e) < 0 || (!stale_sysfs && nv_mount_sysfs(e) < 0))
		return -1;
	return nt_veth("nsp-va-o", "nsp-va-i", 0, NULL, e);
}

/* Outside role: this process, root, in netns and mount ns of its own. */
static int run(struct tap *t, const struct probe_args *a)
{
	struct nv_views in = { 0 }, out = { 0 };
	struct nt_inside n;
	struct nsp_err e = { 0 };

	fault_no_netns = probe_fault(a, "no-netns");
	fault_stale_sysfs = probe_fault(a, "stale-sysfs");
	if (outside_setup(probe_fault(a, "outside-stale-sysfs"), &e) < 0)
		return nt_setup_failed(t, &e);
	if (nt_inside_start(&n, t, !fault_no_netns, CLONE_NEWNS, inside_body, NULL, &e) < 0)
		return tap_bail_err(t, &e, "setup");
	if ((!fault_no_netns && nt_move("nsp-va-i", n.pid, NULL, &e) < 0) ||
	    nsp_sync_wake(n.fd, 1, &e) < 0 || nv_recv(n.fd, &in, &e) < 0) {
		tap_broken(t, &e, "move a link in and take the inside's views");
	} else {
		nt_check_own_netns(t, n.pid);
		nv_take(&out, false);
		if (out.err.msg[0])
			tap_broken(t, &out.err, "outside views");
		else
			check_all(t, &in, &out);
	}
	nt_inside_end(&n);
	nv_free(&in);
	nv_free(&out);
	return tap_done(t);
}

static int inside_alone(struct tap *t, const struct probe_args *a)
{
	struct nv_views w = { 0 };
	struct nsp_err e = { 0 };
	char why[NSP_ERR_MSG_MAX + 128];
	int rc = -1;

	(void)a;
	if (mt_private_ns(&e) < 0)
		return tap_bail_err(t, &e, "inside");
	/* a runtime may leave no /sys to mount on, or (in a user namespace
	 * with no sysfs fully visible) forbid the mount: not ours to judge */
	if (nv_mount_sysfs(&e) < 0 && e.errnum != EPERM && e.errnum != ENOENT &&
	    e.errnum != EACCES)
		return tap_bail_err(t, &e, "inside");
	snprintf(why, sizeof(why), "this netns's sysfs cannot be mounted here: %s: %s",
		 e.msg, strerror(e.errnum));
	nv_take(&w, e.errnum != 0);
	if (w.err.msg[0])
		rc = tap_bail_err(t, &w.err, "inside");
	else
		check_agree(t, &w, "inside", e.errnum ? why : NULL);
	nv_free(&w);
	return rc >= 0 ? rc : tap_done(t);
}

int main(int argc, char **argv)
{
	static const struct probe_main m = NT_PROBE_MAIN("net_views_agree", &needs);

	return probe_main(&m, argc, argv);
}
