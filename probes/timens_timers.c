// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * timens_timers — absolute timers inside a time namespace are armed and
 * fire in the namespace's time (time_namespaces(7): the kernel converts
 * the namespace's time to the host's, timens_ktime_to_host).
 *
 * Outside role (this process, root): a runtime-core container whose time
 * namespace gets monotonic +2 days and boottime +3 days, written before
 * its init enters (fixtures/timeprobe.h).  The inside arms an absolute
 * timerfd on CLOCK_MONOTONIC and an absolute clock_nanosleep on
 * CLOCK_BOOTTIME at its own now + 50 ms: each fires no earlier, and
 * within a bound.
 *
 *   --fault host-clock   the timers are armed at the outside's now +
 *                        50 ms: days in the inside's past, they fire at
 *                        once (not ok)
 */
#include <stdio.h>

#include "fixtures/timeprobe.h"
#include "lib/tap.h"

static const char *const faults[] = { "host-clock", NULL };

static void check_timer(struct tap *t, int fd, clockid_t clock, bool host_clock)
{
	const char *name = clock == CLOCK_MONOTONIC ? "an absolute CLOCK_MONOTONIC timerfd"
						    : "an absolute CLOCK_BOOTTIME clock_nanosleep";
	struct tp_timed tm;
	struct nsp_err e = { 0 };
	char got[64];

	if (tp_timer(fd, clock, host_clock ? tt_now(clock) : 0, &tm, &e) < 0) {
		tap_broken(t, &e, "%s armed inside", name);
		return;
	}
	snprintf(got, sizeof(got), "%s after %lld ms", tm.r.fired ? "fired" : "not fired",
		 (long long)((tm.r.woke_at - tm.r.armed_at) / 1000000));
	tap_expect(t, tm.r.fired && tm.r.woke_at >= tm.r.target &&
		   tm.r.woke_at - tm.r.armed_at >= TP_DELAY, "fired after 50 ms, within 5 s", got,
		   "%s at the inside's now + 50 ms wakes then (offset honoured)", name);
}

/* Outside (this process, root), while the container lives. */
static void outside(struct tap *t, struct twoside *s, const struct probe_args *a)
{
	check_timer(t, s->fd, CLOCK_MONOTONIC, probe_fault(a, "host-clock"));
	check_timer(t, s->fd, CLOCK_BOOTTIME, probe_fault(a, "host-clock"));
}

static const struct tp_probe probe = { outside };

TP_PROBE_MAIN("timens_timers", faults, &probe,
	      "absolute timerfd and clock_nanosleep in a time namespace fire in its time")
