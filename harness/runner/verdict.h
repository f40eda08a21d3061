/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The verdict on one suite entry: what its TAP says plus what happened to
 * its process.  Problems the probe cannot report itself (timeout, killed by
 * a signal, exec failure, malformed TAP, missing or wrong plan, an exit
 * status that contradicts the TAP) become synthetic points appended after
 * the probe's own, always `not ok` with severity broken — never a pass and
 * never a kernel failure.
 *
 * Counting: every point counts once as passed, failed (fail or broken) or
 * skipped (SKIP, and TODO whatever its result); a probe that skipped as a
 * whole ("1..0 # SKIP reason") counts as one skipped.
 */
#ifndef NSP_RUNNER_VERDICT_H
#define NSP_RUNNER_VERDICT_H

#include <stdbool.h>
#include <stdio.h>

#include "runner/tapdoc.h"

/* What the runner saw of the probe process. */
struct run_outcome {
	int wait_status;	/* from waitpid(); ignored if exec_errno */
	int exec_errno;		/* the probe could not be started at all */
	bool timed_out;
	double timeout_s;	/* the limit that was applied */
	bool interrupted;	/* killed because the runner was told to stop */
	double seconds;		/* wall time */
	const char *stderr_text; /* what it wrote on stderr (may be NULL) */
};

struct verdict {
	struct tap_doc doc;	/* probe's points, then synthetic ones */
	unsigned passed, failed, broken, skipped;
	bool ok;		/* nothing failed or broke */
	char *directive;	/* for the summary line: "SKIP reason",
				 * "TIMEOUT after 10 s", or NULL */
};

/* Judge `len` bytes of probe stdout.  -1 only on ENOMEM. */
int verdict_judge(const char *tap, size_t len, const struct run_outcome *o,
		  struct verdict *v);
void verdict_free(struct verdict *v);

/*
 * Write the entry as a TAP 13/14 subtest at top-level number `number`:
 *     # Subtest: NAME
 *         1..M
 *         ok 1 - ...
 *         not ok 2 - ...
 *           ---
 *           ...
 *     ok|not ok NUMBER - NAME [# SKIP reason | # TIMEOUT ...]
 * The nested points are re-rendered from the parsed document (never the
 * raw bytes), so garbage from a probe cannot break the outer stream. With
 * version 14 the subtest plan comes first as TAP 14 requires.  Lines of
 * stderr are added as '#' comments inside the subtest when not ok.
 */
void verdict_render(FILE *out, int number, const char *name,
		    const struct verdict *v, const struct run_outcome *o,
		    int tap_version);

#endif
