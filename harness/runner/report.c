// SPDX-License-Identifier: GPL-2.0-or-later
#include "runner/report.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runner/junit.h"
#include "runner/kcidb.h"

/* Every byte of the stream goes to stdout and to the --tap copy. */
static void emit(const struct report *rep, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void emit(const struct report *rep, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stdout, fmt, ap);
	va_end(ap);
	if (rep->o->tap_copy) {
		va_start(ap, fmt);
		vfprintf(rep->o->tap_copy, fmt, ap);
		va_end(ap);
	}
}

void report_begin(struct report *rep, const struct runner_opts *o)
{
	memset(rep, 0, sizeof(*rep));
	rep->o = o;
	emit(rep, "TAP version %d\n", o->tap_version);
	if (o->note)
		emit(rep, "# %s\n", o->note);
	fflush(stdout);
}

static int write_job(struct report *rep, struct job *j)
{
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);

	if (!mem)
		return -1;
	if (rep->suite != j->suite) {
		rep->suite = j->suite;
		fprintf(mem, "# suite %s (%s)\n", j->suite->name, j->suite->path);
	}
	verdict_render(mem, ++rep->number, j->ent->id, &j->verdict, &j->outcome,
		       rep->o->tap_version);
	if (fclose(mem) != 0) {
		free(text);
		return -1;
	}
	emit(rep, "%s", text);
	free(text);
	return 0;
}

int report_flush(struct report *rep, struct job *jobs, size_t n)
{
	while (rep->next < n) {
		struct job *j = &jobs[rep->next];

		if (j->state == JOB_NOT_RUN) {
			rep->next++;
			continue;
		}
		if (j->state != JOB_DONE)
			break;
		if (write_job(rep, j) < 0)
			return -1;
		rep->next++;
	}
	fflush(stdout);
	if (rep->o->tap_copy)
		fflush(rep->o->tap_copy);
	return 0;
}

static void count(const struct job *jobs, size_t n, struct runner_totals *t)
{
	for (size_t i = 0; i < n; i++) {
		const struct verdict *v = &jobs[i].verdict;

		if (jobs[i].state != JOB_DONE)
			continue;
		t->entries++;
		t->passed += v->passed;
		t->failed += v->failed;
		t->broken += v->broken;
		t->skipped += v->skipped;
		t->timed_out += jobs[i].outcome.timed_out;
	}
}

/* Group the done jobs by suite, in order, for the JUnit and KCIDB
 * writers, and write the files asked for. */
static int write_cases(const struct runner_opts *o, const struct job *jobs, size_t n)
{
	struct case_suite *suites = calloc(n ? n : 1, sizeof(*suites));
	struct case_entry *ents = calloc(n ? n : 1, sizeof(*ents));
	size_t ns = 0, ne = 0;
	int rc = -1;

	if (!suites || !ents)
		goto out;
	for (size_t i = 0; i < n; i++) {
		if (jobs[i].state != JOB_DONE)
			continue;
		if (ns == 0 || strcmp(suites[ns - 1].name, jobs[i].suite->name) != 0)
			suites[ns++] = (struct case_suite){ .name = jobs[i].suite->name,
							     .entries = &ents[ne] };
		ents[ne++] = (struct case_entry){ .name = jobs[i].ent->id,
						   .v = &jobs[i].verdict,
						   .seconds = jobs[i].outcome.seconds };
		suites[ns - 1].nentries++;
	}
	rc = 0;
	if (o->junit && (junit_write(o->junit, suites, ns) < 0 || fflush(o->junit) != 0)) {
		fprintf(stderr, "nsharness: write JUnit %s: %s\n", o->junit_path, strerror(errno));
		rc = -1;
	}
	if (o->kcidb && o->kcidb_run &&
	    (kcidb_write(o->kcidb, o->kcidb_run, suites, ns) < 0 || fflush(o->kcidb) != 0)) {
		fprintf(stderr, "nsharness: write KCIDB %s: %s\n", o->kcidb_path, strerror(errno));
		rc = -1;
	}
out:
	free(suites);
	free(ents);
	return rc;
}

void report_end(struct report *rep, struct job *jobs, size_t n,
		struct runner_totals *t)
{
	memset(t, 0, sizeof(*t));
	report_flush(rep, jobs, n);
	count(jobs, n, t);
	emit(rep, "1..%d\n", rep->number);
	if (rep->number < (int)n)
		emit(rep, "# %zu entries not run: interrupted\n", n - (size_t)rep->number);
	emit(rep, "# Totals: %u passed, %u failed (%u broken), %u skipped, "
	     "%u timed out, in %u entries\n", t->passed, t->failed + t->broken,
	     t->broken, t->skipped, t->timed_out, t->entries);
	fflush(stdout);
	/* the plain closing line is for people and CI logs, not TAP: on stderr
	 * so that stdout stays a stream strict TAP consumers accept */
	fprintf(stderr, "%u passed, %u failed, %u skipped\n", t->passed,
		t->failed + t->broken, t->skipped);
	if (rep->o->junit || rep->o->kcidb)
		write_cases(rep->o, jobs, n);
}
