// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * net_from_container — `docker run --net container:X`: a new container Y
 * made to share X's network namespace (core_spec.net_from: the launcher
 * lends it at clone, runtime/lend.h) sees X's interfaces, one and the
 * same namespace, while its UTS, pid and mount namespaces are its own.
 *
 * Outside role (this process, root, a netns of its own): container X (new
 * net, uts, pid and mount namespaces, a veth, hostname nsp-x), then Y with
 * net_from = X (new uts, pid and mount namespaces, hostname nsp-y).  Each
 * sends its RTM_GETLINK dump, then answers observations (observe.h).
 * Kernel rule: a network namespace is shared by reference (setns, then
 * clone without CLONE_NEWNET inherits it), and every other namespace of
 * a process is independent of it.
 *
 *   --fault own-net     Y gets a network namespace of its own
 *   --fault no-own-ns   Y gets no namespace but the shared one
 */
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fixtures/nettest.h"
#include "fixtures/observe.h"
#include "fixtures/probeargs.h"
#include "lib/needs.h"
#include "lib/tap.h"

static const struct probe_needs needs = {
	.caps_sys_admin = true,
	.namespaces = CLONE_NEWNET | CLONE_NEWUTS | CLONE_NEWPID | CLONE_NEWNS,
	.kconfig = (const char *const[]){ "CONFIG_NET_NS", "CONFIG_VETH", NULL },
	.timeout = 20,
};

static const char *const faults[] = { "own-net", "no-own-ns", NULL };

enum { V_NET, V_UTS, V_PID, V_MNT, V_HOST, V_PIDNUM, V_N };
static const struct obs view_template[V_N] = {
	[V_NET] = OBS_NS_OF("net"), [V_UTS] = OBS_NS_OF("uts"), [V_PID] = OBS_NS_OF("pid"),
	[V_MNT] = OBS_NS_OF("mnt"), [V_HOST] = OBS_OF(OBS_HOSTNAME), [V_PIDNUM] = OBS_OF(OBS_PID),
};

struct member {
	struct core_container c;
	struct nsp_sync pair;
	int fd;
	struct nt_links links;
	struct obs view[V_N];
};

static struct member x, y;

/* A container's init: its links, then observations until end-of-file. */
static int member_main(void *arg)
{
	struct member *m = arg;
	nt_links_auto struct nt_links l = { 0 };
	struct nsp_err e = { 0 }, dumped = { 0 };
	int fd = nsp_sync_side(&m->pair, NSP_SYNC_CHILD);

	nt_dump(&l, &dumped);
	if (nsp_sync_send_result(fd, &dumped, &e) < 0 ||
	    (!dumped.msg[0] && nt_links_send(fd, &l, &e) < 0))
		return 2;
	return obs_serve(fd);
}

static int launch(struct member *m, struct core_spec *s, struct nsp_err *e)
{
	m->c = (struct core_container)CORE_CONTAINER_INIT;
	s->rootfs = CORE_ROOTFS_NONE;
	s->fn = member_main;
	s->arg = m;
	if (nsp_sync_open(&m->pair, e) < 0 || core_launch(s, &m->c, e) < 0)
		return -1;
	m->fd = nsp_sync_side(&m->pair, NSP_SYNC_PARENT);
	memcpy(m->view, view_template, sizeof(m->view));
	if (nsp_sync_recv_result(m->fd, e) < 0 || nt_links_recv(m->fd, &m->links, e) < 0 ||
	    obs_ask(m->fd, m->view, V_N, e) < 0)
		return -1;
	return 0;
}

static void end(struct member *m)
{
	struct nsp_err e;

	if (m->fd > 0)
		close(m->fd);
	core_destroy(&m->c, &e);
	nsp_sync_close(&m->pair);
	nt_links_free(&m->links);
}

static bool same_links(const struct nt_links *a, const struct nt_links *b)
{
	const struct nl_link *ax = nt_find(a, "eth0"), *bx = nt_find(b, "eth0");

	return a->n == b->n && ax && bx && ax->ifindex == bx->ifindex &&
	       ax->addr_len == bx->addr_len && !memcmp(ax->addr, bx->addr, ax->addr_len);
}

static void check(struct tap *t)
{
	static const char *const own[] = { [V_UTS] = "uts", [V_PID] = "pid", [V_MNT] = "mnt" };
	struct obs out[V_N];
	struct nsp_err e = { 0 };
	char names[128];

	memcpy(out, view_template, sizeof(out));
	if (obs_take(out, V_N, &e) < 0) {
		tap_broken(t, &e, "the outside's own view");
		return;
	}
	tap_expect(t, ns_ident_eq(&y.view[V_NET].id, &x.view[V_NET].id), "X's", "another",
		   "Y's network namespace is X's");
	tap_expect(t, same_links(&x.links, &y.links), "X's links (eth0, same ifindex and MAC)",
		   nt_names(&y.links, names, sizeof(names)), "Y lists X's interfaces");
	tap_expect(t, !ns_ident_eq(&y.view[V_NET].id, &out[V_NET].id), "not ours", "ours",
		   "the shared network namespace is not the outside's");
	for (int v = V_UTS; v <= V_MNT; v++)
		tap_expect(t, !ns_ident_eq(&y.view[v].id, &x.view[v].id) &&
			   !ns_ident_eq(&y.view[v].id, &out[v].id), "its own", "X's or ours",
			   "Y's %s namespace is its own", own[v]);
	tap_expect(t, !strcmp(y.view[V_HOST].str, "nsp-y") && !strcmp(x.view[V_HOST].str, "nsp-x"),
		   "nsp-y and nsp-x", y.view[V_HOST].str, "Y's hostname is its own, X keeps its");
	tap_expect_long(t, 1, y.view[V_PIDNUM].num, "Y is pid 1 of its own pid namespace");
}

static int run(struct tap *t, const struct probe_args *a)
{
	struct core_spec sx = {
		.namespaces = CLONE_NEWNET | CLONE_NEWUTS | CLONE_NEWPID | CLONE_NEWNS,
		.veth = true, .hostname = "nsp-x",
	};
	struct core_spec sy = {
		.namespaces = CLONE_NEWUTS | CLONE_NEWPID | CLONE_NEWNS, .hostname = "nsp-y",
	};
	struct nsp_err e = { 0 };

	if (nt_outside(&e) < 0)
		return tap_bail_err(t, &e, "setup");
	if (probe_fault(a, "own-net"))
		sy.namespaces |= CLONE_NEWNET;
	if (probe_fault(a, "no-own-ns")) {
		sy.namespaces = 0;
		sy.hostname = NULL;
	}
	if (launch(&x, &sx, &e) < 0) {
		tap_broken(t, &e, "container X");
	} else {
		sy.net_from = sy.namespaces & CLONE_NEWNET ? 0 : x.c.pid;
		if (launch(&y, &sy, &e) < 0)
			tap_broken(t, &e, "container Y with --net-from X");
		else
			check(t);
	}
	end(&y);
	end(&x);
	return tap_done(t);
}

int main(int argc, char **argv)
{
	static const struct probe_main m = {
		.name = "net_from_container", .needs = &needs, .faults = faults, .outside = run,
		.summary = "a container sharing another's network namespace (--net-from): "
			   "its interfaces, with UTS, pid and mount namespaces of its own",
		.no_inside = "it launches both containers it compares",
	};

	return probe_main(&m, argc, argv);
}
