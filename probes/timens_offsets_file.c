// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * timens_offsets_file — /proc/<pid>/timens_offsets shows a time
 * namespace's offsets, and they are fixed once a process is in it
 * (time_namespaces(7)).
 *
 * Outside role (this process, root): a runtime-core container whose time
 * namespace gets monotonic +2 days and boottime +3 days, written before
 * its init enters (fixtures/timeprobe.h).  Kernel rules asserted: the
 * inside's offsets file shows them, ours shows none (0 0), and a later
 * write of the inside's offsets fails with EACCES (a process is in).
 *
 *   --fault no-timens    no time namespace, no offsets: not ok
 *   --fault fresh-ns     the late write goes to a namespace nobody entered
 *   --fault shared-time  the outside joins the inside's time namespace
 *                        before it looks: its own offsets are the inside's
 */
#include <errno.h>
#include <sched.h>
#include <unistd.h>

#include "fixtures/timeprobe.h"
#include "fixtures/usertest.h"
#include "lib/syncfork.h"
#include "lib/tap.h"

#define LATE "monotonic 1 0"

static const char *const faults[] = { "no-timens", "fresh-ns", "shared-time", NULL };

/* --fault fresh-ns, forked: the late write to a namespace nobody is in. */
static int fresh_ns(void *arg, void *out, struct nsp_err *e)
{
	(void)arg;
	if (unshare(CLONE_NEWTIME) < 0)
		return nsp_err_sys(e, "unshare(CLONE_NEWTIME)");
	*(int *)out = ut_write(0, "timens_offsets", LATE, e) < 0 ? e->errnum : 0;
	nsp_err_clear(e);
	return 0;
}

/* The errno of a late write of the inside's offsets into *late. */
static int late_write(pid_t inside, bool fault_fresh, int *late, struct nsp_err *e)
{
	if (fault_fresh)
		return fork_call(fresh_ns, NULL, late, sizeof(*late), NULL, e);
	*late = ut_write(inside, "timens_offsets", LATE, e) < 0 ? e->errnum : 0;
	return 0;
}

/* Outside (this process, root; in the inside's time namespace under
 * --fault shared-time), while the container lives. */
static void outside(struct tap *t, struct twoside *s, const struct probe_args *a)
{
	long long mono = -1, boot = -1, our_mono = -1, our_boot = -1;
	struct nsp_err e = { 0 };
	int late = 0;

	if (tt_offsets(s->run.c.pid, &mono, &boot, &e) < 0 ||
	    tt_offsets(0, &our_mono, &our_boot, &e) < 0) {
		tap_broken(t, &e, "read the timens_offsets files");
		return;
	}
	tap_expect(t, mono == TP_OFF_MONO && boot == TP_OFF_BOOT,
		   "monotonic 172800, boottime 259200", "other offsets",
		   "the inside's /proc/<pid>/timens_offsets shows its offsets");
	tap_expect(t, !our_mono && !our_boot, "0 0", "offsets",
		   "the offsets are not the outside's (its timens_offsets: 0 0)");
	if (late_write(s->run.c.pid, probe_fault(a, "fresh-ns"), &late, &e) < 0) {
		tap_broken(t, &e, "a late write of the offsets");
		return;
	}
	tap_expect_errno(t, EACCES, late ? -1 : 0, late,
			 "once a process is in, the offsets cannot change (EACCES)");
}

static const struct tp_probe probe = { outside };

TP_PROBE_MAIN("timens_offsets_file", faults, &probe,
	      "/proc/<pid>/timens_offsets shows a time namespace's offsets, fixed "
	      "once a process is in")
