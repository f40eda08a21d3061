// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * core_veth — a veth end moved into a container's network namespace, end
 * to end through the runtime core's rtnetlink code (runtime/netlink.h).
 *
 * Outside role (this process, root): first takes a network namespace of
 * its own, always, so no link is ever made on the host (or in a runner's
 * sandbox shared with other probes).  There it creates the pair
 * nsp-out/nsp-in with given MTUs and MACs, forks the inside role into a
 * new netns, moves nsp-in there (RTM_NEWLINK + IFLA_NET_NS_FD) and checks
 * both views: the inside lists lo and nsp-in unchanged, the outside lists
 * only nsp-out, now pointing across (IFLA_LINK_NETNSID).  When the inside
 * exits its netns dies, and RTM_DELLINK for nsp-out must follow.
 *
 *   --fault no-move   skip the move, as a runtime that forgot it would:
 *                     the inside and outside checks must report not ok.
 */
#include <errno.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/rtnetlink.h>

#include "fixtures/nettest.h"
#include "runtime/netlink.h"
#include "lib/needs.h"
#include "fixtures/probeargs.h"
#include "lib/sync.h"
#include "lib/syncfork.h"
#include "lib/tap.h"

enum step { STEP_MOVED = 1, STEP_DONE };

static const uint8_t mac_out[6] = { 0x02, 0x6e, 0x73, 0x70, 0x0a, 0x01 };
static const uint8_t mac_in[6] = { 0x02, 0x6e, 0x73, 0x70, 0x0a, 0x02 };
static const struct nl_veth_end end_out = { "nsp-out", 1400, mac_out, false, 0 };
static const struct nl_veth_end end_in = { "nsp-in", 1280, mac_in, false, 0 };

/* What the inside role sees, sent across as one message. */
struct inside_view {
	struct nsp_err err;
	size_t n;
	struct nl_link links[8];
	unsigned int nametoindex;	/* if_nametoindex("nsp-in") inside */
};

static const struct probe_needs needs = {
	.caps_sys_admin = true,
	.namespaces = CLONE_NEWNET,
	.kconfig = (const char *const[]){ "CONFIG_VETH", NULL },
	.timeout = 30,
};

static bool fault_no_move;

static int dump(struct nl_sock *s, struct nl_link_list *l, struct nl_link *v,
		size_t cap, struct nsp_err *e)
{
	nl_link_list_init(l, v, cap);
	return nl_link_dump(s, l, e);
}

/* Child, in a new netns, root in our user ns: report after the move. */
static _Noreturn void inside_role(int fd, struct nl_sock *outside)
{
	static struct inside_view v;
	struct nl_sock s = { 0 };
	struct nl_link_list l;
	struct nsp_err e;

	nl_close(outside);	/* the outside's socket: not ours to use */
	memset(&v, 0, sizeof(v));
	if (unshare(CLONE_NEWNET) < 0)
		nsp_err_sys(&v.err, "inside: unshare(CLONE_NEWNET)");
	if (nsp_sync_send_result(fd, &v.err, &e) < 0 || v.err.msg[0])
		_exit(TAP_EXIT_BROKEN);
	if (nsp_sync_wait(fd, STEP_MOVED, &e) < 0)
		_exit(TAP_EXIT_BROKEN);
	if (nl_open(&s, 0, &v.err) == 0 &&
	    dump(&s, &l, v.links, 8, &v.err) == 0)
		v.n = l.n;
	v.nametoindex = if_nametoindex(end_in.name);
	nl_close(&s);
	if (nsp_sync_send(fd, &v, sizeof(v), &e) < 0)
		_exit(TAP_EXIT_BROKEN);
	nsp_sync_wait(fd, STEP_DONE, &e);
	_exit(0);
}

static bool same_mac(const struct nl_link *l, const uint8_t *mac)
{
	return l->addr_len == 6 && memcmp(l->addr, mac, 6) == 0;
}

static void check_inside(struct tap *t, const struct inside_view *v, int idx_in)
{
	/* a missing link fails every point below, so the plan stays the same */
	static const struct nl_link none = { .ifindex = -1 };
	struct nl_link_list l = { (struct nl_link *)v->links, 8, v->n };
	const struct nl_link *in = nl_link_find(&l, end_in.name);
	bool lo = nl_link_find(&l, "lo") != NULL;

	tap_expect(t, v->n == 2 && lo && in, "lo and nsp-in", in ? "other links" : "no nsp-in",
		   "inside lists exactly lo and the moved link (%zu links)", v->n);
	if (!in)
		in = &none;
	tap_expect_long(t, idx_in, in->ifindex, "moved link keeps its (free) ifindex inside");
	tap_expect_long(t, end_in.mtu, in->mtu, "moved link keeps its MTU inside");
	tap_expect(t, same_mac(in, mac_in), "02:6e:73:70:0a:02", "another address",
		   "moved link keeps its MAC inside");
	tap_expect_long(t, in->ifindex, (long)v->nametoindex,
			"if_nametoindex() inside agrees with netlink");
}

static void check_outside(struct tap *t, struct nl_sock *s, int idx_in, int in_now)
{
	struct nl_link v[8];
	struct nl_link_list l;
	const struct nl_link *peer;
	struct nsp_err e;

	if (dump(s, &l, v, 8, &e) < 0) {
		tap_broken(t, &e, "outside view after the move");
		return;
	}
	tap_expect(t, !nl_link_find(&l, end_in.name) && !nl_link_find_index(&l, idx_in),
		   "not listed", "still listed", "outside no longer lists the moved link");
	peer = nl_link_find(&l, end_out.name);
	tap_expect(t, peer && peer->has_link_netnsid, "IFLA_LINK_NETNSID",
		   peer ? "no IFLA_LINK_NETNSID" : "no peer",
		   "outside peer has IFLA_LINK_NETNSID (its peer is in another netns)");
	tap_expect_long(t, in_now, peer && peer->has_link ? peer->link : -1,
			"outside peer's IFLA_LINK is the inside ifindex");
}

