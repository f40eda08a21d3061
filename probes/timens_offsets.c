// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * timens_offsets — a time namespace shifts CLOCK_MONOTONIC and
 * CLOCK_BOOTTIME by its offsets, for its members only (time_namespaces(7)).
 *
 * Outside role (this process, root): a runtime-core container whose time
 * namespace gets monotonic +2 days and boottime +3 days, written before
 * its init enters (runtime/lend.h).  The outside reads its clocks, asks
 * the inside for its own, and reads again: the kernel rules asserted are
 *
 *   - the inside's CLOCK_MONOTONIC and CLOCK_BOOTTIME lie between the
 *     outside's two readings plus the offset (clock_gettime and the vDSO
 *     add the namespace's offsets), and a child forked inside too;
 *   - CLOCK_REALTIME is not offset;
 *   - /proc/<pid>/timens_offsets shows them for the inside, zero for us;
 *   - once a process is in, the offsets are fixed: EACCES on write;
 *   - an absolute timerfd on CLOCK_MONOTONIC and an absolute
 *     clock_nanosleep on CLOCK_BOOTTIME, armed inside at its now + 50 ms,
 *     fire no earlier and within a bound (the kernel converts the
 *     namespace's time to the host's: timens_ktime_to_host).
 *
 *   --fault no-timens    no time namespace, no offsets: not ok
 *   --fault fresh-ns     the late write goes to a namespace nobody entered
 *   --fault host-clock   the timers are armed at the outside's now + 50 ms
 *   --fault shared-time  the outside joins the inside's time namespace
 *                        before it looks: the comparisons report not ok
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fixtures/probeargs.h"
#include "fixtures/timetest.h"
#include "fixtures/twoside.h"
#include "fixtures/usertest.h"
#include "lib/needs.h"
#include "lib/nsfile.h"
#include "lib/syncfork.h"
#include "lib/tap.h"

#define OFF_MONO (2 * 86400LL)
#define OFF_BOOT (3 * 86400LL)
#define DELAY (50 * 1000000LL)	/* 50 ms */

static const struct probe_needs needs = {
	.caps_sys_admin = true,
	.namespaces = CLONE_NEWTIME,
	.kconfig = (const char *const[]){ "CONFIG_TIME_NS", NULL },
	.timeout = 30,
};

static const char *const faults[] = { "no-timens", "fresh-ns", "host-clock", "shared-time",
				      NULL };

enum ask { Q_READ = 1, Q_TIMERFD, Q_SLEEP };

struct question {
	enum ask what;
	int64_t base;		/* timers: arm at base + DELAY (0: own now) */
};

struct readings {
	struct nsp_err err;
	int64_t mono, boot, real, child_mono;
	struct ns_ident time, time_for_children;
};

struct timed {
	struct nsp_err err;
	struct tt_timer r;
};

/* Forked inside: its own CLOCK_MONOTONIC. */
static int child_clock(void *arg, void *out, struct nsp_err *e)
{
	(void)arg;
	(void)e;
	*(int64_t *)out = tt_now(CLOCK_MONOTONIC);
	return 0;
}

static void read_clocks(struct readings *r)
{
	r->mono = tt_now(CLOCK_MONOTONIC);
	r->boot = tt_now(CLOCK_BOOTTIME);
	r->real = tt_now(CLOCK_REALTIME);
	if (fork_call(child_clock, NULL, &r->child_mono, sizeof(r->child_mono), NULL, &r->err) == 0 &&
	    ns_ident_of(0, "time", &r->time, &r->err) == 0)
		ns_ident_of(0, "time_for_children", &r->time_for_children, &r->err);
}

static void arm(const struct question *q, struct timed *t)
{
	clockid_t clock = q->what == Q_TIMERFD ? CLOCK_MONOTONIC : CLOCK_BOOTTIME;
	int64_t delay = q->base ? q->base + DELAY - tt_now(clock) : DELAY;

	if (q->what == Q_TIMERFD)
		tt_timerfd_abs(clock, delay, &t->r, &t->err);
	else
		tt_nanosleep_abs(clock, delay, &t->r, &t->err);
}

