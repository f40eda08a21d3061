// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The verdict on one suite entry, and its rendering as a TAP subtest.
 *
 * Judging.  Each check of checks[] looks at the parsed TAP and the process
 * outcome and adds at most one synthetic point (not ok, severity broken,
 * an "error:" that says what happened).  Decisions:
 *  - If the probe could not be started, that is the only point: nothing
 *    else about a process that never ran means anything.
 *  - Exit status and plan are judged only when the probe exited by itself:
 *    a timeout, a signal or an interrupt already explains a short output,
 *    and a bail out explains a missing plan.  One point per cause.
 *  - The exit status the TAP implies is computed as tap_exit_code() in
 *    probes/lib/tap.c does.  Exit 0 is accepted where the TAP says "all
 *    skipped" (4): both say nothing went wrong.  The reverse is not.
 *  - Counting: "failed (fail or broken)" in verdict.h is read as two
 *    disjoint fields: `failed` counts severity-fail points, `broken` the
 *    broken ones, so passed + failed + broken + skipped is the number of
 *    points (plus one for a skip-all).  report.c sums them that way.
 *  - The summary says "SKIP" when nothing failed and every point skipped,
 *    not only for "1..0 # SKIP": the entry did not apply here either way.
 *
 * Rendering (verdict_render.c).  Everything is re-rendered from the parsed document, and made
 * safe for both TAP::Parser (Debian's prove) and node's tap-parser:
 *  - descriptions: '\' and '#' escaped (TAP 14), control characters,
 *    U+2028 and U+2029 made spaces (tap-parser's regexes stop at them),
 *    invalid UTF-8 made U+FFFD, and trailing '{' dropped, because
 *    tap-parser reads a test point ending in '{' as the start of a
 *    buffered subtest (its own stringifier drops it the same way);
 *  - YAML: a broken block makes tap-parser (strict) fail the subtest, and
 *    a blank line or odd syntax in it makes prove's YAMLish reader abort
 *    the WHOLE stream ("No plan found"), so a body made only of
 *    `key: value` lines is re-emitted with every value a scalar both read
 *    alike (plain words as they are, anything else double-quoted), any
 *    other body is kept as one string under `raw_yaml:`, and an empty
 *    body is left out (an empty block also kills YAMLish);
 *  - stderr, when not ok: its last STDERR_LINES_MAX lines as comments;
 *  - the subtest plan is first with TAP 14 (its example and the header of
 *    verdict.h) and last with TAP 13, as TAP 13 producers (Test::More,
 *    node:test) write it; both consumers accept either place.
 */
#include "runner/verdict.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "lib/err.h"
#include "lib/tap.h"
#include "lib/taptext.h"

/* ---- text ------------------------------------------------------------- */

/*
 * Close a memory stream: 0 and its text in *text, or -1 with *text NULL
 * when memory ran out (a failed write may leave a short text, or none).
 */
static int mem_done(FILE *m, char **text)
{
	bool failed = ferror(m);

	if (fclose(m) != 0 || failed || !*text) {
		free(*text);
		*text = NULL;
		return -1;
	}
	return 0;
}

/* ---- synthetic points --------------------------------------------------- */


static char *synthetic_yaml(const char *error)
{
	char *body = NULL;
	size_t size;
	FILE *m = open_memstream(&body, &size);

	if (!m)
		return NULL;
	fputs("severity: broken\nerror: ", m);
	tt_yaml_quoted(m, error, strlen(error));
	mem_done(m, &body);
	return body;
}

static int add_synthetic(struct tap_doc *d, const char *desc, const char *error)
{
	struct tap_point *pts = realloc(d->points, (d->npoints + 1) * sizeof(*pts));
	struct tap_point *p;

	if (!pts)
		return -1;
	d->points = pts;
	p = &pts[d->npoints];
	memset(p, 0, sizeof(*p));
	p->broken = true;
	p->desc = strdup(desc);
	p->yaml = synthetic_yaml(error);
	d->npoints++;	/* counted even half-built, so verdict_free frees it */
	return p->desc && p->yaml ? 0 : -1;
}

/* ---- checks ------------------------------------------------------------- */

struct judge {
	const struct run_outcome *o;
	const struct tap_doc *doc;
	size_t points;		/* the probe's own, before synthetic ones */
	int tap_status;		/* the exit status its TAP implies */
};

static int found(char **error, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int found(char **error, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vasprintf(error, fmt, ap);
	va_end(ap);
	if (rc < 0) {
		*error = NULL;
		return -1;
	}
	return 1;
}

static bool exited_by_itself(const struct judge *j)
{
	return WIFEXITED(j->o->wait_status) && !j->o->timed_out && !j->o->interrupted;
}

static int check_tap_errors(const struct judge *j, char **error)
{
	size_t size;
	FILE *m;

	if (!j->doc->nerrors)
		return 0;
	m = open_memstream(error, &size);
	if (!m)
		return -1;
	fputs("the output is not valid TAP:", m);
	for (size_t i = 0; i < j->doc->nerrors; i++)
		fprintf(m, "\n%s", j->doc->errors[i]);
	return mem_done(m, error) < 0 ? -1 : 1;
}

static int check_bail(const struct judge *j, char **error)
{
	const char *why = j->doc->bail_reason;

	if (!j->doc->bailed)
		return 0;
	return found(error, "the probe bailed out: %s",
		     why && *why ? why : "no reason given");
}

static int check_timeout(const struct judge *j, char **error)
{
	if (!j->o->timed_out)
		return 0;
	return found(error, "no result within the time limit: killed after %g s",
		     j->o->timeout_s);
}

static int check_interrupted(const struct judge *j, char **error)
{
	if (!j->o->interrupted)
		return 0;
	return found(error, "the run was interrupted after %.1f s, the probe was stopped",
		     j->o->seconds);
}

static int check_signal(const struct judge *j, char **error)
{
	int st = j->o->wait_status, sig;

	if (j->o->timed_out || j->o->interrupted || !WIFSIGNALED(st))
		return 0;
	sig = WTERMSIG(st);
	return found(error, "killed by signal %d (%s)%s", sig, nsp_signal_name(sig),
		     WCOREDUMP(st) ? ", core dumped" : "");
}

static const char *status_name(int status)
{
	static const char *const names[] = {	/* by TAP_EXIT_* bits */
		"pass", "fail", "broken", "fail and broken", "all skipped",
	};

	if (status < 0 || status >= (int)(sizeof(names) / sizeof(names[0])))
		return "not a probe exit status";
	return names[status];
}

static int check_exit(const struct judge *j, char **error)
{
	int code;

	if (!exited_by_itself(j))
		return 0;
	code = WEXITSTATUS(j->o->wait_status);
	if (code == j->tap_status ||
	    (code == TAP_EXIT_PASS && j->tap_status == TAP_EXIT_SKIP))
		return 0;
	return found(error, "exit status %d (%s) but the TAP output says %d (%s)",
		     code, status_name(code), j->tap_status,
		     status_name(j->tap_status));
}

static int check_plan_present(const struct judge *j, char **error)
{
	if (!exited_by_itself(j) || j->doc->bailed || j->doc->plan >= 0)
		return 0;
	return found(error, "no plan line (1..N): the output ends after %zu test points",
		     j->points);
}

static int check_plan_count(const struct judge *j, char **error)
{
	const struct tap_doc *d = j->doc;

	if (!exited_by_itself(j) || d->bailed || d->plan < 0 || d->skip_all ||
	    (size_t)d->plan == j->points)
		return 0;
	return found(error, "planned %d test points, ran %zu", d->plan, j->points);
}

/* Each adds at most one point; `desc` says what must hold. */
static const struct check {
	const char *desc;
	int (*fn)(const struct judge *j, char **error);
} checks[] = {
	{ "probe output is valid TAP", check_tap_errors },
	{ "probe does not bail out", check_bail },
	{ "probe finishes within its time limit", check_timeout },
	{ "probe run is not interrupted", check_interrupted },
	{ "probe is not killed by a signal", check_signal },
	{ "probe exit status agrees with its TAP", check_exit },
	{ "probe prints a plan", check_plan_present },
	{ "probe runs as many test points as planned", check_plan_count },
};

/* What tap_exit_code() (probes/lib/tap.c) would return for this output. */
static int tap_status(const struct tap_doc *d)
{
	bool passed = false;
	int code = d->bailed ? TAP_EXIT_BROKEN : TAP_EXIT_PASS;

	for (size_t i = 0; i < d->npoints; i++) {
		const struct tap_point *p = &d->points[i];

		if (p->directive != TAPD_NONE)
			continue;
		if (p->ok)
			passed = true;
		else
			code |= p->broken ? TAP_EXIT_BROKEN : TAP_EXIT_FAIL;
	}
	return code == TAP_EXIT_PASS && !passed ? TAP_EXIT_SKIP : code;
}

static int add_exec_failure(struct tap_doc *d, int err)
{
	char *error;
	int rc;

	if (asprintf(&error, "exec failed: %s (%s)", strerror(err),
		     nsp_errno_name(err)) < 0)
		return -1;
	rc = add_synthetic(d, "probe starts", error);
	free(error);
	return rc;
}

static int add_findings(struct verdict *v, const struct run_outcome *o)
{
	struct judge j = { .o = o, .doc = &v->doc, .points = v->doc.npoints,
			   .tap_status = tap_status(&v->doc) };

	if (o->exec_errno)
		return add_exec_failure(&v->doc, o->exec_errno);
	for (size_t k = 0; k < sizeof(checks) / sizeof(checks[0]); k++) {
		char *error = NULL;
		int rc = checks[k].fn(&j, &error);

		if (rc > 0)
			rc = add_synthetic(&v->doc, checks[k].desc, error);
		free(error);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* ---- counting and the summary directive --------------------------------- */

static void count(struct verdict *v)
{
	for (size_t i = 0; i < v->doc.npoints; i++) {
		const struct tap_point *p = &v->doc.points[i];

		if (p->directive != TAPD_NONE) {
			v->skipped++;
		} else if (p->ok) {
			v->passed++;
		} else if (p->broken) {
			v->broken++;
		} else {
			v->failed++;
		}
	}
	if (v->doc.skip_all)
		v->skipped++;
	v->ok = v->failed == 0 && v->broken == 0;
}

/* The reason every point was skipped for, or NULL if they differ. */
static const char *common_skip_reason(const struct tap_doc *d)
{
	const char *r = d->npoints ? d->points[0].reason : NULL;

	for (size_t i = 0; i < d->npoints; i++)
		if (d->points[i].directive != TAPD_SKIP || !r || !d->points[i].reason ||
		    strcmp(r, d->points[i].reason))
			return NULL;
	return r;
}

static bool all_skipped(const struct verdict *v)
{
	for (size_t i = 0; i < v->doc.npoints; i++)
		if (v->doc.points[i].directive != TAPD_SKIP)
			return false;
	return v->doc.npoints > 0;
}

static int set_directive(struct verdict *v, const struct run_outcome *o)
{
	const char *why;
	int rc = 0;

	if (o->timed_out)
		rc = asprintf(&v->directive, "TIMEOUT after %g s", o->timeout_s);
	else if (!v->ok)
		return 0;
	else if (v->doc.skip_all && v->doc.npoints == 0)
		rc = asprintf(&v->directive, "SKIP%s%s", *v->doc.skip_all ? " " : "",
			      v->doc.skip_all);
	else if (all_skipped(v) && (why = common_skip_reason(&v->doc)) && *why)
		rc = asprintf(&v->directive, "SKIP %s", why);
	else if (all_skipped(v))
		rc = asprintf(&v->directive, "SKIP all %zu checks skipped",
			      v->doc.npoints);
	if (rc < 0) {
		v->directive = NULL;
		return -1;
	}
	return 0;
}

int verdict_judge(const char *tap, size_t len, const struct run_outcome *o,
		  struct verdict *v)
{
	memset(v, 0, sizeof(*v));
	if (tap_doc_parse(tap, len, &v->doc) < 0)
		return -1;
	if (add_findings(v, o) < 0)
		goto nomem;
	count(v);
	if (set_directive(v, o) < 0)
		goto nomem;
	return 0;
nomem:
	verdict_free(v);
	errno = ENOMEM;
	return -1;
}

void verdict_free(struct verdict *v)
{
	tap_doc_free(&v->doc);
	free(v->directive);
	memset(v, 0, sizeof(*v));
	v->doc.version = 12;
	v->doc.plan = -1;
}
