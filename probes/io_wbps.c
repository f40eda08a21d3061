// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * io_wbps — a write limit of LIMIT bytes/s on a block device (v2 io.max
 * wbps, v1 blkio.throttle.write_bps_device) holds for a container's
 * writes, measured from the group's own counters (io.stat wbytes, v1
 * blkio.throttle.io_service_bytes Write), while a writer outside the
 * group is not held to it.
 *
 * Outside role (this process, root): makes a loop device backed by a
 * memfd (fixtures/loopdev.h: nothing on any filesystem, unbound however
 * the probe ends), launches a container (pid, mnt namespaces) in a group
 * with the limit for that device, and hands its init the device, opened
 * O_DIRECT (buffered writes reach the device from the flusher, outside
 * any group on v1).  On GO init writes TOTAL bytes in CHUNK writes, from
 * WRITERS threads so that the throttle always has one queued, and reports
 * at the end; the outside then reads the group's counter (bytes are
 * counted as they are submitted) and judges it against the time since
 * GO.  Then the outside writes the same amount itself.  Where no loop
 * device can be made: skip, with the reason.  The same case runs again on
 * a real disk where there is one of ours: the virtio disk `make check-vm`
 * attaches (fixtures/scratchdisk.h: proved ours before it is written to);
 * its points say "virtio disk:", and skip with the reason elsewhere.
 *
 * Tolerance: blk-throttle works in slices and lets a group start with one
 * slice's worth (at most SLICE_MS) at once, so the group may have written
 * LIMIT x (time + SLICE_MS) plus TOL_PCT percent.  Writing slower than
 * LIMIT x time less TOL_PCT percent is broken, with the figures, when the
 * unthrottled writer was not OUT_FACTOR times faster than the limit (the
 * device or the host was too slow to tell); else it fails.
 *
 *   --fault no-limit   no write limit for the device: the container writes
 *                      at full speed and the limit check reports not ok.
 */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fixtures/cgrun.h"
#include "fixtures/loopdev.h"
#include "fixtures/memhog.h"
#include "fixtures/probeargs.h"
#include "fixtures/scratchdisk.h"
#include "lib/needs.h"
#include "lib/tap.h"

#define KIB 1024LL
#define LIMIT (4096 * KIB)	/* bytes per second */
#define CHUNK (64 * KIB)
#define WRITERS 4
#define SLICE_MS 100
#define TOTAL (2048 * KIB)
#define TOL_PCT 15
#define OUT_FACTOR 4
enum { STEP_GO = 1 };

static const struct probe_needs needs = CGRUN_NEEDS("io");

static const char *const faults[] = { "no-limit", NULL };

/* The device a case writes to, and the prefix of its points. */
struct io_target {
	int fd;			/* O_DIRECT, inherited by the container */
	const char *dev;	/* "MAJ:MIN" */
	const char *label;	/* "" (the loop device) or "virtio disk: " */
};

/* A case's points, in order (skipped by name where its device is missing). */
enum { PT_WITHIN, PT_RATE, PT_OUTSIDE, PT_COUNTED, PT_COUNT };
static const char *const points[PT_COUNT] = {
	[PT_WITHIN] = "inside: the group's writes stay within the limit",
	[PT_RATE] = "inside: the group's writes get the limit's rate",
	[PT_OUTSIDE] = "outside: a writer outside the group is not held to the limit",
	[PT_COUNTED] = "outside: the group's counter has every byte it wrote",
};

/*
 * TOTAL bytes in CHUNKs from offset 0, WRITERS threads at once so that
 * the throttle always has a write queued (one synchronous writer loses
 * the gaps between its writes, rounded up to jiffies).
 */
struct writing {
	int dev;
	atomic_llong next, done;
	atomic_int failed;
	struct nsp_err e;
};