/* After the inside exits: RTM_DELLINK for the outside peer, in time. */
static void check_gone(struct tap *t, struct nl_sock *ev, struct nl_sock *s,
		       int idx_out)
{
	struct nl_link v[8];
	struct nl_link_list l;
	struct nsp_err e;

	nt_check_link_gone(t, ev, idx_out, "outside peer is deleted when the inside netns dies");
	if (dump(s, &l, v, 8, &e) < 0)
		tap_broken(t, &e, "outside view after the inside exited");
	else
		tap_expect(t, !nl_link_find(&l, end_out.name), "not listed", "listed",
			   "outside dump agrees the peer is gone");
}

/* Outside: a private netns, the pair in it, and a first look at it.
 * Returns -1 to go on, or the exit status (skip or bail-out written). */
static int make_pair(struct tap *t, struct nl_sock *s, int *idx_out, int *idx_in)
{
	struct nl_link v[8];
	struct nl_link_list l;
	const struct nl_link *o, *i;
	struct nsp_err e;

	if (unshare(CLONE_NEWNET) < 0)
		return tap_bail_err(t, &(struct nsp_err){ errno, "unshare(CLONE_NEWNET)" },
				    "outside");
	if (nl_open(s, 0, &e) < 0 || nl_veth_create(s, &end_out, &end_in, &e) < 0) {
		if (e.errnum == EOPNOTSUPP)
			return tap_skip_all(t, "kernel has no veth (CONFIG_VETH): "
					    "RTM_NEWLINK kind veth answered EOPNOTSUPP");
		return tap_bail_err(t, &e, "outside");
	}
	if (dump(s, &l, v, 8, &e) < 0)
		return tap_bail_err(t, &e, "outside");
	o = nl_link_find(&l, end_out.name);
	i = nl_link_find(&l, end_in.name);
	if (!o || !i)
		return tap_bail(t, "the new veth pair is missing from the outside dump");
	tap_expect(t, o->mtu == end_out.mtu && i->mtu == end_in.mtu &&
		   same_mac(o, mac_out) && same_mac(i, mac_in) &&
		   !strcmp(o->kind, "veth") && !strcmp(i->kind, "veth"),
		   "MTU 1400/1280, the given MACs, kind veth", "other values",
		   "veth pair is listed outside as it was created");
	*idx_out = o->ifindex;
	*idx_in = i->ifindex;
	return -1;
}

/* Outside: move nsp-in into the netns of the inside role. */
static int move_in(struct nl_sock *s, pid_t pid, int idx_in, struct nsp_err *e)
{
	int nsfd, rc;

	if (fault_no_move)
		return 0;
	nsfd = nl_netns_open(pid, e);
	if (nsfd < 0)
		return -1;
	rc = nl_link_move(s, idx_in, nsfd, NULL, e);
	/* a netns fd held here would keep the inside netns alive */
	close(nsfd);
	return rc;
}

static int index_inside(const struct inside_view *v)
{
	struct nl_link_list l = { (struct nl_link *)v->links, 8, v->n };
	const struct nl_link *in = nl_link_find(&l, end_in.name);

	return in ? in->ifindex : -1;
}

static int run(struct tap *t, const struct probe_args *a)
{
	nl_sock_auto struct nl_sock s = { 0 };
	nl_sock_auto struct nl_sock ev = { 0 };
	static struct inside_view in;
	struct nsp_err e = { 0 };
	int idx_out = 0, idx_in = 0, fd, status, rc;
	pid_t pid;

	fault_no_move = probe_fault(a, "no-move");
	rc = make_pair(t, &s, &idx_out, &idx_in);
	if (rc >= 0)
		return rc;
	pid = sync_fork(&fd, &e);
	if (pid < 0)
		return tap_bail_err(t, &e, "fork the inside role");
	if (pid == 0)
		inside_role(fd, &s);
	if (nsp_sync_recv_result(fd, &e) < 0 || move_in(&s, pid, idx_in, &e) < 0 ||
	    nsp_sync_wake(fd, STEP_MOVED, &e) < 0 ||
	    nsp_sync_recv(fd, &in, sizeof(in), &e) < 0) {
		tap_broken(t, &e, "veth end moved into the inside netns");
	} else if (in.err.msg[0]) {
		tap_broken(t, &in.err, "inside view after the move");
	} else {
		check_inside(t, &in, idx_in);
		check_outside(t, &s, idx_in, index_inside(&in));
		/* subscribe before the inside goes, or the event could be missed */
		if (nl_open(&ev, RTMGRP_LINK, &e) < 0)
			tap_broken(t, &e, "outside peer is deleted when the inside netns dies");
	}
	/* one cleanup path: release the inside role and reap it */
	nsp_sync_wake(fd, STEP_DONE, &e);
	close(fd);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (ev.mnl)
		check_gone(t, &ev, &s, idx_out);
	return tap_done(t);
}

int main(int argc, char **argv)
{
	static const char *const faults[] = { "no-move", NULL };
	static const struct probe_main m = {
		.name = "core_veth", .needs = &needs, .faults = faults, .outside = run,
		.no_inside = "it checks the runtime core's veth calls on a pair it makes",
	};

	return probe_main(&m, argc, argv);
}
