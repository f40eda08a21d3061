// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * net_netns_teardown — a network namespace lives as long as a process (or
 * a reference) holds it, and goes when the last one exits: the veth end
 * inside is destroyed with it, and so is its peer outside (RTM_DELLINK).
 *
 * Outside role (this process, root, a child subreaper so that every
 * process of the container comes back to us to be reaped): a network
 * namespace of its own with an RTMGRP_LINK subscription, the pair
 * nsp-td-o/nsp-td-i, and a runtime-core container (CLONE_NEWNET, no pid
 * namespace) whose init forks a second member and exits at once.  The
 * outside moves nsp-td-i in, sees init gone and nsp-td-o still there
 * (the member holds the netns), releases the member, and then must get
 * RTM_DELLINK for nsp-td-o within a bounded wait (teardown is
 * asynchronous: a kernel worker destroys the netns), never a sleep.
 *
 *   --fault hold-netns   the outside keeps an fd of the inside netns open:
 *                        the peer must then stay, and the check reports
 *                        not ok after the bounded wait.
 *   --role inside        nothing to observe alone (the teardown is only
 *                        visible from outside): skipped with that reason.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/rtnetlink.h>

#include "fixtures/nettest.h"
#include "lib/needs.h"
#include "fixtures/probeargs.h"
#include "lib/sync.h"

enum { STEP_GO = 1 };

/* The member's first word: who it is (or why it is not). */
struct hello {
	struct nsp_err err;
	pid_t pid;
};

static const char *const faults[] = { "hold-netns", NULL };
static struct nsp_sync sync_pair;
static bool fault_hold;

/* Container init, in the new netns: leave a member behind and exit. */
static int inside_body(void *arg)
{
	struct hello h = { { 0 }, 0 };
	struct nsp_err ignored;
	int fd = nsp_sync_side(arg, NSP_SYNC_CHILD);
	pid_t pid = fork();

	if (pid < 0) {
		nsp_err_sys(&h.err, "inside: fork the second member");
		nsp_sync_send(fd, &h, sizeof(h), &ignored);
		return TAP_EXIT_BROKEN;
	}
	if (pid == 0) {
		/* the member: holds the netns until told to go, or until the
		 * outside dies (end-of-file on the socket) */
		h.pid = getpid();	/* no pid ns: the outside's number too */
		nsp_sync_send(fd, &h, sizeof(h), &ignored);
		nsp_sync_wait(fd, STEP_GO, &ignored);
		_exit(0);
	}
	return 0;
}

static bool listed(const char *name, struct nsp_err *e, bool *is)
{
	nt_links_auto struct nt_links l = { 0 };

	if (nt_dump(&l, e) < 0)
		return false;
	*is = nt_find(&l, name) != NULL;
	return true;
}

static void check_gone(struct tap *t, struct nl_sock *ev, int idx_out)
{
	struct nsp_err e = { 0 };
	bool is;

	nt_check_link_gone(t, ev, idx_out, "the outside peer is deleted when the last process exits");
	if (!listed("nsp-td-o", &e, &is))
		tap_broken(t, &e, "the outside dump agrees the peer is gone");
	else
		tap_expect(t, !is, "not listed", "listed", "the outside dump agrees the peer is gone");
}

/* Init has exited: the member alone must keep the netns and the pair. */
static void check_member_holds(struct tap *t, struct core_container *c)
{
	struct nsp_err e = { 0 };
	bool is = false;

	if (core_wait(c, NULL, &e) < 0 || !listed("nsp-td-o", &e, &is))
		tap_broken(t, &e, "the netns outlives its first process while a member lives");
	else
		tap_expect(t, is, "listed", "gone",
			   "the netns outlives its first process while a member lives");
}

static int setup(struct tap *t, struct nl_sock *ev, int *idx_out)
{
	nl_sock_auto struct nl_sock s = { 0 };
	struct nsp_err e = { 0 };

	if (prctl(PR_SET_CHILD_SUBREAPER, 1) < 0)
		return tap_bail_err(t, &(struct nsp_err){ errno, "prctl(PR_SET_CHILD_SUBREAPER)" },
				    "setup");
	if (nt_outside(&e) < 0 || nl_open(ev, RTMGRP_LINK, &e) < 0 ||
	    nt_veth("nsp-td-o", "nsp-td-i", 0, NULL, &e) < 0 || nl_open(&s, 0, &e) < 0 ||
	    (*idx_out = nl_link_index(&s, "nsp-td-o", &e)) < 0)
		return nt_setup_failed(t, &e);
	return -1;
}

/* Outside role: this process, root, in a netns of its own. */
static int run(struct tap *t, const struct probe_args *a)
{
	struct core_container c = CORE_CONTAINER_INIT;
	nl_sock_auto struct nl_sock ev = { 0 };
	struct nsp_err e = { 0 };
	int fd, rc, idx_out = 0, held = -1;
	struct hello h = { { 0 }, 0 };

	fault_hold = probe_fault(a, "hold-netns");
	rc = setup(t, &ev, &idx_out);
	if (rc >= 0)
		return rc;
	if (nsp_sync_open(&sync_pair, &e) < 0 ||
	    nt_launch(&c, true, 0, inside_body, &sync_pair, &e) < 0)
		return tap_bail_err(t, &e, "setup");
	fd = nsp_sync_side(&sync_pair, NSP_SYNC_PARENT);
	if (nsp_sync_recv(fd, &h, sizeof(h), &e) < 0 || h.err.msg[0] ||
	    (fault_hold && (held = nl_netns_open(h.pid, &e)) < 0) ||
	    nt_move("nsp-td-i", h.pid, NULL, &e) < 0) {
		if (h.err.msg[0])
			e = h.err;
		tap_broken(t, &e, "a member stays and the link is moved in");
	} else {
		nt_check_own_netns(t, h.pid);
		check_member_holds(t, &c);
		nsp_sync_wake(fd, STEP_GO, &e);
		check_gone(t, &ev, idx_out);
	}
	/* one cleanup path: release the member, reap everyone we adopted */
	close(fd);
	if (held >= 0)
		close(held);
	nt_end(&c);
	while (wait(NULL) > 0 || errno == EINTR)
		;
	return tap_done(t);
}

int main(int argc, char **argv)
{
	static const struct probe_main m = {
		.name = "net_netns_teardown", .needs = &nt_probe_needs, .faults = faults,
		.outside = run,
		.no_inside = "the teardown is only visible from outside",
	};

	return probe_main(&m, argc, argv);
}
