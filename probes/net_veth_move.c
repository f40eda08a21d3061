// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * net_veth_move — a veth end moved into a container's network namespace
 * (RTM_NEWLINK with IFLA_NET_NS_FD), with or without a new name on the
 * way, is listed inside with the name, ifindex, MTU and MAC address it was
 * given, and no longer outside; its peer stays outside and points across
 * (IFLA_LINK_NETNSID, IFLA_LINK = the inside ifindex), and the moved end
 * points back the same way.
 *
 * Outside role (this process, root): a network namespace of its own, two
 * veth pairs made there (table below), a runtime-core container
 * (CLONE_NEWNET) that dumps its links once both ends are moved in.
 *
 *   --fault no-netns   the container shares our netns (nothing is moved):
 *                      the inside/outside checks must report not ok.
 *   --role inside      what a container of another runtime shows: at least
 *                      one veth whose peer is in another netns.
 */
#include <sched.h>
#include <string.h>

#include "fixtures/nettest.h"
#include "lib/needs.h"
#include "fixtures/probeargs.h"

static const struct probe_needs inside_needs = { .timeout = 20 };

static const struct move_case {
	const char *out, *end, *in_name;	/* in_name NULL: keeps its name */
	uint32_t mtu;
	uint8_t mac[6];
} cases[] = {
	{ "nsp-vm-a0", "nsp-vm-a1", NULL, 1280, { 0x02, 0x6e, 0x73, 0x76, 0x6d, 0x01 } },
	{ "nsp-vm-b0", "nsp-vm-b1", "eth0", 1400, { 0x02, 0x6e, 0x73, 0x76, 0x6d, 0x02 } },
};
#define NCASES (sizeof(cases) / sizeof(cases[0]))

static const char *const faults[] = { "no-netns", NULL };
static bool fault_no_netns;

/* Inside role: the container's init, root, in its new netns (unless
 * faulted); it dumps once the ends are in and reports to the outside:
 * its outcome, then the list. */
static int inside_body(struct tap *t, struct nt_inside *n)
{
	nt_links_auto struct nt_links l = { 0 };
	struct nsp_err e, dumped = { 0 };

	(void)t;
	if (nsp_sync_wait(n->fd, 1, &e) < 0)
		return TAP_EXIT_BROKEN;
	nt_dump(&l, &dumped);
	if (nsp_sync_send_result(n->fd, &dumped, &e) < 0 ||
	    (!dumped.msg[0] && nt_links_send(n->fd, &l, &e) < 0))
		return TAP_EXIT_BROKEN;
	return 0;
}

static void check_case(struct tap *t, const struct move_case *c, int idx_given,
		       const struct nt_links *in, const struct nt_links *out)
{
	static const struct nl_link none = { .ifindex = -1 };
	const char *name = c->in_name ? c->in_name : c->end;
	const struct nl_link *i = nt_find(in, name), *o, *peer = nt_find(out, c->out);

	tap_expect(t, i != NULL, name, "not listed", "inside lists %s as %s", c->end, name);
	if (!i)
		i = &none;
	tap_expect_long(t, idx_given, i->ifindex, "%s keeps its ifindex inside", name);
	tap_expect_long(t, c->mtu, i->mtu, "%s keeps its MTU inside", name);
	tap_expect(t, i->addr_len == 6 && !memcmp(i->addr, c->mac, 6), "the MAC it was given",
		   "another address", "%s keeps its MAC address inside", name);
	o = nt_find(out, c->end);
	tap_expect(t, !o && !nt_find(out, name), "not listed", "still listed",
		   "outside no longer lists %s", c->end);
	tap_expect(t, peer && peer->has_link_netnsid && peer->has_link &&
		   peer->link == i->ifindex, "IFLA_LINK_NETNSID, IFLA_LINK = inside ifindex",
		   peer ? "another peer link" : "no peer",
		   "peer %s points at the inside end across namespaces", c->out);
	tap_expect(t, i->has_link_netnsid && peer && i->has_link && i->link == peer->ifindex,
		   "IFLA_LINK_NETNSID, IFLA_LINK = outside ifindex", "another peer link",
		   "%s inside points back at its peer outside", name);
}

