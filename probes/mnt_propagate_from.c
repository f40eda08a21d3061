// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * mnt_propagate_from — mountinfo's propagate_from:N: a slave whose own
 * master group has no member in the reader's namespace names the nearest
 * upstream group that does (proc(5)), and propagation follows the whole
 * chain.  Three mount namespaces, each a copy of the one before:
 *
 *   N (this process)  /tmp/x  shared:G1
 *   C (peer of N)     /tmp/keep  bind of /tmp/x: stays in G1
 *                     /tmp/x     made slave, then shared: shared:G2 master:G1
 *   D (copy of C)     /tmp/x     made slave: master:G2 propagate_from:G1
 *                     (G2 has no member in D; G1 has /tmp/keep)
 *
 * Everything happens below a scratch tmpfs in a private mount namespace
 * of our own (root); the peers are forked children serving requests
 * (mnttest.h) and die with us.
 *
 *   --fault no-keep   C does not keep a G1 member: D's mountinfo then has
 *                     no propagate_from, and that check reports not ok.
 *   --role inside     the same chain, built wherever we are started.
 */
#include <errno.h>
#include <sched.h>
#include <string.h>
#include <sys/mount.h>

#include "fixtures/mnttest.h"
#include "lib/needs.h"
#include "fixtures/probeargs.h"
#include "lib/tap.h"

#define X MT_BASE "/x"

static const struct probe_needs needs = {
	.caps_sys_admin = true,
	.namespaces = CLONE_NEWNS,
	.timeout = 10,
};

static const char *const faults[] = { "no-keep", NULL };
static bool fault_no_keep;

static int ask(int fd, const struct mt_req *r, struct nsp_err *e)
{
	return mt_call(fd, r, e) == 0 ? 0 : -1;
}

/* C: keep a G1 member, then make /tmp/x a shared slave. */
static int build_c(int fd, struct nsp_err *e)
{
	if (!fault_no_keep &&
	    ask(fd, &(struct mt_req){ MT_BIND, 0, MT_BASE "/keep", X }, e) < 0)
		return -1;
	if (ask(fd, &(struct mt_req){ MT_PROP, MS_SLAVE, X, "" }, e) < 0 ||
	    ask(fd, &(struct mt_req){ MT_PROP, MS_SHARED, X, "" }, e) < 0)
		return -1;
	return 0;
}

static void check_tags(struct tap *t, pid_t c, pid_t d)
{
	struct mt_view n_x, c_x, d_x;
	struct nsp_err e = { 0 };
	char got[64];

	if (mt_view_of(0, X, &n_x, &e) < 0 || mt_view_of(c, X, &c_x, &e) < 0 ||
	    mt_view_of(d, X, &d_x, &e) < 0) {
		tap_broken(t, &e, "read the three namespaces' mountinfo");
		return;
	}
	tap_expect(t, c_x.shared && c_x.master == n_x.shared && c_x.shared != n_x.shared,
		   "shared:G2 master:G1", mt_view_str(&c_x, got, sizeof(got)),
		   "C: a slave made shared has a group of its own and its master");
	tap_expect(t, !c_x.propagate_from, "no propagate_from",
		   mt_view_str(&c_x, got, sizeof(got)),
		   "C: no propagate_from while its master group has a member there");
	tap_expect(t, mt_view_is(&d_x, MT_K_SLAVE) && d_x.master == c_x.shared,
		   "master:G2", mt_view_str(&d_x, got, sizeof(got)),
		   "D: the copy made slave has C's group as master");
	tap_expect_long(t, n_x.shared, d_x.propagate_from,
			"D: propagate_from names the upstream group G1");
}

/* A mount in N travels G1 -> C -> G2 -> D; one made in D goes nowhere. */
static void check_flow(struct tap *t, pid_t c, pid_t d, int d_fd)
{
	struct mt_view v_d, v_c, v_n;
	struct nsp_err e = { 0 };

	if (mt_apply(&(struct mt_req){ MT_MOUNT, 0, X "/a", "nsp-pf-n" }, &e) < 0 ||
	    mt_view_of(d, X "/a", &v_d, &e) < 0 ||
	    ask(d_fd, &(struct mt_req){ MT_MOUNT, 0, X "/b", "nsp-pf-d" }, &e) < 0 ||
	    mt_view_of(c, X "/b", &v_c, &e) < 0 || mt_view_of(0, X "/b", &v_n, &e) < 0) {
		tap_broken(t, &e, "mounts travel the chain");
		return;
	}
	tap_expect(t, v_d.present && !strcmp(v_d.source, "nsp-pf-n"), "nsp-pf-n",
		   v_d.present ? v_d.source : "no mount",
		   "a mount made in N reaches D through C");
	tap_expect(t, !v_c.present && !v_n.present, "no mount", "a copy",
		   "a mount made in D reaches neither C nor N");
}

/* N: this process, root, in a private mount namespace of its own. */
static int setup_n(struct nsp_err *e)
{
	static const char *const dirs[] = { "x", "keep", NULL };
	static const struct mt_req steps[] = {
		{ MT_MOUNT, 0, X, "nsp-pf-x" },
		{ MT_MKDIR, 0, X "/a", "" },
		{ MT_MKDIR, 0, X "/b", "" },
		{ MT_PROP, MS_SHARED, X, "" },
	};

	return mt_private_tree(dirs, steps, sizeof(steps) / sizeof(steps[0]), e);
}

static int run(struct tap *t, const struct probe_args *a)
{
	struct nsp_err e = { 0 };
	pid_t c = 0, d = 0;
	int c_fd = -1, d_fd = -1, rc = -1;

	fault_no_keep = probe_fault(a, "no-keep");
	if (setup_n(&e) < 0 || mt_fork_peer(0, &c, &c_fd, &e) < 0 || build_c(c_fd, &e) < 0 ||
	    mt_fork_peer(c, &d, &d_fd, &e) < 0 ||
	    ask(d_fd, &(struct mt_req){ MT_PROP, MS_SLAVE, X, "" }, &e) < 0) {
		rc = tap_bail_err(t, &e, "build the chain");
	} else {
		check_tags(t, c, d);
		check_flow(t, c, d, d_fd);
	}
	/* one cleanup path: D, then C (their namespaces die with them) */
	mt_fork_peer_end(d, d_fd);
	mt_fork_peer_end(c, c_fd);
	return rc >= 0 ? rc : tap_done(t);
}

int main(int argc, char **argv)
{
	static const struct probe_main m = {
		.name = "mnt_propagate_from", .needs = &needs, .faults = faults,
		.outside = run,
		.no_inside = "its checks make a mount namespace of their own: there is no "
			     "container isolation to judge from inside",
	};

	return probe_main(&m, argc, argv);
}
