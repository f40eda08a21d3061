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
 *   --role inside        the three views of the netns we run in (mounting
 *                        sysfs in a private mount namespace of our own).
 */
#include <dirent.h>
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>

#include "lib/file.h"
#include "fixtures/mnttest.h"
#include "fixtures/nettest.h"
#include "lib/needs.h"
#include "fixtures/probeargs.h"

static const struct probe_needs needs = {
	.caps_sys_admin = true,
	.namespaces = CLONE_NEWNET | CLONE_NEWNS,
	.timeout = 20,
};
static const struct probe_needs inside_needs = { .caps_sys_admin = true, .timeout = 20 };

/* Each view is a set of (ifindex, name) pairs; other fields stay 0. */
enum { V_NETLINK, V_SYSFS, V_NAMEINDEX, NVIEWS };

struct views {
	struct nsp_err err;
	struct nt_links v[NVIEWS];
};

static const char *const faults[] = { "no-netns", "stale-sysfs", NULL };
static bool fault_no_netns, fault_stale_sysfs;

static int add(struct nt_links *p, int ifindex, const char *name, struct nsp_err *e)
{
	struct nl_link l = { .ifindex = ifindex };
	size_t len = strlen(name);

	if (len >= IFNAMSIZ)
		return nsp_err_set(e, ENAMETOOLONG, "interface name `%.32s...'", name);
	memcpy(l.name, name, len + 1);
	return nt_links_add(p, &l, e);
}

static void views_free(struct views *w)
{
	for (int v = 0; v < NVIEWS; v++)
		nt_links_free(&w->v[v]);
}

/* Our views to the other side: the outcome, then each list. */
static int views_send(int fd, const struct views *w, struct nsp_err *e)
{
	if (nsp_sync_send_result(fd, &w->err, e) < 0)
		return -1;
	for (int v = 0; v < NVIEWS && !w->err.msg[0]; v++)
		if (nt_links_send(fd, &w->v[v], e) < 0)
			return -1;
	return 0;
}

/* The other side's views: -1 with its error (or ours) in *e. */
static int views_recv(int fd, struct views *w, struct nsp_err *e)
{
	if (nsp_sync_recv_result(fd, e) < 0)
		return -1;
	for (int v = 0; v < NVIEWS; v++)
		if (nt_links_recv(fd, &w->v[v], e) < 0)
			return -1;
	return 0;
}

static int by_index(const void *a, const void *b)
{
	return ((const struct nl_link *)a)->ifindex - ((const struct nl_link *)b)->ifindex;
}

