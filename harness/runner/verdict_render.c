// SPDX-License-Identifier: GPL-2.0-or-later
/* Rendering a verdict as a TAP subtest: see the comment in verdict.c. */
#include "runner/verdict.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/taptext.h"

#define SUB_INDENT "    "
#define YAML_INDENT "      "
#define YAML_SIMPLE_MAX 64	/* lines; beyond, keep the body as one string */
#define STDERR_LINES_MAX 100	/* the last ones: the end explains a crash */

/* ---- rendering: text ---------------------------------------------------- */

/*
 * How much of a text goes on a test point line: tap-parser reads a line
 * ending in '{' as the start of a buffered subtest, so trailing braces
 * (and the blanks before them) are left out, as its own writer does.
 */
static size_t point_text_len(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	while (n && (s[n - 1] == '{' || tt_is_blank(s[n - 1])))
		n--;
	return n;
}

/* ---- rendering: YAML ---------------------------------------------------- */

static bool is_alnum(char c)
{
	return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* "key:" or "key: value" with a plain key: the length of the key, or 0. */
static size_t simple_key(const char *l, size_t n)
{
	size_t i = 0;

	while (i < n && (is_alnum(l[i]) || l[i] == '_' || l[i] == '-'))
		i++;
	if (i == 0 || l[0] == '-' || i == n || l[i] != ':')
		return 0;
	return i + 1 == n || l[i + 1] == ' ' ? i : 0;
}

static bool blank_line(const char *l, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!tt_is_blank(l[i]))
			return false;
	return true;
}

static bool key_seen_before(const char *body, const char *l, size_t klen)
{
	size_t n;

	for (const char *m = body; m < l; m = tt_next_line(m, &n))
		if (simple_key(m, strcspn(m, "\n")) == klen && strncmp(m, l, klen) == 0)
			return true;
	return false;
}

enum yaml_shape { YAML_EMPTY, YAML_SIMPLE, YAML_OTHER };

static enum yaml_shape yaml_shape(const char *body)
{
	enum yaml_shape shape = YAML_EMPTY;
	size_t lines = 0;

	for (const char *l = body, *next; *l; l = next, lines++) {
		size_t n, klen;

		next = tt_next_line(l, &n);
		klen = simple_key(l, n);
		if (blank_line(l, n))
			continue;
		if (!klen || lines >= YAML_SIMPLE_MAX || key_seen_before(body, l, klen))
			return YAML_OTHER;
		shape = YAML_SIMPLE;
	}
	return shape;
}

/* A plain scalar no YAML reader can take for anything but itself. */
static bool portable_plain(const char *v, size_t n)
{
	static const char extra[] = " _./+-(),";

	if (n == 0 || !is_alnum(v[0]))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!is_alnum(v[i]) && !memchr(extra, v[i], sizeof(extra) - 1))
			return false;
	return true;
}

static void put_simple_line(FILE *out, const char *l, size_t n, size_t k)
{
	size_t v = k + 1;

	while (v < n && tt_is_blank(l[v]))
		v++;
	while (n > v && tt_is_blank(l[n - 1]))
		n--;
	fprintf(out, YAML_INDENT "%.*s: ", (int)k, l);
	if (tt_yaml_is_portable(l + v, n - v) || portable_plain(l + v, n - v))
		fwrite(l + v, 1, n - v, out);
	else	/* any other text, single-quoted or odd, as a string */
		tt_yaml_quoted(out, l + v, n - v);
	fputc('\n', out);
}

static void put_simple_yaml(FILE *out, const char *body)
{
	for (const char *l = body, *next; *l; l = next) {
		size_t n, k;

		next = tt_next_line(l, &n);
		k = simple_key(l, n);
		if (k)
			put_simple_line(out, l, n, k);
	}
}

