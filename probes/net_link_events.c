// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * net_link_events — an RTMGRP_LINK subscriber inside a network namespace
 * receives RTM_NEWLINK for a link moved in and for a link created there,
 * and nothing about links created outside.
 *
 * Outside role (this process, root): a network namespace of its own and a
 * runtime-core container (CLONE_NEWNET) that subscribes first and says so.
 * Then, in this order, the outside creates the pair nsp-ev-o0/o1 (never to
 * be seen inside), creates nsp-ev-out/nsp-ev-in and moves nsp-ev-in in.
 * Events reach a socket in order, so when the inside reads the event for
 * the moved link, any leaked event about the earlier links would already
 * have been read before it.  Finally the inside creates nsp-ev-c0/c1 itself.
 *
 *   --fault no-netns   the container shares our network namespace (the
 *                      move is then skipped): the isolation check must
 *                      report not ok.
 *   --role inside      subscribe and create a pair in the netns we run in,
 *                      only when it is our own (the first point) and holds
 *                      lo alone (up or down: a runtime may have brought it
 *                      up); any other is left alone, a skip saying why.
 */
#include <errno.h>
#include <linux/capability.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>

#include <linux/rtnetlink.h>

#include "fixtures/nettest.h"
#include "lib/needs.h"
#include "fixtures/probeargs.h"

#define EVENT_TIMEOUT_MS 5000
#define NSEEN 8

static const struct probe_needs inside_needs = { .caps = NEED_CAP(CAP_NET_ADMIN),
						 .timeout = 20 };

struct report {
	struct nsp_err err;
	bool moved, own;		/* RTM_NEWLINK seen for each */
	struct nsp_err moved_err, own_err;
	int moved_ifindex;
	size_t nseen;			/* links named by events before the move */
	char seen[NSEEN][IFNAMSIZ];
};

static const char *const outside_links[] = { "nsp-ev-o0", "nsp-ev-o1", "nsp-ev-out" };
static const char *const faults[] = { "no-netns", NULL };
static bool fault_no_netns;

/* Read events until RTM_NEWLINK for `name`, noting every link named. */
static bool wait_newlink(struct nl_sock *s, const char *name, struct report *r,
			 struct nsp_err *e, int *ifindex)
{
	struct nl_event ev;

	for (;;) {
		if (nl_event_next(s, EVENT_TIMEOUT_MS, &ev, e) < 0)
			return false;
		if (ev.type == RTM_NEWLINK && !strcmp(ev.link.name, name)) {
			*ifindex = ev.link.ifindex;
			return true;
		}
		if (r->nseen < NSEEN)
			snprintf(r->seen[r->nseen++], IFNAMSIZ, "%s", ev.link.name);
	}
}

/* In the netns under test: the pair made here must be announced. */
static void own_pair(struct nl_sock *s, struct report *r)
{
	int idx;

	if (nt_veth("nsp-ev-c0", "nsp-ev-c1", 0, NULL, &r->own_err) == 0)
		r->own = wait_newlink(s, "nsp-ev-c0", r, &r->own_err, &idx);
}

/* Inside role: the container's init, root, in its new netns (unless
 * faulted); it reports its events to the outside. */
static int inside_body(struct tap *t, struct nt_inside *n)
{
	static struct report r;
	nl_sock_auto struct nl_sock s = { 0 };
	struct nsp_err e;

	(void)t;
	nl_open(&s, RTMGRP_LINK, &r.err);
	/* subscribed (or not): the outside may start */
	if (nsp_sync_send_result(n->fd, &r.err, &e) < 0 || r.err.msg[0])
		return TAP_EXIT_BROKEN;
	r.moved = wait_newlink(&s, "nsp-ev-in", &r, &r.moved_err, &r.moved_ifindex);
	own_pair(&s, &r);
	return nsp_sync_send(n->fd, &r, sizeof(r), &e) < 0 ? TAP_EXIT_BROKEN : 0;
}

static void check_event(struct tap *t, bool got, const struct nsp_err *err,
			const char *desc)
{
	struct tap_yaml y = { .expected = "RTM_NEWLINK", .got = err->msg,
			      .errnum = err->errnum };

	if (got)
		tap_pass(t, "%s", desc);
	else
		tap_result(t, err->errnum == ETIMEDOUT ? TAP_FAIL : TAP_BROKEN, &y, "%s", desc);
}

