// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * JUnit XML for Jenkins and GitLab.  Decisions:
 *  - Points map to testcases as the verdict counts them (verdict.h): a
 *    SKIP or TODO point is <skipped>, a broken one <error>, any other
 *    not ok <failure>; a whole-probe skip is one skipped testcase named
 *    after the entry.  A testcase is named by the check's stable title
 *    (checkname.h): no TAP point number, no pid, so two runs of the same
 *    suites give the same names and CI test history lines up.
 *  - A point's own time is unknown: the entry's wall time is shared evenly
 *    between its testcases, so every sum (suite, total) is right.
 *  - The message attribute is what a reader wants first: the YAML
 *    "error:", else "expected X, got Y", else the description; the whole
 *    YAML is the element's text.
 *  - Text is made XML 1.0: & < > " ' as entities, tab/LF/CR as character
 *    references inside attributes (attribute normalisation would eat
 *    them), and what XML cannot carry (other C0 controls, U+FFFE, U+FFFF,
 *    invalid UTF-8) as U+FFFD.
 */
#include "runner/junit.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "lib/taptext.h"
#include "runner/checkname.h"

enum xml_ctx { XML_TEXT, XML_ATTR };

/* The markup-significant characters and what stands for them. */
static const char *xml_entity(unsigned char c, enum xml_ctx ctx)
{
	static const struct { unsigned char c; bool attr_only; const char *ref; } refs[] = {
		{ '&', false, "&amp;" }, { '<', false, "&lt;" }, { '>', false, "&gt;" },
		{ '"', false, "&quot;" }, { '\'', false, "&apos;" },
		{ '\r', false, "&#13;" },	/* a raw CR would become LF */
		{ '\n', true, "&#10;" }, { '\t', true, "&#9;" },
	};

	for (size_t i = 0; i < sizeof(refs) / sizeof(refs[0]); i++)
		if (refs[i].c == c && (!refs[i].attr_only || ctx == XML_ATTR))
			return refs[i].ref;
	return NULL;
}

/* U+FFFE and U+FFFF are not XML characters (EF BF BE, EF BF BF). */
static bool xml_nonchar(const unsigned char *s, size_t k)
{
	return k == 3 && s[0] == 0xef && s[1] == 0xbf && (s[2] == 0xbe || s[2] == 0xbf);
}

static void put_xml(FILE *out, const char *s, enum xml_ctx ctx)
{
	size_t n = s ? strlen(s) : 0;

	for (size_t i = 0, k; i < n; i += k) {
		const unsigned char *c = (const unsigned char *)s + i;
		const char *ref = xml_entity(*c, ctx);

		bool valid;

		k = tt_char(c, n - i, &valid);
		if (ref) {
			fputs(ref, out);
		} else if (!valid || xml_nonchar(c, k) ||
			   (*c < 0x20 && *c != '\t' && *c != '\n')) {
			fputs(TT_REPLACEMENT, out);
		} else {
			fwrite(c, 1, k, out);
		}
	}
}

/* ---- what a point is ---------------------------------------------------- */

enum case_kind { CASE_PASS, CASE_FAIL, CASE_ERROR, CASE_SKIP };

static enum case_kind case_kind(const struct tap_point *p)
{
	if (p->directive != TAPD_NONE)
		return CASE_SKIP;
	if (p->ok)
		return CASE_PASS;
	return p->broken ? CASE_ERROR : CASE_FAIL;
}

struct tally {
	unsigned tests, failures, errors, skipped;
	double seconds;
};

static void tally_entry(struct tally *t, const struct case_entry *e)
{
	const struct tap_doc *d = &e->v->doc;

	for (size_t i = 0; i < d->npoints; i++) {
		enum case_kind k = case_kind(&d->points[i]);

		t->failures += k == CASE_FAIL;
		t->errors += k == CASE_ERROR;
		t->skipped += k == CASE_SKIP;
	}
	t->tests += d->npoints;
	if (d->skip_all) {
		t->tests++;
		t->skipped++;
	}
	t->seconds += e->seconds;
}

/* Adds the suite's counts to *t. */
static void tally_suite(struct tally *t, const struct case_suite *s)
{
	for (size_t i = 0; i < s->nentries; i++)
		tally_entry(t, &s->entries[i]);
}

static void put_counts(FILE *out, const struct tally *t)
{
	fprintf(out, " tests=\"%u\" failures=\"%u\" errors=\"%u\" skipped=\"%u\" time=\"%.3f\"",
		t->tests, t->failures, t->errors, t->skipped, t->seconds);
}

/* ---- messages from the YAML --------------------------------------------- */

/*
 * The value of a top-level "key:" line of a YAML body, written to m (when
 * m is not NULL); false if there is no such line.
 */
static bool yaml_value(FILE *m, const char *body, const char *key)
{
	size_t k = strlen(key);

	for (const char *l = body; l && *l;) {
		size_t n = strcspn(l, "\n"), v = k + 1;

		if (n > k && strncmp(l, key, k) == 0 && l[k] == ':') {
			while (v < n && (l[v] == ' ' || l[v] == '\t'))
				v++;
			if (!m)
				return true;
			if (n - v >= 2 && l[v] == '"' && l[n - 1] == '"')
				tt_yaml_unquote(m, l + v + 1, n - v - 2);
			else
				fwrite(l + v, 1, n - v, m);
			return true;
		}
		l += n + (l[n] == '\n');
	}
	return false;
}