static void *writer(void *arg)
{
	struct writing *w = arg;
	long long off;
	void *buf;

	if (posix_memalign(&buf, 4096, CHUNK) != 0) {
		w->failed = ENOMEM;
		return NULL;
	}
	memset(buf, 0x5a, CHUNK);
	while (!w->failed && (off = atomic_fetch_add(&w->next, CHUNK)) < TOTAL) {
		if (pwrite(w->dev, buf, CHUNK, off) != CHUNK) {
			w->failed = errno ? errno : EIO;
			break;
		}
		atomic_fetch_add(&w->done, CHUNK);
	}
	free(buf);
	return NULL;
}

static int write_all(int dev, struct nsp_err *e)
{
	struct writing w = { .dev = dev };
	pthread_t th[WRITERS];
	int n = 0;

	while (n < WRITERS && pthread_create(&th[n], NULL, writer, &w) == 0)
		n++;
	if (n < WRITERS)
		w.failed = EAGAIN;
	while (n > 0)
		pthread_join(th[--n], NULL);
	if (w.failed)
		return nsp_err_set(e, w.failed, "write the device (%lld of %lld bytes written)",
				   (long long)w.done, TOTAL);
	return 0;
}

/* Container init, in the group: on GO, write through the inherited device fd; say how it went. */
static int init_main(void *arg, int fd, int mfd)
{
	const struct io_target *d = arg;
	struct nsp_err res = { 0 }, e;

	(void)mfd;
	if (nsp_sync_wait(fd, STEP_GO, &e) < 0)
		return 2;
	write_all(d->fd, &res);
	if (nsp_sync_send_result(fd, &res, &e) < 0 || res.errnum)
		return 2;
	memhog_hold(fd);
	return 0;
}

/* Bytes per second. */
static long long rate(long long bytes, long long us)
{
	return us > 0 ? bytes * 1000000 / us : 0;
}

static void check_rate(struct tap *t, const char *label, long long counted, long long us,
		       long long out)
{
	long long hi = LIMIT * (us / 1000 + SLICE_MS) / 1000 * (100 + TOL_PCT) / 100;
	long long lo = LIMIT * us / 1000000 * (100 - TOL_PCT) / 100;
	struct nsp_err slow = { 0 };
	char exp[96], got[64];

	snprintf(got, sizeof(got), "%lld bytes in %lld µs", counted, us);
	snprintf(exp, sizeof(exp), "<= %lld (limit x (time + %d ms) + %d%%)", hi, SLICE_MS,
		 TOL_PCT);
	tap_expect(t, counted <= hi, exp, got, "%s%s", label, points[PT_WITHIN]);
	snprintf(exp, sizeof(exp), ">= %lld (limit x time - %d%%)", lo, TOL_PCT);
	if (counted < lo && out < OUT_FACTOR * LIMIT) {
		nsp_err_set(&slow, 0, "device or host too slow to tell: %lld B/s inside, %lld B/s "
			    "unthrottled", rate(counted, us), out);
		tap_broken(t, &slow, "%s%s", label, points[PT_RATE]);
	} else {
		tap_expect(t, counted >= lo, exp, got, "%s%s", label, points[PT_RATE]);
	}
	snprintf(exp, sizeof(exp), ">= %lld B/s (%d x the limit)", OUT_FACTOR * LIMIT, OUT_FACTOR);
	snprintf(got, sizeof(got), "%lld B/s", out);
	tap_expect(t, out >= OUT_FACTOR * LIMIT, exp, got, "%s%s", label, points[PT_OUTSIDE]);
}