static int make_pairs(int idx[NCASES], struct nsp_err *e)
{
	nl_sock_auto struct nl_sock s = { 0 };

	if (nt_outside(e) < 0 || nl_open(&s, 0, e) < 0)
		return -1;
	for (size_t i = 0; i < NCASES; i++)
		if (nt_veth(cases[i].out, cases[i].end, cases[i].mtu, cases[i].mac, e) < 0 ||
		    (idx[i] = nl_link_index(&s, cases[i].end, e)) < 0)
			return -1;
	return 0;
}

static int move_all(pid_t pid, struct nsp_err *e)
{
	for (size_t i = 0; i < NCASES && !fault_no_netns; i++)
		if (nt_move(cases[i].end, pid, cases[i].in_name, e) < 0)
			return -1;
	return 0;
}

/* Outside role: this process, root, in a netns of its own. */
static int run(struct tap *t, const struct probe_args *a)
{
	nt_links_auto struct nt_links in = { 0 }, out = { 0 };
	struct nt_inside n;
	struct nsp_err e = { 0 };
	int idx[NCASES];

	fault_no_netns = probe_fault(a, "no-netns");
	if (make_pairs(idx, &e) < 0)
		return nt_setup_failed(t, &e);
	if (nt_inside_start(&n, t, !fault_no_netns, 0, inside_body, NULL, &e) < 0)
		return tap_bail_err(t, &e, "setup");
	if (move_all(n.pid, &e) < 0 || nsp_sync_wake(n.fd, 1, &e) < 0 ||
	    nsp_sync_recv_result(n.fd, &e) < 0 || nt_links_recv(n.fd, &in, &e) < 0 ||
	    nt_dump(&out, &e) < 0) {
		tap_broken(t, &e, "move both ends in and dump both sides");
	} else {
		nt_check_own_netns(t, n.pid);
		for (size_t i = 0; i < NCASES; i++)
			check_case(t, &cases[i], idx[i], &in, &out);
	}
	nt_inside_end(&n);
	return tap_done(t);
}

static int inside_alone(struct tap *t, const struct probe_args *a)
{
	nt_links_auto struct nt_links l = { 0 };
	struct nsp_err e = { 0 };
	const struct nl_link *v = NULL, *any = NULL;
	char names[128], why[224];

	(void)a;
	if (nt_dump(&l, &e) < 0)
		return tap_bail_err(t, &e, "inside");
	for (size_t i = 0; i < l.n && !v; i++)
		if (!strcmp(l.v[i].kind, "veth")) {
			any = any ? any : &l.v[i];
			v = l.v[i].has_link_netnsid ? &l.v[i] : NULL;
		}
	if (!any) {
		/* the premise is absent, not the kernel wrong (lo up or down) */
		snprintf(why, sizeof(why), "no veth was moved in: the netns holds %s (a "
			 "runtime without a veth network, such as unshare -n or bwrap)",
			 nt_names(&l, names, sizeof(names)));
		tap_skip(t, why, "inside: a veth end whose peer is in another netns is listed");
		return tap_done(t);
	}
	tap_expect(t, v != NULL, "a veth with IFLA_LINK_NETNSID", nt_names(&l, names, sizeof(names)),
		   "inside: a veth end whose peer is in another netns is listed");
	if (v)
		tap_diag(t, "%s: ifindex %d, mtu %u, peer ifindex %d in netnsid %d", v->name,
			 v->ifindex, v->mtu, v->link, (int)v->link_netnsid);
	return tap_done(t);
}

int main(int argc, char **argv)
{
	static const struct probe_main m = NT_PROBE_MAIN("net_veth_move", &nt_probe_needs);

	return probe_main(&m, argc, argv);
}
