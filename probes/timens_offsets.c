// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * timens_offsets — a time namespace shifts CLOCK_MONOTONIC and
 * CLOCK_BOOTTIME by its offsets, for its members only (time_namespaces(7)).
 *
 * Outside role (this process, root): a runtime-core container whose time
 * namespace gets monotonic +2 days and boottime +3 days, written before
 * its init enters (fixtures/timeprobe.h).  The outside reads its clocks,
 * asks the inside for its own, and reads again: the kernel rules
 * asserted are
 *
 *   - the inside is in a time namespace of its own (and its children's);
 *   - the inside's CLOCK_MONOTONIC and CLOCK_BOOTTIME lie between the
 *     outside's two readings plus the offset (clock_gettime and the vDSO
 *     add the namespace's offsets), and a child forked inside's too;
 *   - CLOCK_REALTIME is not offset.
 *
 * (The offsets file and its write rule: timens_offsets_file; absolute
 * timers: timens_timers.)
 *
 *   --fault no-timens    no time namespace, no offsets: not ok
 *   --fault shared-time  the outside joins the inside's time namespace
 *                        before it looks: the comparisons report not ok
 */
#include <stdio.h>

#include "fixtures/timeprobe.h"
#include "lib/tap.h"

static const char *const faults[] = { "no-timens", "shared-time", NULL };

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

/* Outside (this process, root; in the inside's time namespace under
 * --fault shared-time), while the container lives. */
static void outside(struct tap *t, struct twoside *s, const struct probe_args *a)
{
	struct tp_readings in;
	struct ns_ident ours;
	struct nsp_err e = { 0 };
	int64_t m0 = tt_now(CLOCK_MONOTONIC), b0 = tt_now(CLOCK_BOOTTIME),
		r0 = tt_now(CLOCK_REALTIME), m1, b1, r1;

	(void)a;
	if (tp_read(s->fd, &in, &e) < 0 || ns_ident_of(0, "time", &ours, &e) < 0) {
		tap_broken(t, &e, "the inside reads its clocks");
		return;
	}
	m1 = tt_now(CLOCK_MONOTONIC), b1 = tt_now(CLOCK_BOOTTIME), r1 = tt_now(CLOCK_REALTIME);
	tap_expect(t, !ns_ident_eq(&in.time, &ours) && ns_ident_eq(&in.time, &in.time_for_children),
		   "a time namespace of its own (and its children's)", "ours",
		   "the inside is in a time namespace of its own");
	check_between(t, m0, in.mono, m1, TP_OFF_MONO,
		      "inside, CLOCK_MONOTONIC is ours + the monotonic offset (2 days)");
	check_between(t, b0, in.boot, b1, TP_OFF_BOOT,
		      "inside, CLOCK_BOOTTIME is ours + the boottime offset (3 days)");
	check_between(t, m0, in.child_mono, m1, TP_OFF_MONO,
		      "a child forked inside has the same CLOCK_MONOTONIC offset");
	check_between(t, r0, in.real, r1, 0, "inside, CLOCK_REALTIME is not offset");
}

static const struct tp_probe probe = { outside };

TP_PROBE_MAIN("timens_offsets", faults, &probe,
	      "time namespace offsets: monotonic and boottime shifted inside only, "
	      "realtime not")
