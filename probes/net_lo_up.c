// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * net_lo_up — bringing lo up inside a new network namespace (RTM_NEWLINK
 * with IFF_UP) is reflected in the next RTM_GETLINK dump there (IFF_UP and
 * IFF_LOWER_UP set), and only there: the outside's lo does not change.
 *
 * Outside role (this process, root): a network namespace of its own
 * (its lo stays down), then a runtime-core container (CLONE_NEWNET) whose
 * body dumps, sets lo up, dumps again and reports both dumps.
 *
 *   --fault no-netns   the container shares our network namespace: the
 *                      isolation checks must report not ok.
 *   --role inside      the same inside steps in the netns we run in, but
 *                      only when it is fresh (lo alone, down): any other
 *                      namespace might be someone's real one, and we
 *                      leave it alone and report not ok.
 */
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "nettest.h"
#include "needs.h"
#include "sync.h"

#ifndef IFF_LOWER_UP
#define IFF_LOWER_UP 0x10000	/* linux/if.h; glibc's net/if.h lacks it */
#endif

static const struct probe_needs needs = {
	.caps_sys_admin = true,
	.namespaces = CLONE_NEWNET,
	.timeout = 20,
};

struct report {
	struct nsp_err err;
	struct nt_links before, after;
	bool changed;		/* we did set lo up */
};

static struct nsp_sync sync_pair;

/* In the netns under test, root: dump, lo up if it is fresh, dump. */
static void inside_steps(struct report *r)
{
	nl_sock_auto struct nl_sock s = { 0 };

	if (nt_dump(&r->before, &r->err) < 0 || !nt_is_fresh(&r->before))
		return;
	if (nl_open(&s, 0, &r->err) < 0 || nl_link_set_up(&s, 1, true, &r->err) < 0)
		return;
	r->changed = true;
	nt_dump(&r->after, &r->err);
}

/* Container body. */
static int inside_body(void *arg)
{
	static struct report r;
	struct nsp_err e;
	int fd = nsp_sync_side(arg, NSP_SYNC_CHILD);

	inside_steps(&r);
	if (nsp_sync_send(fd, &r, sizeof(r), &e) < 0)
		return TAP_EXIT_BROKEN;
	nsp_sync_wait(fd, 1, &e);	/* keep the netns until the outside looked */
	return 0;
}

static void check_inside(struct tap *t, const struct report *r)
{
	const struct nl_link *lo = nt_find(&r->after, "lo");
	char names[128];

	tap_expect(t, nt_is_fresh(&r->before), "lo alone, down",
		   nt_names(&r->before, names, sizeof(names)),
		   "inside: lo is down before anything is done");
	if (!r->changed) {
		tap_skip(t, "the netns was not fresh: lo left alone", "inside: lo is up in the next dump");
		tap_skip(t, "the netns was not fresh: lo left alone", "inside: lo has carrier in the next dump");
		return;
	}
	tap_expect(t, lo && (lo->flags & IFF_UP), "IFF_UP", lo ? "IFF_UP clear" : "no lo",
		   "inside: lo is up in the next dump");
	tap_expect(t, lo && (lo->flags & IFF_LOWER_UP), "IFF_LOWER_UP",
		   lo ? "IFF_LOWER_UP clear" : "no lo", "inside: lo has carrier in the next dump");
}

static void check_outside(struct tap *t)
{
	struct nt_links l;
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

static int run(struct tap *t, bool new_netns)
{
	struct core_container c = CORE_CONTAINER_INIT;
	static struct report r;
	struct nsp_err e = { 0 };
	int fd;

	if (nt_outside(&e) < 0 || nsp_sync_open(&sync_pair, &e) < 0 ||
	    nt_launch(&c, new_netns, 0, inside_body, &sync_pair, &e) < 0)
		return tap_bail(t, "outside setup: %s", e.msg);
	fd = nsp_sync_side(&sync_pair, NSP_SYNC_PARENT);
	nt_check_own_netns(t, c.pid);
	if (nsp_sync_recv(fd, &r, sizeof(r), &e) < 0 || r.err.msg[0]) {
		tap_broken(t, r.err.msg[0] ? &r.err : &e, "inside brings lo up");
	} else {
		check_inside(t, &r);
		check_outside(t);
	}
	close(fd);
	nt_end(&c);
	return tap_done(t);
}

static int inside_alone(struct tap *t)
{
	static struct report r;

	inside_steps(&r);
	if (r.err.msg[0])
		tap_broken(t, &r.err, "inside brings lo up");
	else
		check_inside(t, &r);
	return tap_done(t);
}

int main(int argc, char **argv)
{
	bool new_netns = true, inside = false;
	struct tap t;
	int rc;

	if (argc == 3 && !strcmp(argv[1], "--fault") && !strcmp(argv[2], "no-netns"))
		new_netns = false;
	else if (argc == 3 && !strcmp(argv[1], "--role") && !strcmp(argv[2], "inside"))
		inside = true;
	else if (argc != 1) {
		fprintf(stderr, "usage: net_lo_up [--fault no-netns] [--role inside]\n");
		return 64;
	}
	rc = probe_start(&t, &needs);
	if (rc >= 0)
		return rc;
	return inside ? inside_alone(&t) : run(&t, new_netns);
}