/* Container init, in its time namespace: answer until end-of-file. */
static int inside(struct tap *t, struct twoside *s)
{
	struct question q;
	struct nsp_err e;

	(void)t;
	while (nsp_sync_recv(s->fd, &q, sizeof(q), &e) == 0) {
		struct readings r = { 0 };
		struct timed tm = { 0 };
		int rc = q.what == Q_READ ? (read_clocks(&r), nsp_sync_send(s->fd, &r, sizeof(r), &e))
					  : (arm(&q, &tm), nsp_sync_send(s->fd, &tm, sizeof(tm), &e));

		if (rc < 0)
			return TAP_EXIT_BROKEN;
	}
	return e.errnum == EPIPE ? 0 : TAP_EXIT_BROKEN;
}

static int ask(int fd, const struct question *q, void *answer, size_t len, struct nsp_err *e)
{
	if (nsp_sync_send(fd, q, sizeof(*q), e) < 0 || nsp_sync_recv(fd, answer, len, e) < 0)
		return -1;
	if (((const struct nsp_err *)answer)->msg[0]) {
		*e = *(const struct nsp_err *)answer;
		return -1;
	}
	return 0;
}

/* got - off within [lo, hi]: the inside read between our two readings. */
static void check_between(struct tap *t, int64_t lo, int64_t got, int64_t hi, long long off,
			  const char *what)
{
	char want[96], gotx[64];

	snprintf(want, sizeof(want), "ours + %lld s, within [%lld, %lld] ns", off, (long long)lo,
		 (long long)hi);
	snprintf(gotx, sizeof(gotx), "ours + %lld ns", (long long)(got - lo));
	tap_expect(t, got - off * TT_NS >= lo && got - off * TT_NS <= hi, want, gotx, "%s", what);
}

static void check_clocks(struct tap *t, int fd)
{
	struct question q = { Q_READ, 0 };
	struct readings in;
	struct ns_ident ours;
	struct nsp_err e = { 0 };
	int64_t m0 = tt_now(CLOCK_MONOTONIC), b0 = tt_now(CLOCK_BOOTTIME),
		r0 = tt_now(CLOCK_REALTIME), m1, b1, r1;

	if (ask(fd, &q, &in, sizeof(in), &e) < 0 || ns_ident_of(0, "time", &ours, &e) < 0) {
		tap_broken(t, &e, "the inside reads its clocks");
		return;
	}
	m1 = tt_now(CLOCK_MONOTONIC), b1 = tt_now(CLOCK_BOOTTIME), r1 = tt_now(CLOCK_REALTIME);
	tap_expect(t, !ns_ident_eq(&in.time, &ours) && ns_ident_eq(&in.time, &in.time_for_children),
		   "a time namespace of its own (and its children's)", "ours",
		   "the inside is in a time namespace of its own");
	check_between(t, m0, in.mono, m1, OFF_MONO,
		      "inside, CLOCK_MONOTONIC is ours + the monotonic offset (2 days)");
	check_between(t, b0, in.boot, b1, OFF_BOOT,
		      "inside, CLOCK_BOOTTIME is ours + the boottime offset (3 days)");
	check_between(t, m0, in.child_mono, m1, OFF_MONO,
		      "a child forked inside has the same CLOCK_MONOTONIC offset");
	check_between(t, r0, in.real, r1, 0, "inside, CLOCK_REALTIME is not offset");
}

/* The offsets file: the inside's shows them, ours none; then a late
 * write (EACCES: someone is in).  The fault writes to a fresh one. */
static int fresh_ns(void *arg, void *out, struct nsp_err *e)
{
	(void)arg;
	if (unshare(CLONE_NEWTIME) < 0)
		return nsp_err_sys(e, "unshare(CLONE_NEWTIME)");
	*(int *)out = ut_write(0, "timens_offsets", "monotonic 1 0", e) < 0 ? e->errnum : 0;
	nsp_err_clear(e);
	return 0;
}

