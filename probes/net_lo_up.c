// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * net_lo_up — bringing lo up inside a new network namespace (RTM_NEWLINK
 * with IFF_UP) is reflected in the next RTM_GETLINK dump there (IFF_UP and
 * IFF_LOWER_UP set), and only there: the outside's lo does not change.
 *
 * Outside role (this process, root): a network namespace of its own
 * (its lo stays down), then a runtime-core container (CLONE_NEWNET) whose
 * body dumps, sets lo up, dumps again and checks both dumps itself: its
 * points go on our TAP stream (nettest.h, on fixtures/inside.h).
 *
 *   --fault no-netns   the container shares our network namespace: the
 *                      isolation checks must report not ok.
 *   --role inside      the same inside steps in the netns we run in, but
 *                      only when it is our own (the first point) and holds
 *                      lo alone: any other namespace might be someone's
 *                      real one, and we leave it alone (a skip saying so).
 *                      lo found up is the runtime's policy (netpolicy.h):
 *                      we bring it down first, then up, and check the up.
 */
#include <linux/capability.h>
#include <sched.h>

#include "fixtures/netpolicy.h"
#include "fixtures/nettest.h"
#include "lib/needs.h"
#include "fixtures/probeargs.h"

static const struct probe_needs inside_needs = { .caps = NEED_CAP(CAP_NET_ADMIN),
						 .timeout = 20 };
static const char *const faults[] = { "no-netns", NULL };

struct report {
	struct nsp_err err;
	struct nt_links before, after;
	bool changed;		/* we did set lo up */
	const char *left_alone;	/* why we did not, or NULL */
};

/* In the netns under test, root: dump; when it is ours to change (`own`)
 * and holds lo alone, lo up (down first when a runtime brought it up),
 * dump.  Our own container's netns must be fresh as well. */
static void inside_steps(struct report *r, bool own, bool want_fresh)
{
	nl_sock_auto struct nl_sock s = { 0 };

	if (nt_dump(&r->before, &r->err) < 0)
		return;
	if (!own)
		r->left_alone = "not a network namespace of our own: lo left alone";
	else if (!(want_fresh ? nt_is_fresh(&r->before) : nt_only_lo(&r->before)))
		r->left_alone = "the netns holds other links (someone's network): lo left alone";
	if (r->left_alone)
		return;
	if (nl_open(&s, 0, &r->err) < 0 ||
	    ((r->before.v[0].flags & IFF_UP) && nl_link_set_up(&s, 1, false, &r->err) < 0) ||
	    nl_link_set_up(&s, 1, true, &r->err) < 0)
		return;
	r->changed = true;
	nt_dump(&r->after, &r->err);
}

/* The first point: strict in our own container (`fresh`), else lo's
 * state is the runtime's policy. */
static void check_before(struct tap *t, const struct report *r, bool fresh)
{
	char names[128];

	if (fresh)
		tap_expect(t, nt_is_fresh(&r->before), "lo alone, down",
			   nt_names(&r->before, names, sizeof(names)),
			   "inside: lo is down before anything is done");
	else if (!nt_only_lo(&r->before))
		tap_skip(t, r->left_alone, "inside: lo is down before anything is done");
	else
		nt_lo_down_expect(t, &r->before.v[0], IFF_UP,
				  "inside: lo is down before anything is done");
}

static void check_inside(struct tap *t, const struct report *r, bool fresh)
{
	const struct nl_link *lo = nt_find(&r->after, "lo");

	check_before(t, r, fresh);
	if (!r->changed) {
		tap_skip(t, r->left_alone, "inside: lo is up in the next dump");
		tap_skip(t, r->left_alone, "inside: lo has carrier in the next dump");
		return;
	}
	tap_expect(t, lo && (lo->flags & IFF_UP), "IFF_UP", lo ? "IFF_UP clear" : "no lo",
		   "inside: lo is up in the next dump");
	tap_expect(t, lo && (lo->flags & IFF_LOWER_UP), "IFF_LOWER_UP",
		   lo ? "IFF_LOWER_UP clear" : "no lo", "inside: lo has carrier in the next dump");
}

/* The inside steps and their points: in our own container (`ours`: it
 * must be fresh), or standalone in a netns judged `own`.  Broken or 0. */
static int inside_checks(struct tap *t, bool ours, bool own)
{
	static struct report r;

	int rc = 0;

	inside_steps(&r, own, ours);
	if (r.err.msg[0]) {
		tap_broken(t, &r.err, "inside brings lo up");
		rc = TAP_EXIT_BROKEN;
	} else {
		check_inside(t, &r, ours);
	}
	nt_links_free(&r.before);
	nt_links_free(&r.after);
	return rc;
}

/* Inside role: the container's init, root, in its new netns (unless faulted). */
static int inside_body(struct tap *t, struct nt_inside *n)
{
	nt_inside_check_own_netns(t, n);
	return inside_checks(t, true, true);
}

static void check_outside(struct tap *t)
{
	nt_links_auto struct nt_links l = { 0 };
	struct nsp_err e = { 0 };
	const struct nl_link *lo;

	if (nt_dump(&l, &e) < 0) {
		tap_broken(t, &e, "outside: lo stays down");
		return;
	}
	lo = nt_find(&l, "lo");
	tap_expect(t, lo && !(lo->flags & IFF_UP), "IFF_UP clear", lo ? "IFF_UP set" : "no lo",
		   "outside: lo stays down");
}

static int run(struct tap *t, const struct probe_args *a)
{
	struct nt_inside n;
	struct nsp_err e = { 0 };
	bool inside_ok;

	if (nt_outside(&e) < 0 ||
	    nt_inside_start(&n, t, !probe_fault(a, "no-netns"), 0, inside_body, NULL, &e) < 0)
		return tap_bail_err(t, &e, "outside setup");
	inside_ok = inside_run_collect(&n.run, &e) == 0;
	if (!inside_ok)
		tap_broken(t, &e, "inside brings lo up");
	/* exit status 0: the inside's steps ran, so ours has a meaning */
	if (nt_inside_end(&n) == 0 && inside_ok)
		check_outside(t);
	return tap_done(t);
}

static int inside_alone(struct tap *t, const struct probe_args *a)
{
	inside_checks(t, false, a->own_ns == 1);
	return tap_done(t);
}

int main(int argc, char **argv)
{
	static const struct probe_main m = NT_PROBE_MAIN("net_lo_up", &nt_probe_needs);

	return probe_main(&m, argc, argv);
}
