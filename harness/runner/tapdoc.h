/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A probe's TAP output, parsed.  The runner never trusts a probe: anything
 * that is not well-formed TAP 13/14 is recorded in `errors` (with its line
 * number) rather than rejected, so that the verdict can say exactly what
 * was wrong with the output of a probe that crashed or printed garbage.
 */
#ifndef NSP_RUNNER_TAPDOC_H
#define NSP_RUNNER_TAPDOC_H

#include <stdbool.h>
#include <stddef.h>

enum tap_directive { TAPD_NONE, TAPD_SKIP, TAPD_TODO };

struct tap_point {
	int number;		/* as written; 0 if the line had none */
	bool ok;
	enum tap_directive directive;
	char *desc;		/* description without "- " and directive */
	char *reason;		/* directive text, or NULL */
	char *yaml;		/* YAML block body, de-indented, '\n'-joined; or NULL */
	char *diag;		/* the "# ..." lines just before it, without "# ",
				 * '\n'-joined; or NULL */
	bool broken;		/* YAML said "severity: broken" */
};

struct tap_doc {
	int version;		/* 12 when there was no version line, 13 or 14 */
	int plan;		/* planned count, -1 if no plan line */
	bool plan_at_end;	/* plan came after the points */
	char *skip_all;		/* reason of "1..0 # SKIP reason", or NULL */
	bool bailed;
	char *bail_reason;
	size_t npoints;
	struct tap_point *points;
	size_t nerrors;
	char **errors;		/* "line 7: ..." what was not valid TAP */
};

/*
 * Parse `len` bytes of TAP.  Only fails (returns -1, errno ENOMEM) when
 * memory runs out; malformed input is reported through doc->errors.
 * NUL bytes and invalid UTF-8 are errors of the document, not of the call.
 */
int tap_doc_parse(const char *text, size_t len, struct tap_doc *doc);
void tap_doc_free(struct tap_doc *doc);

#endif
