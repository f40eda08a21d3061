// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bridge_traffic — containers on one bridge reach each other and the
 * sandbox side with real UDP and TCP traffic; a container whose veth is
 * not a port does not; the bridge learns the containers' MACs on their
 * ports (the docker0 model: veth pairs, one end a bridge port).
 *
 * Outside role (this process, root): a network namespace of its own (the
 * sandbox side, nettest.h) with the bridge nspbr0 (libmnl, RTM_NEWLINK
 * kind bridge) holding 198.18.42.1/24 (RFC 2544's benchmark range: the
 * project's own test subnet), a helper serving there, and three
 * runtime-core containers, each a new netns with a veth, eth0 inside:
 *
 *   A  198.18.42.2/24, its veth a port of nspbr0
 *   B  198.18.42.3/24, its veth a port of nspbr0
 *   C  198.18.42.4/24, its veth up but no port: isolated
 *
 * Every party echoes UDP and TCP and, asked, probes another
 * (fixtures/bridgetest.h).  Kernel rules: a bridge forwards between its
 * ports (br_forward) and delivers to its own address; frames never cross
 * to a device that is not a port; the FDB learns a source MAC on the port
 * it came in on (br_fdb_update, RTM_GETNEIGH AF_BRIDGE).
 *
 *   --fault no-bridge       B's veth is no port: B reaches nothing
 *   --fault isolated-joins  C's veth is a port too: C reaches A
 *   --fault no-learning     learning is off on A's and B's ports (what they
 *                           learnt while coming up forgotten)
 */
#include <arpa/inet.h>
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fixtures/bridgetest.h"
#include "fixtures/nettest.h"
#include "fixtures/probeargs.h"
#include "lib/needs.h"
#include "lib/syncfork.h"
#include "lib/tap.h"

#define BRIDGE "nspbr0"

static const struct probe_needs needs = {
	.caps_sys_admin = true,
	.namespaces = CLONE_NEWNET,
	.kconfig = (const char *const[]){ "CONFIG_BRIDGE", "CONFIG_VETH", NULL },
	.timeout = 40,
};

static const char *const faults[] = { "no-bridge", "isolated-joins", "no-learning", NULL };

enum { P_SANDBOX, P_A, P_B, P_C, NPARTIES };

static const struct party_spec {
	const char *name, *ip, *cidr;
} parties[NPARTIES] = {
	[P_SANDBOX] = { "the sandbox side", "198.18.42.1", "198.18.42.1/24" },
	[P_A] = { "A", "198.18.42.2", "198.18.42.2/24" },
	[P_B] = { "B", "198.18.42.3", "198.18.42.3/24" },
	[P_C] = { "C", "198.18.42.4", "198.18.42.4/24" },
};

struct party {
	struct core_container c;	/* containers A, B, C */
	pid_t helper;			/* the sandbox side's */
	struct nsp_sync pair;
	int fd;				/* our end */
	uint8_t mac[6];
};

static struct party ps[NPARTIES];

/* A container's init, in its netns (eth0 up, its address on it).  Only
 * C, which must not reach anyone, gives up on neighbours after one short
 * try: the others keep the kernel's patience, or a loaded machine could
 * make a slow ARP reply look like no path. */
static int party_main(void *arg)
{
	struct party *p = arg;
	struct nsp_err e;
	int fd = nsp_sync_side(&p->pair, NSP_SYNC_CHILD);

	if (p == &ps[P_C] && bt_fast_neigh("eth0", &e) < 0)
		return 2;
	return bt_serve(fd, parties[p - ps].ip);
}

static int launch(int i, bool port, struct nsp_err *e)
{
	struct party *p = &ps[i];
	struct core_spec s = {
		.namespaces = CLONE_NEWNET, .rootfs = CORE_ROOTFS_NONE, .veth = true,
		.address = parties[i].cidr, .bridge = port ? BRIDGE : NULL,
		.fn = party_main, .arg = p,
	};

	p->c = (struct core_container)CORE_CONTAINER_INIT;
	if (nsp_sync_open(&p->pair, e) < 0 || core_launch(&s, &p->c, e) < 0)
		return nsp_err_wrap(e, "container %s", parties[i].name);
	p->fd = nsp_sync_side(&p->pair, NSP_SYNC_PARENT);
	if (!port) {	/* up, so its frames go out, to nowhere */
		nl_sock_auto struct nl_sock nl = { 0 };
		int idx;

		if (nl_open(&nl, 0, e) < 0 || (idx = nl_link_index(&nl, p->c.veth_outside, e)) < 0 ||
		    nl_link_set_up(&nl, idx, true, e) < 0)
			return nsp_err_wrap(e, "container %s: its veth up", parties[i].name);
	}
	return 0;
}

/* The sandbox side: the bridge with its address, and a serving helper. */
static int sandbox_side(struct nsp_err *e)
{
	nl_sock_auto struct nl_sock nl = { 0 };
	struct nl_addr a;
	int br;

	if (nt_outside(e) < 0 || nl_open(&nl, 0, e) < 0 || nl_bridge_create(&nl, BRIDGE, e) < 0 ||
	    (br = nl_link_index(&nl, BRIDGE, e)) < 0 || nl_link_set_up(&nl, br, true, e) < 0 ||
	    nl_addr_parse(parties[P_SANDBOX].cidr, &a, e) < 0 || nl_addr_add(&nl, br, &a, e) < 0)
		return -1;
	ps[P_SANDBOX].helper = sync_fork(&ps[P_SANDBOX].fd, e);
	if (ps[P_SANDBOX].helper == 0)
		_exit(bt_serve(ps[P_SANDBOX].fd, parties[P_SANDBOX].ip));
	return ps[P_SANDBOX].helper < 0 ? -1 : br;
}

static void teardown(void)
{
	struct nsp_err e;

	for (int i = 0; i < NPARTIES; i++) {
		if (ps[i].fd > 0)
			close(ps[i].fd);
		if (i == P_SANDBOX && ps[i].helper > 0) {
			kill(ps[i].helper, SIGKILL);
			waitpid(ps[i].helper, NULL, 0);
		} else if (i != P_SANDBOX) {
			core_destroy(&ps[i].c, &e);
			nsp_sync_close(&ps[i].pair);
		}
	}
}

/* from asks to reach `to` by op; expect an echo, or the errno. */
static void check_reach(struct tap *t, int from, int to, enum bt_op op, int want_errno)
{
	struct bt_request q = { .op = op };
	struct bt_reply r;
	struct nsp_err e = { 0 };
	const char *proto = op == BT_UDP ? "UDP" : "TCP";
	char got[160];

	snprintf(q.ip, sizeof(q.ip), "%s", parties[to].ip);
	if (bt_ask(ps[from].fd, &q, &r, &e) < 0) {
		tap_broken(t, &e, "%s reaches %s over %s", parties[from].name, parties[to].name, proto);
		return;
	}
	snprintf(got, sizeof(got), "%s: %s", r.what, nsp_errno_name(r.errnum));
	if (want_errno)
		tap_expect_errno(t, want_errno, r.errnum ? -1 : 0, r.errnum,
				 "%s, on no bridge, does not reach %s over %s (%s)",
				 parties[from].name, parties[to].name, proto, nsp_errno_name(want_errno));
	else
		tap_expect(t, !r.errnum && !strncmp(r.echo, "ping-", 5), "the echo",
			   r.errnum ? got : r.echo, "%s reaches %s over %s (%s)",
			   parties[from].name, parties[to].name, proto, parties[to].ip);
}

static bool learnt(const struct nl_fdb *f, size_t n, const uint8_t *mac, int port)
{
	for (size_t i = 0; i < n; i++)
		if (!memcmp(f[i].mac, mac, 6) && (port < 0 || f[i].ifindex == port))
			return true;
	return false;
}

static void check_fdb(struct tap *t, int br)
{
	nl_sock_auto struct nl_sock nl = { 0 };
	struct nl_fdb *f = NULL;
	struct nsp_err e = { 0 };
	size_t n = 0;

	for (int i = P_A; i <= P_C; i++) {
		struct bt_request q = { .op = BT_MAC, .dev = "eth0" };
		struct bt_reply r;

		if (bt_ask(ps[i].fd, &q, &r, &e) < 0 || r.errnum) {
			tap_broken(t, &e, "the bridge's FDB");
			return;
		}
		memcpy(ps[i].mac, r.mac, 6);
	}
	if (nl_open(&nl, 0, &e) < 0 || nl_fdb_dump(&nl, br, &f, &n, &e) < 0) {
		tap_broken(t, &e, "dump the bridge's FDB (RTM_GETNEIGH AF_BRIDGE)");
		return;
	}
	tap_expect(t, learnt(f, n, ps[P_A].mac, ps[P_A].c.veth_ifindex), "on A's port",
		   "not learnt", "the bridge learnt A's MAC on A's port");
	tap_expect(t, learnt(f, n, ps[P_B].mac, ps[P_B].c.veth_ifindex), "on B's port",
		   "not learnt", "the bridge learnt B's MAC on B's port");
	tap_expect(t, !learnt(f, n, ps[P_C].mac, -1), "absent", "learnt",
		   "the bridge never saw C's MAC");
	free(f);
}

static int no_learning(struct nsp_err *e)
{
	nl_sock_auto struct nl_sock nl = { 0 };

	if (nl_open(&nl, 0, e) < 0 ||
	    nl_port_set_learning(&nl, ps[P_A].c.veth_ifindex, false, e) < 0 ||
	    nl_port_set_learning(&nl, ps[P_B].c.veth_ifindex, false, e) < 0)
		return -1;
	return 0;
}

static int run(struct tap *t, const struct probe_args *a)
{
	struct nsp_err e = { 0 };
	int br = sandbox_side(&e);

	if (br < 0)
		return nt_setup_failed(t, &e);
	if (launch(P_A, true, &e) < 0 || launch(P_B, !probe_fault(a, "no-bridge"), &e) < 0 ||
	    launch(P_C, probe_fault(a, "isolated-joins"), &e) < 0 ||
	    (probe_fault(a, "no-learning") && no_learning(&e) < 0)) {
		tap_broken(t, &e, "the sandbox side and three containers");
	} else {
		check_reach(t, P_A, P_B, BT_UDP, 0);
		check_reach(t, P_A, P_B, BT_TCP, 0);
		check_reach(t, P_B, P_SANDBOX, BT_UDP, 0);
		check_reach(t, P_B, P_SANDBOX, BT_TCP, 0);
		check_reach(t, P_SANDBOX, P_A, BT_TCP, 0);
		check_reach(t, P_C, P_A, BT_TCP, EHOSTUNREACH);
		check_fdb(t, br);
	}
	teardown();
	return tap_done(t);
}

int main(int argc, char **argv)
{
	static const struct probe_main m = {
		.name = "bridge_traffic", .needs = &needs, .faults = faults, .outside = run,
		.summary = "containers on a bridge: UDP and TCP between them and with the "
			   "sandbox side, none from one off the bridge, MACs learnt per port",
		.no_inside = "it builds the bridge and the containers on it",
	};

	return probe_main(&m, argc, argv);
}