static void put_yaml(FILE *out, const char *body)
{
	enum yaml_shape shape = body ? yaml_shape(body) : YAML_EMPTY;

	/* an empty block ("---" then "...") makes prove's YAMLish reader die */
	if (shape == YAML_EMPTY)
		return;
	fputs(YAML_INDENT "---\n", out);
	if (shape == YAML_SIMPLE) {
		put_simple_yaml(out, body);
	} else {
		fputs(YAML_INDENT "raw_yaml: ", out);
		tt_yaml_quoted(out, body, strlen(body));
		fputc('\n', out);
	}
	fputs(YAML_INDENT "...\n", out);
}

/* ---- rendering: the subtest --------------------------------------------- */

/* The separator and the text, when any of the text is left to show. */
static void put_field(FILE *out, const char *sep, const char *s)
{
	size_t n = point_text_len(s);

	if (!n)
		return;
	fputs(sep, out);
	tt_line_text(out, s, n, TT_POINT);
}

static void put_comment(FILE *out, const char *label, const char *s, size_t n)
{
	fprintf(out, SUB_INDENT "# %s", label);
	tt_line_text(out, s, n, TT_COMMENT);
	fputc('\n', out);
}

static void put_point(FILE *out, size_t number, const struct tap_point *p)
{
	size_t n;

	/* the probe's own diagnostics, before the point they came before */
	for (const char *l = p->diag; l && *l; l = tt_next_line(l, &n))
		put_comment(out, "", l, strcspn(l, "\n"));
	fprintf(out, SUB_INDENT "%s %zu", p->ok ? "ok" : "not ok", number);
	put_field(out, " - ", p->desc);
	if (p->directive != TAPD_NONE) {
		fputs(p->directive == TAPD_SKIP ? " # SKIP" : " # TODO", out);
		put_field(out, " ", p->reason);
	}
	fputc('\n', out);
	put_yaml(out, p->yaml);
}

static void put_plan(FILE *out, const struct tap_doc *d)
{
	fprintf(out, SUB_INDENT "1..%zu", d->npoints);
	if (d->npoints == 0 && d->skip_all) {
		fputs(" # SKIP", out);
		put_field(out, " ", d->skip_all);
	}
	fputc('\n', out);
}

/* The last STDERR_LINES_MAX lines of stderr, as comments. */
static void put_stderr(FILE *out, const char *text)
{
	size_t lines = 0, skip, n;

	for (const char *l = text; *l; l = tt_next_line(l, &n))
		lines++;
	skip = lines > STDERR_LINES_MAX ? lines - STDERR_LINES_MAX : 0;
	if (skip)
		fprintf(out, SUB_INDENT "# stderr: (%zu earlier lines not shown)\n", skip);
	for (const char *l = text; *l; l = tt_next_line(l, &n)) {
		if (skip) {
			skip--;
			continue;
		}
		put_comment(out, "stderr: ", l, strcspn(l, "\n"));
	}
}

void verdict_render(FILE *out, int number, const char *name,
		    const struct verdict *v, const struct run_outcome *o,
		    int tap_version)
{
	const struct tap_doc *d = &v->doc;
	bool plan_first = tap_version >= 14;

	name = name ? name : "";
	fputs("# Subtest: ", out);
	tt_line_text(out, name, strlen(name), TT_COMMENT);
	fputc('\n', out);
	if (plan_first)
		put_plan(out, d);
	if (d->skip_all && d->npoints)
		put_comment(out, "the probe skipped as a whole: ", d->skip_all,
			    strlen(d->skip_all));
	for (size_t i = 0; i < d->npoints; i++)
		put_point(out, i + 1, &d->points[i]);
	if (!v->ok && o && o->stderr_text)
		put_stderr(out, o->stderr_text);
	if (!plan_first)
		put_plan(out, d);
	fprintf(out, "%s %d", v->ok ? "ok" : "not ok", number);
	put_field(out, " - ", name);
	put_field(out, " # ", v->directive);
	fputc('\n', out);
}
