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
 * container (CLONE_NEWNET) dumps its links and reports them.
 *
 *   --fault no-netns   the container shares our network namespace: the
 *                      checks must report not ok.
 *   --role inside      dump the network namespace we run in (read-only):
 *                      under `unshare -n` it passes, without -n it fails.
 */
#include <errno.h>
#include <net/if_arp.h>
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
	struct nt_links links;
};

static struct nsp_sync sync_pair;

/* Container body: in the new netns, root; dump before anything else. */
static int inside_body(void *arg)
{
	static struct report r;
	struct nsp_err e;
	int fd = nsp_sync_side(arg, NSP_SYNC_CHILD);

	nt_dump(&r.links, &r.err);
	if (nsp_sync_send(fd, &r, sizeof(r), &e) < 0)
		return TAP_EXIT_BROKEN;
	/* stay (and keep the netns) until the outside has looked: its close */
	nsp_sync_wait(fd, 1, &e);
	return 0;
}

static void check_links(struct tap *t, const struct nt_links *l)
{
	static const struct nl_link none = { .ifindex = -1 };
	const struct nl_link *lo = l->n ? &l->v[0] : &none;
	char names[128];

	tap_expect(t, l->n == 1, "1 link", nt_names(l, names, sizeof(names)),
		   "a new netns lists exactly one link (%zu listed)", l->n);
	tap_expect_str(t, "lo", lo->name, "the one link is lo");
	tap_expect_long(t, 1, lo->ifindex, "lo has ifindex 1");
	tap_expect_long(t, ARPHRD_LOOPBACK, lo->type, "lo has type ARPHRD_LOOPBACK");
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

static int run(struct tap *t, bool new_netns)
{
	struct core_container c = CORE_CONTAINER_INIT;
	static struct report r;
	struct nsp_err e = { 0 };
	int fd, rc;

	if (dress_outside(&e) < 0) {
		rc = nt_skip_no_veth(t, &e);
		return rc >= 0 ? rc : tap_bail(t, "outside setup: %s", e.msg);
	}
	if (nsp_sync_open(&sync_pair, &e) < 0 ||
	    nt_launch(&c, new_netns, 0, inside_body, &sync_pair, &e) < 0)
		return tap_bail(t, "%s", e.msg);
	fd = nsp_sync_side(&sync_pair, NSP_SYNC_PARENT);
	nt_check_own_netns(t, c.pid);
	if (nsp_sync_recv(fd, &r, sizeof(r), &e) < 0 || r.err.msg[0])
		tap_broken(t, r.err.msg[0] ? &r.err : &e, "inside dumps its links");
	else
		check_links(t, &r.links);
	close(fd);
	nt_end(&c);
	return tap_done(t);
}

static int inside_alone(struct tap *t)
{
	struct nt_links l;
	struct nsp_err e = { 0 };

	if (nt_dump(&l, &e) < 0)
		return tap_bail(t, "inside: %s", e.msg);
	check_links(t, &l);
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
		fprintf(stderr, "usage: net_fresh_lo [--fault no-netns] [--role inside]\n");
		return 64;
	}
	rc = probe_start(&t, &needs);
	if (rc >= 0)
		return rc;
	return inside ? inside_alone(&t) : run(&t, new_netns);
}