static void check_offsets_file(struct tap *t, pid_t inside, bool fault_fresh)
{
	long long mono = -1, boot = -1, our_mono = -1, our_boot = -1;
	struct nsp_err e = { 0 };
	int late = 0;

	if (tt_offsets(inside, &mono, &boot, &e) < 0 || tt_offsets(0, &our_mono, &our_boot, &e) < 0) {
		tap_broken(t, &e, "read the timens_offsets files");
		return;
	}
	tap_expect(t, mono == OFF_MONO && boot == OFF_BOOT, "monotonic 172800, boottime 259200",
		   "other offsets", "the inside's /proc/<pid>/timens_offsets shows its offsets");
	tap_expect(t, !our_mono && !our_boot, "0 0", "offsets",
		   "the offsets are not the outside's (its timens_offsets: 0 0)");
	if (fault_fresh ? fork_call(fresh_ns, NULL, &late, sizeof(late), NULL, &e) < 0 :
	    (late = ut_write(inside, "timens_offsets", "monotonic 1 0", &e) < 0 ? e.errnum : 0, 0)) {
		tap_broken(t, &e, "a late write of the offsets");
		return;
	}
	tap_expect_errno(t, EACCES, late ? -1 : 0, late,
			 "once a process is in, the offsets cannot change (EACCES)");
}

static void check_timer(struct tap *t, int fd, enum ask what, bool host_clock)
{
	clockid_t clock = what == Q_TIMERFD ? CLOCK_MONOTONIC : CLOCK_BOOTTIME;
	struct question q = { what, host_clock ? tt_now(clock) : 0 };
	const char *name = what == Q_TIMERFD ? "an absolute CLOCK_MONOTONIC timerfd"
					     : "an absolute CLOCK_BOOTTIME clock_nanosleep";
	struct timed tm;
	struct nsp_err e = { 0 };
	char got[64];

	if (ask(fd, &q, &tm, sizeof(tm), &e) < 0) {
		tap_broken(t, &e, "%s armed inside", name);
		return;
	}
	snprintf(got, sizeof(got), "%s after %lld ms", tm.r.fired ? "fired" : "not fired",
		 (long long)((tm.r.woke_at - tm.r.armed_at) / 1000000));
	tap_expect(t, tm.r.fired && tm.r.woke_at >= tm.r.target &&
		   tm.r.woke_at - tm.r.armed_at >= DELAY, "fired after 50 ms, within 5 s", got,
		   "%s at the inside's now + 50 ms wakes then (offset honoured)", name);
}

static void outside(struct tap *t, struct twoside *s)
{
	const struct probe_args *a = s->arg;
	struct nsp_err e = { 0 };

	if (probe_fault(a, "shared-time") &&
	    ns_join(s->run.c.pid, "time", CLONE_NEWTIME, &e) < 0) {
		tap_broken(t, &e, "the outside joins the inside's time namespace");
		return;
	}
	check_clocks(t, s->fd);
	check_offsets_file(t, s->run.c.pid, probe_fault(a, "fresh-ns"));
	check_timer(t, s->fd, Q_TIMERFD, probe_fault(a, "host-clock"));
	check_timer(t, s->fd, Q_SLEEP, probe_fault(a, "host-clock"));
}

static int run(struct tap *t, const struct probe_args *a)
{
	struct twoside s = { .inside = inside, .outside = outside, .silent = true,
			     .arg = (void *)a };

	if (!probe_fault(a, "no-timens")) {
		s.spec.namespaces = CLONE_NEWTIME;
		s.spec.time = (struct core_time_offsets){ true, OFF_MONO, OFF_BOOT };
	}
	twoside_run(t, &s);
	return tap_done(t);
}

int main(int argc, char **argv)
{
	static const struct probe_main m = {
		.name = "timens_offsets", .needs = &needs, .faults = faults, .outside = run,
		.summary = "time namespace offsets: monotonic and boottime shifted inside only, "
			   "realtime not, fixed once entered, honoured by absolute timers",
		.no_inside = "it compares the clocks of a container it launches with its own",
	};

	return probe_main(&m, argc, argv);
}