static char *failure_message(const struct tap_point *p)
{
	char *msg = NULL;
	size_t size;
	FILE *m = open_memstream(&msg, &size);
	bool failed;

	if (!m)
		return NULL;
	if (yaml_value(NULL, p->yaml, "error")) {
		yaml_value(m, p->yaml, "error");
	} else if (yaml_value(NULL, p->yaml, "expected") &&
		   yaml_value(NULL, p->yaml, "got")) {
		fputs("expected ", m);
		yaml_value(m, p->yaml, "expected");
		fputs(", got ", m);
		yaml_value(m, p->yaml, "got");
	} else {
		fputs(p->desc ? p->desc : "", m);
	}
	/* a failed write may leave a short message, or none: all or nothing */
	failed = ferror(m);
	if (fclose(m) != 0 || failed) {
		free(msg);
		return NULL;
	}
	return msg;
}

/* ---- elements ----------------------------------------------------------- */

static void put_case_open(FILE *out, const char *suite, const char *entry,
			  const char *name, double seconds)
{
	size_t n;

	suite = suite ? suite : "";
	entry = entry ? entry : "";
	n = strlen(suite);
	fputs("    <testcase classname=\"", out);
	/* "SUITE.ENTRY"; an entry id that already starts with "SUITE." (as
	 * report.c passes it) is not prefixed twice */
	if (strncmp(entry, suite, n) != 0 || entry[n] != '.') {
		put_xml(out, suite, XML_ATTR);
		fputc('.', out);
	}
	put_xml(out, entry, XML_ATTR);
	fputs("\" name=\"", out);
	put_xml(out, name, XML_ATTR);
	fprintf(out, "\" time=\"%.3f\"", seconds);
}

static void put_skipped(FILE *out, const char *prefix, const char *reason)
{
	fputs(">\n      <skipped message=\"", out);
	fputs(prefix, out);
	put_xml(out, reason, XML_ATTR);
	fputs("\"/>\n    </testcase>\n", out);
}

static int put_problem(FILE *out, const struct tap_point *p, enum case_kind k)
{
	const char *elem = k == CASE_ERROR ? "error" : "failure";
	char *msg = failure_message(p);

	if (!msg)
		return -1;
	fprintf(out, ">\n      <%s message=\"", elem);
	put_xml(out, msg, XML_ATTR);
	fprintf(out, "\" type=\"%s\">", k == CASE_ERROR ? "broken" : "fail");
	put_xml(out, p->yaml, XML_TEXT);
	fprintf(out, "</%s>\n    </testcase>\n", elem);
	free(msg);
	return 0;
}

static int put_point(FILE *out, const struct case_suite *s,
		     const struct case_entry *e, size_t i, double seconds)
{
	const struct tap_point *p = &e->v->doc.points[i];
	enum case_kind k = case_kind(p);
	char *title = checkname_title(&e->v->doc, i);
	int rc = 0;

	if (!title)
		return -1;
	put_case_open(out, s->name, e->name, title, seconds);
	free(title);
	if (k == CASE_PASS)
		fputs("/>\n", out);
	else if (k == CASE_SKIP)
		put_skipped(out, p->directive == TAPD_TODO ? "TODO: " : "", p->reason);
	else
		rc = put_problem(out, p, k);
	return rc;
}

static int put_entry(FILE *out, const struct case_suite *s,
		     const struct case_entry *e)
{
	const struct tap_doc *d = &e->v->doc;
	size_t cases = d->npoints + (d->skip_all != NULL);
	double each = cases ? e->seconds / (double)cases : 0;

	if (d->skip_all) {
		put_case_open(out, s->name, e->name, e->name, each);
		put_skipped(out, "", d->skip_all);
	}
	for (size_t i = 0; i < d->npoints; i++)
		if (put_point(out, s, e, i, each) < 0)
			return -1;
	return 0;
}

static int put_suite(FILE *out, const struct case_suite *s)
{
	struct tally t = { 0 };

	tally_suite(&t, s);
	fputs("  <testsuite name=\"", out);
	put_xml(out, s->name, XML_ATTR);
	fputc('"', out);
	put_counts(out, &t);
	fputs(">\n", out);
	for (size_t i = 0; i < s->nentries; i++)
		if (put_entry(out, s, &s->entries[i]) < 0)
			return -1;
	fputs("  </testsuite>\n", out);
	return 0;
}

int junit_write(FILE *out, const struct case_suite *suites, size_t n)
{
	struct tally all = { 0 };

	for (size_t i = 0; i < n; i++)
		tally_suite(&all, &suites[i]);
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"nsprobe\"", out);
	put_counts(out, &all);
	fputs(">\n", out);
	for (size_t i = 0; i < n; i++)
		if (put_suite(out, &suites[i]) < 0)
			return -1;
	fputs("</testsuites>\n", out);
	/* a failed write leaves errno as the write set it */
	return fflush(out) != 0 || ferror(out) ? -1 : 0;
}
