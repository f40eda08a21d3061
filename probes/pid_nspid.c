// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pid_nspid — NSpid and NStgid in /proc/<pid>/status list a process's
 * number at every pid-namespace level the reader's /proc can see, outer
 * first, and each side's getpid() is the element of its own level.
 *
 * Levels are relative to the /proc read: under nsharness the outside
 * already runs in the sandbox's pid namespace with its own /proc, so the
 * outside sees [outer pid, 1] for the container's init, not the host's.
 *
 * Outside role (root, in the sandbox): launches a container (new pid and
 * mount namespaces, fresh /proc inside) and reads its status from outside.
 * Inside role (the container's init): reads its own status from its /proc.
 *
 *   --role inside        inside observations only
 *   --fault shared-pid   no pid namespace for the container: the level
 *                        count and the inside number must report not ok
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "launch.h"
#include "needs.h"
#include "pidlist.h"
#include "probeargs.h"
#include "procstatus.h"
#include "sync.h"
#include "tap.h"

static const struct probe_needs needs = {
	.caps_sys_admin = true,
	.namespaces = CLONE_NEWPID | CLONE_NEWNS,
	.kconfig = (const char *const[]){ "CONFIG_PID_NS", NULL },
	.timeout = 20,
};
static const struct probe_needs inside_needs = { .timeout = 20 };
static const char *const faults[] = { "shared-pid", NULL };

struct ctx {
	struct tap *t;
	struct nsp_sync sync;
};

/* What the inside tells the outside: its own getpid(). */
struct inside_report {
	pid_t self;
};

/* Either side: NSpid/NStgid of ourselves as our /proc shows them. */
static void own_status_checks(struct tap *t, const char *side)
{
	struct ns_status st;
	struct nsp_err e = { 0 };
	char a[256], b[256];

	if (ns_status_read(0, &st, &e) < 0 || st.pid.n == 0) {
		if (!e.msg[0])
			nsp_err_set(&e, ENOENT, "/proc/self/status has no NSpid line");
		tap_broken(t, &e, "%s: NSpid of /proc/self/status", side);
		return;
	}
	tap_expect_long(t, getpid(), st.pid.id[st.pid.n - 1],
			"%s: the last NSpid element is what getpid() says", side);
	tap_expect_str(t, ns_idlist_str(&st.pid, a, sizeof(a)),
		       ns_idlist_str(&st.tgid, b, sizeof(b)),
		       "%s: NStgid lists the same ids as NSpid (one thread)", side);
}

/* Inside: the container's init reading its own fresh /proc. */
static void inside_checks(struct tap *t)
{
	struct ns_status st;
	struct nsp_err e = { 0 };
	char got[256];

	own_status_checks(t, "inside");
	if (ns_status_read(0, &st, &e) < 0)
		return;	/* already reported broken */
	tap_expect_str(t, "1", ns_idlist_str(&st.pid, got, sizeof(got)),
		       "inside: NSpid read from the container's /proc is just its own level, 1");
}

static int container_main(void *arg)
{
	struct ctx *c = arg;
	int fd = nsp_sync_side(&c->sync, NSP_SYNC_CHILD);
	struct inside_report r = { .self = getpid() };
	struct nsp_err e;

	inside_checks(c->t);
	fflush(stdout);
	if (tap_send_state(c->t, fd, &e) < 0 || nsp_sync_send(fd, &r, sizeof(r), &e) < 0)
		return TAP_EXIT_BROKEN;
	/* stay alive until the outside has read our status */
	nsp_sync_wait(fd, 1, &e);
	return 0;
}

/* Outside, root in the sandbox: the container's init in our /proc. */
static void outside_checks(struct tap *t, pid_t cpid, pid_t inside_self)
{
	struct ns_status mine, st;
	struct nsp_err e = { 0 };
	char a[256], b[256];

	if (ns_status_read(0, &mine, &e) < 0 || ns_status_read(cpid, &st, &e) < 0) {
		tap_broken(t, &e, "outside: read NSpid");
		return;
	}
	tap_diag(t, "outside reads NSpid of the container's init: %s",
		 ns_idlist_str(&st.pid, a, sizeof(a)));
	tap_expect_long(t, mine.pid.n + 1, st.pid.n,
			"outside: NSpid of the container's init lists one level more than ours");
	tap_expect_long(t, cpid, st.pid.n >= mine.pid.n ? st.pid.id[mine.pid.n - 1] : -1,
			"outside: at our level NSpid holds the pid core_launch returned");
	tap_expect_long(t, inside_self, st.pid.n ? st.pid.id[st.pid.n - 1] : -1,
			"outside: the last NSpid element is what getpid() says inside");
	tap_expect_str(t, ns_idlist_str(&st.pid, a, sizeof(a)),
		       ns_idlist_str(&st.tgid, b, sizeof(b)),
		       "outside: NStgid of the container's init equals its NSpid");
	own_status_checks(t, "outside");
}

static int run_outside(struct tap *t, bool shared_pid)
{
	struct core_container cont = CORE_CONTAINER_INIT;
	struct ctx c = { .t = t };
	struct core_spec spec = {
		.namespaces = CLONE_NEWNS | (shared_pid ? 0 : CLONE_NEWPID),
		.fn = container_main, .arg = &c,
	};
	struct inside_report r;
	struct nsp_err e = { 0 };
	int fd;

	if (nsp_sync_open(&c.sync, &e) < 0)
		return tap_bail(t, "socketpair: %s", strerror(e.errnum));
	if (core_launch(&spec, &cont, &e) < 0) {
		nsp_sync_close(&c.sync);
		tap_broken(t, &e, "launch the container");
		return tap_done(t);
	}
	fd = nsp_sync_side(&c.sync, NSP_SYNC_PARENT);
	if (tap_recv_state(t, fd, &e) < 0 || nsp_sync_recv(fd, &r, sizeof(r), &e) < 0)
		tap_broken(t, &e, "the inside role reported");
	else
		outside_checks(t, cont.pid, r.self);
	nsp_sync_wake(fd, 1, &e);
	close(fd);
	core_destroy(&cont, &e);
	return tap_done(t);
}

int main(int argc, char **argv)
{
	struct probe_args a;
	struct nsp_err e;
	struct tap t;
	int rc;

	if (probe_args_parse(argc, argv, faults, &a, &e) < 0) {
		fprintf(stderr, "pid_nspid: %s\nusage: pid_nspid [--role inside] "
			"[--fault shared-pid]\n", e.msg);
		return 64;
	}
	rc = probe_start(&t, a.inside ? &inside_needs : &needs);
	if (rc >= 0)
		return rc;
	if (a.inside) {
		inside_checks(&t);
		return tap_done(&t);
	}
	return run_outside(&t, probe_fault(&a, "shared-pid"));
}
