// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * core_veth — a veth end moved into another network namespace, end to
 * end through the runtime core's rtnetlink code (runtime/netlink.h).
 *
 * Outside role (this process, root): first takes a network namespace of
 * its own, always, so no link is ever made on the host (or in a runner's
 * sandbox shared with other probes).  A peer (fixtures/netpeer.h: a
 * forked child in a new netns, no container) waits; the outside creates
 * the pair nsp-out/nsp-in with given MTUs and MACs, moves nsp-in into the
 * peer's netns (RTM_NEWLINK + IFLA_NET_NS_FD) and checks both views: the
 * peer lists lo and nsp-in unchanged, the outside lists only nsp-out, now
 * pointing across (IFLA_LINK_NETNSID).  When the peer exits its netns
 * dies, and RTM_DELLINK for nsp-out must follow.
 *
 *   --fault no-move   skip the move, as a runtime that forgot it would:
 *                     the inside and outside checks must report not ok.
 */
#include <errno.h>
#include <sched.h>
#include <string.h>
#include <unistd.h>

#include "fixtures/linkwatch.h"
#include "fixtures/netpeer.h"
#include "fixtures/probeargs.h"
#include "lib/needs.h"
#include "lib/tap.h"
#include "runtime/netlink.h"

static const uint8_t mac_out[6] = { 0x02, 0x6e, 0x73, 0x70, 0x0a, 0x01 };
static const uint8_t mac_in[6] = { 0x02, 0x6e, 0x73, 0x70, 0x0a, 0x02 };
static const struct nl_veth_end end_out = { "nsp-out", 1400, mac_out, false, 0 };
static const struct nl_veth_end end_in = { "nsp-in", 1280, mac_in, false, 0 };

static const struct probe_needs needs = {
	.caps_sys_admin = true,
	.namespaces = CLONE_NEWNET,
	.kconfig = (const char *const[]){ "CONFIG_VETH", NULL },
	.timeout = 30,
};

static const char *const faults[] = { "no-move", NULL };

static bool same_mac(const struct nl_link *l, const uint8_t *mac)
{
	return l->addr_len == 6 && memcmp(l->addr, mac, 6) == 0;
}

/* The peer's view after the move: lo and nsp-in as it was made. */
static void check_inside(struct tap *t, const struct nt_peer_view *v, int idx_in)
{
	/* a missing link fails every point below, so the plan stays the same */
	static const struct nl_link none = { .ifindex = -1 };
	const struct nl_link *in = nt_find(&v->links, end_in.name);
	bool lo = nt_find(&v->links, "lo") != NULL;

	tap_expect(t, v->links.n == 2 && lo && in, "lo and nsp-in",
		   in ? "other links" : "no nsp-in",
		   "inside lists exactly lo and the moved link (%zu links)", v->links.n);
	if (!in)
		in = &none;
	tap_expect_long(t, idx_in, in->ifindex, "moved link keeps its (free) ifindex inside");
	tap_expect_long(t, end_in.mtu, in->mtu, "moved link keeps its MTU inside");
	tap_expect(t, same_mac(in, mac_in), "02:6e:73:70:0a:02", "another address",
		   "moved link keeps its MAC inside");
	tap_expect_long(t, in->ifindex, (long)v->nametoindex,
			"if_nametoindex() inside agrees with netlink");
}

/* Ours after the move: nsp-in gone, nsp-out pointing across to in_now. */
static void check_outside(struct tap *t, int idx_in, int in_now)
{
	nt_links_auto struct nt_links l = { 0 };
	struct nl_link_list byidx;
	const struct nl_link *peer;
	struct nsp_err e;

	if (nt_dump(&l, &e) < 0) {
		tap_broken(t, &e, "outside view after the move");
		return;
	}
	byidx = (struct nl_link_list){ l.v, l.n, l.n, false };
	tap_expect(t, !nt_find(&l, end_in.name) && !nl_link_find_index(&byidx, idx_in),
		   "not listed", "still listed", "outside no longer lists the moved link");
	peer = nt_find(&l, end_out.name);
	tap_expect(t, peer && peer->has_link_netnsid, "IFLA_LINK_NETNSID",
		   peer ? "no IFLA_LINK_NETNSID" : "no peer",
		   "outside peer has IFLA_LINK_NETNSID (its peer is in another netns)");
	tap_expect_long(t, in_now, peer && peer->has_link ? peer->link : -1,
			"outside peer's IFLA_LINK is the inside ifindex");
}

