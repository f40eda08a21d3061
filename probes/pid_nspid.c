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
#include <unistd.h>

#include "fixtures/observe.h"
#include "lib/pidlist.h"
#include "fixtures/pidprobe.h"
#include "lib/procstatus.h"
#include "lib/tap.h"


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

/* Inside, reading the container's own fresh /proc: NSpid has one level,
 * `self` (1 for the init of our container; under another runtime our pid
 * is its policy, bwrap's command is pid 2). */
static void own_level_checks(struct tap *t, pid_t self)
{
	struct ns_status st;
	struct nsp_err e = { 0 };
	char got[256], want[24];

	own_status_checks(t, "inside");
	if (ns_status_read(0, &st, &e) < 0)
		return;	/* already reported broken */
	snprintf(want, sizeof(want), "%d", (int)self);
	tap_expect_str(t, want, ns_idlist_str(&st.pid, got, sizeof(got)),
		       "inside: NSpid read from the container's /proc is just its own level, %s",
		       self == 1 ? "1" : "our pid");
}

static void inside_checks(struct tap *t)
{
	own_level_checks(t, 1);
}

/* --role inside: whatever pid the runtime gave us. */
static void standalone(struct tap *t)
{
	own_level_checks(t, getpid());
}

/* The container's init (inside role, root): its points, then its own
 * getpid() for the outside's comparison. */
static int inside_role(struct tap *t, struct twoside *s)
{
	struct obs self = OBS_OF(OBS_PID);
	struct nsp_err e;

	inside_checks(t);
	return obs_send(s->fd, &self, 1, &e) < 0 ? TAP_EXIT_BROKEN : 0;
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

/* Outside, while the container lives: what the inside said, then ours. */
static void outside_role(struct tap *t, struct twoside *s)
{
	struct obs self;
	struct nsp_err e = { 0 };

	if (obs_recv(s->fd, &self, 1, &e) < 0)
		tap_broken(t, &e, "the inside role reported");
	else
		outside_checks(t, s->run.c.pid, (pid_t)self.num);
}

int main(int argc, char **argv)
{
	static const struct pid_probe p = { inside_role, outside_role, standalone, };
	static const struct probe_main m = PID_PROBE_MAIN("pid_nspid", &p);

	return probe_main(&m, argc, argv);
}
