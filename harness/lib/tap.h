/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * TAP writer and the four outcomes of a check.
 *
 *   pass    the kernel did what it promises         ok N - desc
 *   fail    the kernel did something else           not ok N - desc  (severity: fail)
 *   broken  our own setup failed, nothing learned   not ok N - desc  (severity: broken)
 *   skip    does not apply here, with the reason    ok N - desc # SKIP reason
 *
 * A failure carries a YAML block with expected/got and the errno when a
 * call's result was the thing checked.  A probe's exit status is the OR of
 * TAP_EXIT_FAIL and TAP_EXIT_BROKEN for what happened, or TAP_EXIT_SKIP
 * when every point was skipped, so the runner can tell "kernel wrong" from
 * "harness wrong" even without reading the TAP.
 */
#ifndef NSP_LIB_TAP_H
#define NSP_LIB_TAP_H

#include <stdbool.h>
#include <stdio.h>

#include "lib/err.h"

enum tap_outcome { TAP_PASS, TAP_FAIL, TAP_BROKEN, TAP_SKIP, TAP_NOUTCOMES };

enum {
	TAP_EXIT_PASS = 0,
	TAP_EXIT_FAIL = 1,
	TAP_EXIT_BROKEN = 2,
	TAP_EXIT_SKIP = 4,
};

struct tap {
	FILE *out;
	int last;		/* number of the last test point written */
	int planned;		/* plan printed up front, or -1 */
	unsigned counts[TAP_NOUTCOMES];
	bool bailed;
	bool done;
	const char *todo;	/* reason for the next point's TODO, or NULL */
	struct tap_guard *guard;	/* asked before a fail is written, or NULL */
};

/*
 * The environment's alibi check.  Before a point is written as a kernel
 * failure the guard is asked whether something outside the kernel's
 * promise explains it (a global OOM killed our helper, say); when it
 * writes a reason into buf and returns true, the point is written as
 * broken with that reason, keeping its expected/got, because such a
 * result says nothing about the kernel.  A TODO point (a known kernel
 * bug, which fails no run) is never asked.  The guard must outlive the
 * points it watches (tap_set_guard(t, NULL) ends it).
 */
struct tap_guard {
	bool (*explain)(struct tap_guard *g, char *buf, size_t len);
};
void tap_set_guard(struct tap *t, struct tap_guard *g);

/* What a failed point says about itself; any field may be NULL/0. */
struct tap_yaml {
	const char *expected;
	const char *got;
	int errnum;		/* errno of the call whose result was checked */
	const char *error;	/* free text: what went wrong (broken) */
};

/* Starts the stream with "TAP version 13". */
void tap_init(struct tap *t, FILE *out);
void tap_plan(struct tap *t, int n);

void tap_result(struct tap *t, enum tap_outcome o, const struct tap_yaml *y,
		const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void tap_pass(struct tap *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void tap_skip(struct tap *t, const char *reason, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Our setup failed: not ok with severity broken and the error chain. */
void tap_broken(struct tap *t, const struct nsp_err *e, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/*
 * The next point is a known kernel bug: it is written with "# TODO reason"
 * (YAML and all when it fails) and counted with the skips, so it is seen
 * in every report without failing the run; a kernel that fixes the bug
 * shows it as a passing TODO.  `reason` must outlive that point.
 */
void tap_todo(struct tap *t, const char *reason);
void tap_diag(struct tap *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Checks: each writes one point, pass or fail, and returns whether it passed.
 * `desc` is printf-style and says what must hold, not what was done.
 */
bool tap_expect(struct tap *t, bool cond, const char *expected,
		const char *got, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
bool tap_expect_long(struct tap *t, long expected, long got,
		     const char *fmt, ...) __attribute__((format(printf, 4, 5)));
bool tap_expect_str(struct tap *t, const char *expected, const char *got,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
bool tap_expect_strne(struct tap *t, const char *unwanted, const char *got,
		      const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* The call returned `ret` with errno `got_errno`: expect -1 and `want`. */
bool tap_expect_errno(struct tap *t, int want, long ret, int got_errno,
		      const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* The call must succeed (ret != -1); otherwise fail with its errno. */
bool tap_expect_ok(struct tap *t, long ret, int got_errno, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* The whole probe does not apply: "1..0 # SKIP reason"; returns the exit code. */
int tap_skip_all(struct tap *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/*
 * "Bail out! reason: msg: strerror": stop now, our setup cannot go on, and
 * the error that stopped it (errno kept) reaches the report.  e may be
 * NULL: "Bail out! reason".  Returns the exit code.
 */
int tap_bail_err(struct tap *t, const struct nsp_err *e, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
#define tap_bail(t, ...) tap_bail_err(t, NULL, __VA_ARGS__)
/* Trailing plan if none was given; returns the probe's exit status. */
int tap_done(struct tap *t);
int tap_exit_code(const struct tap *t);

/*
 * A forked child that wrote points on the same stream hands its numbering
 * and counts back to the parent, which goes on from there.
 */
int tap_send_state(const struct tap *t, int fd, struct nsp_err *e);
int tap_recv_state(struct tap *t, int fd, struct nsp_err *e);

#endif