static int sysfs_view(struct nt_links *p, struct nsp_err *e)
{
	char path[64 + 256], line[32];
	struct dirent *d;
	DIR *dir = opendir("/sys/class/net");
	long idx;
	int rc = 0;

	if (!dir)
		return nsp_err_sys(e, "opendir /sys/class/net");
	while (rc == 0 && (d = readdir(dir))) {
		if (d->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/sys/class/net/%s/ifindex", d->d_name);
		if (nsp_read_line(path, line, sizeof(line), e) < 0)
			rc = -1;
		else if (nsp_parse_long(line, 1, INT32_MAX, &idx) < 0)
			rc = nsp_err_set(e, EINVAL, "%s: `%s'", path, line);
		else
			rc = add(p, (int)idx, d->d_name, e);
	}
	closedir(dir);
	return rc;
}

static int nameindex_view(struct nt_links *p, struct nsp_err *e)
{
	struct if_nameindex *ni = if_nameindex(), *i;
	int rc = 0;

	if (!ni)
		return nsp_err_sys(e, "if_nameindex");
	for (i = ni; rc == 0 && i->if_index; i++)
		rc = add(p, (int)i->if_index, i->if_name, e);
	if_freenameindex(ni);
	return rc;
}

/* The views of the netns we are in (sysfs must already be ours, unless
 * `no_sysfs`: then that view stays empty). */
static void take_views_but(struct views *w, bool no_sysfs)
{
	views_free(w);
	nsp_err_clear(&w->err);
	if (nt_dump(&w->v[V_NETLINK], &w->err) < 0 ||
	    (!no_sysfs && sysfs_view(&w->v[V_SYSFS], &w->err) < 0) ||
	    nameindex_view(&w->v[V_NAMEINDEX], &w->err) < 0)
		return;
	for (int v = 0; v < NVIEWS; v++)
		if (w->v[v].n)	/* an empty view (no sysfs) has no array */
			qsort(w->v[v].v, w->v[v].n, sizeof(w->v[v].v[0]), by_index);
}

static void take_views(struct views *w)
{
	take_views_but(w, false);
}

static int mount_sysfs(struct nsp_err *e)
{
	/* EBUSY: this netns's sysfs is already the one on /sys */
	if (mount("sysfs", "/sys", "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0 &&
	    errno != EBUSY)
		return nsp_err_sys(e, "mount sysfs on /sys");
	return 0;
}

/* Inside role: the container's init, root, in its new netns (unless
 * faulted) and mount ns (mounts private); it reports its views. */
static int inside_body(struct tap *t, struct nt_inside *n)
{
	struct views w = { 0 };
	struct nsp_err e;
	int rc;

	(void)t;
	if (nsp_sync_wait(n->fd, 1, &e) < 0)	/* the link has been moved in */
		return TAP_EXIT_BROKEN;
	if (fault_stale_sysfs || mount_sysfs(&w.err) == 0)
		take_views(&w);
	rc = views_send(n->fd, &w, &e) < 0 ? TAP_EXIT_BROKEN : 0;
	views_free(&w);
	return rc;
}

static const char *str(const struct nt_links *p, char *buf, size_t len)
{
	size_t off = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < p->n && off < len; i++)
		off += (size_t)snprintf(buf + off, len - off, "%s%d:%s", i ? " " : "",
					p->v[i].ifindex, p->v[i].name);
	return buf;
}

/* Two views (sorted by ifindex) hold the same pairs; else the first
 * difference, in words, in diff.  Every pair is compared, however many. */
static bool same_pairs(const struct nt_links *a, const struct nt_links *b,
		       char *diff, size_t len)
{
	static const struct nl_link none = { .name = "(nothing)" };

	for (size_t i = 0; i < a->n || i < b->n; i++) {
		const struct nl_link *x = i < a->n ? &a->v[i] : &none;
		const struct nl_link *y = i < b->n ? &b->v[i] : &none;

		if (x->ifindex != y->ifindex || strcmp(x->name, y->name)) {
			snprintf(diff, len, "pair %zu of %zu/%zu: %d:%s against %d:%s",
				 i + 1, a->n, b->n, x->ifindex, x->name, y->ifindex, y->name);
			return false;
		}
	}
	return true;
}

/* `no_sysfs`: why this netns's sysfs could not be mounted (its view is
 * then skipped), or NULL. */
static void check_agree(struct tap *t, const struct views *w, const char *side,
			const char *no_sysfs)
{
	static const char *const names[] = { "netlink", "/sys/class/net", "if_nameindex()" };
	char want[64], diff[128] = "";

	snprintf(want, sizeof(want), "the same %zu (ifindex, name) pairs", w->v[V_NETLINK].n);
	for (int v = V_SYSFS; v < NVIEWS; v++)
		if (v == V_SYSFS && no_sysfs)
			tap_skip(t, no_sysfs, "%s: %s agrees with %s", side, names[v],
				 names[V_NETLINK]);
		else
			tap_expect(t, same_pairs(&w->v[V_NETLINK], &w->v[v], diff, sizeof(diff)),
				   want, diff, "%s: %s agrees with %s", side, names[v],
				   names[V_NETLINK]);
}

static void check_all(struct tap *t, const struct views *in, const struct views *out)
{
	char got[256];

	tap_expect(t, in->v[V_NETLINK].n == 2 && nt_find(&in->v[V_NETLINK], "lo") &&
		   nt_find(&in->v[V_NETLINK], "nsp-va-i"), "lo and nsp-va-i",
		   str(&in->v[V_NETLINK], got, sizeof(got)),
		   "inside: netlink lists exactly lo and the moved link");
	check_agree(t, in, "inside", NULL);
	tap_expect(t, !nt_find(&out->v[V_NETLINK], "nsp-va-i"), "not listed", "listed",
		   "outside: netlink no longer lists the moved link");
	check_agree(t, out, "outside", NULL);
}

static int outside_setup(struct nsp_err *e)
{
	if (nt_outside(e) < 0 || mt_private_ns(e) < 0 || mount_sysfs(e) < 0)
		return -1;
	return nt_veth("nsp-va-o", "nsp-va-i", 0, NULL, e);
}

/* Outside role: this process, root, in netns and mount ns of its own. */
static int run(struct tap *t, const struct probe_args *a)
{
	struct views in = { 0 }, out = { 0 };
	struct nt_inside n;
	struct nsp_err e = { 0 };

	fault_no_netns = probe_fault(a, "no-netns");
	fault_stale_sysfs = probe_fault(a, "stale-sysfs");
	if (outside_setup(&e) < 0)
		return nt_setup_failed(t, &e);
	if (nt_inside_start(&n, t, !fault_no_netns, CLONE_NEWNS, inside_body, NULL, &e) < 0)
		return tap_bail_err(t, &e, "setup");
	if ((!fault_no_netns && nt_move("nsp-va-i", n.pid, NULL, &e) < 0) ||
	    nsp_sync_wake(n.fd, 1, &e) < 0 || views_recv(n.fd, &in, &e) < 0) {
		tap_broken(t, &e, "move a link in and take the inside's views");
	} else {
		nt_check_own_netns(t, n.pid);
		take_views(&out);
		if (out.err.msg[0])
			tap_broken(t, &out.err, "outside views");
		else
			check_all(t, &in, &out);
	}
	nt_inside_end(&n);
	views_free(&in);
	views_free(&out);
	return tap_done(t);
}

static int inside_alone(struct tap *t, const struct probe_args *a)
{
	struct views w = { 0 };
	struct nsp_err e = { 0 };
	int rc = -1;

	char why[NSP_ERR_MSG_MAX + 128];

	(void)a;
	if (mt_private_ns(&e) < 0)
		return tap_bail_err(t, &e, "inside");
	/* a runtime may leave no /sys to mount on, or (in a user namespace
	 * with no sysfs fully visible) forbid the mount: not ours to judge */
	if (mount_sysfs(&e) < 0 && e.errnum != EPERM && e.errnum != ENOENT &&
	    e.errnum != EACCES)
		return tap_bail_err(t, &e, "inside");
	snprintf(why, sizeof(why), "this netns's sysfs cannot be mounted here: %s: %s",
		 e.msg, strerror(e.errnum));
	take_views_but(&w, e.errnum != 0);
	if (w.err.msg[0])
		rc = tap_bail_err(t, &w.err, "inside");
	else
		check_agree(t, &w, "inside", e.errnum ? why : NULL);
	views_free(&w);
	return rc >= 0 ? rc : tap_done(t);
}

int main(int argc, char **argv)
{
	static const struct probe_main m = NT_PROBE_MAIN("net_views_agree", &needs);

	return probe_main(&m, argc, argv);
}