static void check_report(struct tap *t, const struct report *r, int idx_in)
{
	char leaked[IFNAMSIZ + 8] = "";

	check_event(t, r->moved, &r->moved_err, "inside: RTM_NEWLINK for the link moved in");
	tap_expect_long(t, idx_in, r->moved ? r->moved_ifindex : -1,
			"inside: the event carries the moved link's ifindex");
	for (size_t i = 0; i < r->nseen && !leaked[0]; i++)
		for (size_t j = 0; j < sizeof(outside_links) / sizeof(outside_links[0]); j++)
			if (!strcmp(r->seen[i], outside_links[j]))
				snprintf(leaked, sizeof(leaked), "%s", r->seen[i]);
	tap_expect(t, !leaked[0], "no event", leaked,
		   "inside: no event about links created outside");
	check_event(t, r->own, &r->own_err, "inside: RTM_NEWLINK for a link created inside");
}

/* Outside, after the inside subscribed: the links, in the order above. */
static int make_links(pid_t inside, int *idx_in, struct nsp_err *e)
{
	nl_sock_auto struct nl_sock s = { 0 };

	if (nt_veth("nsp-ev-o0", "nsp-ev-o1", 0, NULL, e) < 0 ||
	    nt_veth("nsp-ev-out", "nsp-ev-in", 0, NULL, e) < 0 ||
	    nl_open(&s, 0, e) < 0 || (*idx_in = nl_link_index(&s, "nsp-ev-in", e)) < 0)
		return -1;
	return fault_no_netns ? 0 : nt_move("nsp-ev-in", inside, NULL, e);
}

/* Outside role: this process, root, in a netns of its own. */
static int run(struct tap *t, const struct probe_args *a)
{
	static struct report r;
	struct nt_inside n;
	struct nsp_err e = { 0 };
	int idx_in = 0, rc = -1;

	fault_no_netns = probe_fault(a, "no-netns");
	if (nt_outside(&e) < 0 ||
	    nt_inside_start(&n, t, !fault_no_netns, 0, inside_body, NULL, &e) < 0)
		return tap_bail_err(t, &e, "outside setup");
	if (nsp_sync_recv_result(n.fd, &e) < 0 || make_links(n.pid, &idx_in, &e) < 0) {
		rc = nt_skip_no_veth(t, &e);
		if (rc < 0)
			tap_broken(t, &e, "outside creates links and moves one in");
	} else {
		nt_check_own_netns(t, n.pid);
		if (nsp_sync_recv(n.fd, &r, sizeof(r), &e) < 0)
			tap_broken(t, &e, "inside reports its events");
		else
			check_report(t, &r, idx_in);
	}
	nt_inside_end(&n);
	return rc >= 0 ? rc : tap_done(t);
}

static int inside_alone(struct tap *t, const struct probe_args *a)
{
	static struct report r;
	nl_sock_auto struct nl_sock s = { 0 };
	nt_links_auto struct nt_links l = { 0 };
	struct nsp_err e = { 0 };
	int rc;

	if (nt_dump(&l, &e) < 0 || nl_open(&s, RTMGRP_LINK, &e) < 0)
		return tap_bail_err(t, &e, "inside");
	if (a->own_ns != 1 || !nt_only_lo(&l)) {
		tap_skip(t, a->own_ns != 1 ? "not a network namespace of our own: left alone" :
			 "the netns holds other links (someone's network): left alone",
			 "inside: RTM_NEWLINK for a link created inside");
		return tap_done(t);
	}
	own_pair(&s, &r);
	rc = nt_skip_no_veth(t, &r.own_err);
	if (rc >= 0)
		return rc;
	check_event(t, r.own, &r.own_err, "inside: RTM_NEWLINK for a link created inside");
	return tap_done(t);
}

int main(int argc, char **argv)
{
	static const struct probe_main m = NT_PROBE_MAIN("net_link_events", &nt_probe_needs);

	return probe_main(&m, argc, argv);
}
