// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * net_fresh_lo — a new network namespace holds exactly one link, the
 * loopback, and it is down: an RTM_GETLINK dump lists lo alone, with
 * ifindex 1, type ARPHRD_LOOPBACK, IFF_UP and IFF_LOWER_UP clear.  (No
 * suite we know of asserts this; LTP lists links by running `ip`.)
 *
 * Outside role (this process, root): a network namespace of its own,
 * where it brings lo up and creates a veth pair, so that an inside which
 * wrongly shares it sees more than a down lo.  Then a runtime-core
 * container (CLONE_NEWNET) dumps its links and checks them itself: its
 * points go on our TAP stream (nettest.h, on fixtures/inside.h).
 *
 *   --fault no-netns   the container shares our network namespace: the
 *                      checks must report not ok.
 *   --role inside      dump the network namespace we run in (read-only):
 *                      under `unshare -n` it passes, without -n it fails.
 *                      lo's state there is the runtime's to choose
 *                      (netpolicy.h): up is a named policy outcome or a
 *                      skip, never a kernel fail.
 */
#include <net/if_arp.h>
#include <sched.h>

#include "fixtures/netpolicy.h"
#include "fixtures/nettest.h"
#include "lib/needs.h"
#include "fixtures/probeargs.h"

static const struct probe_needs inside_needs = { .timeout = 20 };
static const char *const faults[] = { "no-netns", NULL };

/* `ours`: the netns is one we made (outside role), so nobody else can
 * have brought lo up: its state is asserted, not a runtime's policy. */
static void check_links(struct tap *t, const struct nt_links *l, bool ours)
{
	static const struct nl_link none = { .ifindex = -1 };
	const struct nl_link *lo = l->n ? &l->v[0] : &none;
	char names[128];

	tap_expect(t, l->n == 1, "1 link", nt_names(l, names, sizeof(names)),
		   "a new netns lists exactly one link (%zu listed)", l->n);
	tap_expect_str(t, "lo", lo->name, "the one link is lo");
	tap_expect_long(t, 1, lo->ifindex, "lo has ifindex 1");
	tap_expect_long(t, ARPHRD_LOOPBACK, lo->type, "lo has type ARPHRD_LOOPBACK");
	if (!ours) {
		nt_lo_down_expect(t, lo, IFF_UP, "lo is down (IFF_UP clear)");
		nt_lo_down_expect(t, lo, IFF_LOWER_UP, "lo has no carrier (IFF_LOWER_UP clear)");
		return;
	}
	tap_expect(t, !(lo->flags & IFF_UP), "IFF_UP clear", "IFF_UP set",
		   "lo is down (IFF_UP clear)");
	tap_expect(t, !(lo->flags & IFF_LOWER_UP), "IFF_LOWER_UP clear", "IFF_LOWER_UP set",
		   "lo has no carrier (IFF_LOWER_UP clear)");
}

/* Outside: lo up and a veth pair, so a shared netns is visible. */
static int dress_outside(struct nsp_err *e)
{
	nl_sock_auto struct nl_sock s = { 0 };

	if (nt_outside(e) < 0 || nl_open(&s, 0, e) < 0 ||
	    nl_link_set_up(&s, 1, true, e) < 0)
		return -1;
	return nt_veth("nsp-fl-a", "nsp-fl-b", 0, NULL, e);
}

/* Inside role: the container's init, root, in its new netns (unless
 * faulted); it dumps before anything else. */
static int inside_body(struct tap *t, struct nt_inside *n)
{
	nt_links_auto struct nt_links l = { 0 };
	struct nsp_err e = { 0 };

	nt_inside_check_own_netns(t, n);
	if (nt_dump(&l, &e) < 0) {
		tap_broken(t, &e, "inside dumps its links");
		return TAP_EXIT_BROKEN;
	}
	check_links(t, &l, true);
	return 0;
}

static int run(struct tap *t, const struct probe_args *a)
{
	struct nt_inside n;
	struct nsp_err e = { 0 };

	if (dress_outside(&e) < 0)
		return nt_setup_failed(t, &e);
	if (nt_inside_start(&n, t, !probe_fault(a, "no-netns"), 0, inside_body, NULL, &e) < 0)
		return tap_bail_err(t, &e, "setup");
	if (inside_run_collect(&n.run, &e) < 0)
		tap_broken(t, &e, "inside dumps its links");
	nt_inside_end(&n);
	return tap_done(t);
}

static int inside_alone(struct tap *t, const struct probe_args *a)
{
	nt_links_auto struct nt_links l = { 0 };
	struct nsp_err e = { 0 };

	(void)a;
	if (nt_dump(&l, &e) < 0)
		return tap_bail_err(t, &e, "inside");
	check_links(t, &l, false);
	return tap_done(t);
}

int main(int argc, char **argv)
{
	static const struct probe_main m = NT_PROBE_MAIN("net_fresh_lo", &nt_probe_needs);

	return probe_main(&m, argc, argv);
}