static void observe(struct tap *t, struct core_container *c, int fd, void *arg)
{
	const struct io_target *d = arg;
	struct nsp_err e = { 0 };
	long long t0 = cgrun_clock_us(CLOCK_MONOTONIC), us, counted, out;

	if (nsp_sync_wake(fd, STEP_GO, &e) < 0 || nsp_sync_recv_result(fd, &e) < 0 ||
	    core_cgroup_get_dev(&c->cg, CG_IO_WBYTES, d->dev, &counted, &e) < 0) {
		tap_broken(t, &e, "%sa container writing to %s with a write limit", d->label,
			   d->dev);
		return;
	}
	us = cgrun_clock_us(CLOCK_MONOTONIC) - t0;
	t0 = cgrun_clock_us(CLOCK_MONOTONIC);
	if (write_all(d->fd, &e) < 0) {
		tap_broken(t, &e, "%s%s", d->label, points[PT_OUTSIDE]);
		return;
	}
	out = rate(TOTAL, cgrun_clock_us(CLOCK_MONOTONIC) - t0);
	tap_diag(t, "measured on %s: %lld bytes in %lld µs in the group (%lld B/s, limit %lld), "
		 "%lld B/s outside", d->dev, counted, us, rate(counted, us), LIMIT, out);
	check_rate(t, d->label, counted, us, out);
	tap_expect_long(t, TOTAL, (long)counted, "%s%s", d->label, points[PT_COUNTED]);
}

/* One case: a container limited on d's device writes to it. */
static void run_on(struct tap *t, const struct probe_args *a, struct io_target *d)
{
	struct cg_limit limit = { CG_IO_MAX_WBPS, LIMIT, d->dev, NULL };
	const struct cgrun_probe p = {
		.namespaces = needs.namespaces,
		.ctrls = CG_CTRL_BIT(CG_CTRL_IO),
		.limits = &limit,
		.nlimits = !probe_fault(a, "no-limit"),
		.init = init_main,
		.observe = observe,
		.arg = d,
	};

	cgrun_case(t, &p);
}

static void skip_points(struct tap *t, const char *label, const struct nsp_err *why)
{
	char reason[sizeof(why->msg) + 32];

	snprintf(reason, sizeof(reason), "%s (%s)", why->msg, nsp_errno_name(why->errnum));
	for (int i = 0; i < PT_COUNT; i++)
		tap_skip(t, reason, "%s%s", label, points[i]);
}

/* The errnos that mean "no such device here": a skip, not a breakage. */
static bool absent(int errnum)
{
	return errnum == ENOENT || errnum == EPERM || errnum == ENODEV || errnum == ENXIO ||
	       errnum == EACCES || errnum == EMEDIUMTYPE;
}

static int outside(struct tap *t, const struct probe_args *a)
{
	struct loopdev l = LOOPDEV_INIT;
	struct scratchdisk sd = SCRATCHDISK_INIT;
	struct nsp_err le = { 0 }, de = { 0 }, e = { 0 };
	bool loop_ok = loopdev_create(&l, 2 * TOTAL, &le) == 0;
	bool disk_ok = scratchdisk_open(&sd, &de) == 0;

	if (!loop_ok && !absent(le.errnum))
		tap_broken(t, &le, "make a loop device");
	if (!loop_ok && !disk_ok && absent(le.errnum) && absent(de.errnum))
		return tap_skip_all(t, "no block device can be made here: %s (%s)", le.msg,
				    nsp_errno_name(le.errnum));
	if (cgrun_clean_stale(&e) < 0) {
		tap_broken(t, &e, "remove stale groups");
	} else {
		struct io_target on_loop = { l.fd, l.dev, "" }, on_disk = { sd.fd, sd.dev,
									"virtio disk: " };

		if (loop_ok)
			run_on(t, a, &on_loop);
		else if (absent(le.errnum))
			skip_points(t, on_loop.label, &le);
		if (disk_ok)
			run_on(t, a, &on_disk);
		else if (absent(de.errnum))
			skip_points(t, on_disk.label, &de);
		else
			tap_broken(t, &de, "virtio disk: open the scratch disk");
	}
	scratchdisk_close(&sd);
	if (loopdev_destroy(&l, &e) < 0)
		tap_broken(t, &e, "remove the loop device");
	return tap_done(t);
}

int main(int argc, char **argv)
{
	static const struct probe_main m = {
		.name = "io_wbps", .needs = &needs, .faults = faults,
		.summary = "io.max wbps / blkio write_bps_device holds for a group's writes",
		.outside = outside, .no_inside = CGRUN_NO_INSIDE,
	};

	return probe_main(&m, argc, argv);
}