/* After the peer exits: RTM_DELLINK for the outside end, in time. */
static void check_gone(struct tap *t, struct nt_watch *w)
{
	nt_links_auto struct nt_links l = { 0 };
	struct nsp_err e;

	nt_watch_check(t, w, "outside peer is deleted when the inside netns dies");
	if (nt_dump(&l, &e) < 0)
		tap_broken(t, &e, "outside view after the inside exited");
	else
		tap_expect(t, !nt_find(&l, end_out.name), "not listed", "listed",
			   "outside dump agrees the peer is gone");
}

/* The pair, and a first look at it: -1 to go on, or the exit status
 * (skip or bail-out written). */
static int make_pair(struct tap *t, struct nl_sock *s, int *idx_in)
{
	nt_links_auto struct nt_links l = { 0 };
	const struct nl_link *o, *i;
	struct nsp_err e;

	if (nl_open(s, 0, &e) < 0 || nl_veth_create(s, &end_out, &end_in, &e) < 0 ||
	    nt_dump(&l, &e) < 0)
		return nt_setup_failed(t, &e);
	o = nt_find(&l, end_out.name);
	i = nt_find(&l, end_in.name);
	if (!o || !i)
		return tap_bail(t, "the new veth pair is missing from the outside dump");
	tap_expect(t, o->mtu == end_out.mtu && i->mtu == end_in.mtu &&
		   same_mac(o, mac_out) && same_mac(i, mac_in) &&
		   !strcmp(o->kind, "veth") && !strcmp(i->kind, "veth"),
		   "MTU 1400/1280, the given MACs, kind veth", "other values",
		   "veth pair is listed outside as it was created");
	*idx_in = i->ifindex;
	return -1;
}

/* Move nsp-in into the netns of `pid` (unless the fault forgets it). */
static int move_in(struct nl_sock *s, pid_t pid, int idx_in, bool forget, struct nsp_err *e)
{
	int nsfd, rc;

	if (forget)
		return 0;
	nsfd = nl_netns_open(pid, e);
	if (nsfd < 0)
		return -1;
	rc = nl_link_move(s, idx_in, nsfd, NULL, e);
	/* a netns fd held here would keep the peer's netns alive */
	close(nsfd);
	return rc;
}

/* Outside role: this process, root, in a netns of its own. */
static int run(struct tap *t, const struct probe_args *a)
{
	nl_sock_auto struct nl_sock s = { 0 };
	struct nt_watch gone = { .ifindex = -1 };
	struct nt_peer_view in = { 0 };
	struct nt_peer peer = { 0 };
	struct nsp_err e = { 0 };
	int idx_in = 0, rc;
	const struct nl_link *moved;
	bool watching = false;

	if (nt_outside(&e) < 0 || nt_peer_start(&peer, &e) < 0)
		return tap_bail_err(t, &e, "outside");
	rc = make_pair(t, &s, &idx_in);
	if (rc < 0 && (move_in(&s, peer.pid, idx_in, probe_fault(a, "no-move"), &e) < 0 ||
		       nt_peer_look(&peer, end_in.name, &in, &e) < 0)) {
		tap_broken(t, &e, "veth end moved into the inside netns");
	} else if (rc < 0) {
		check_inside(t, &in, idx_in);
		moved = nt_find(&in.links, end_in.name);
		check_outside(t, idx_in, moved ? moved->ifindex : -1);
		/* watch before the peer goes, or the event could be missed */
		nt_watch_start(&gone, end_out.name);
		watching = true;
	}
	/* one cleanup path: release the peer and reap it */
	nt_peer_end(&peer);
	nt_links_free(&in.links);
	if (watching)
		check_gone(t, &gone);
	nt_watch_end(&gone);
	return rc >= 0 ? rc : tap_done(t);
}

PROBE_MAIN(.name = "core_veth", .needs = &needs, .faults = faults, .outside = run,
	   .no_inside = "it checks the runtime core's veth calls on a pair it makes")
