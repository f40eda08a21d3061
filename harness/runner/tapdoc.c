// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Tolerant TAP 12/13/14 parser: it never rejects a document, it records
 * what was wrong with it, line by line, in doc->errors.
 *
 * Decisions (the header leaves them to us):
 *  - Each line is first copied with NUL bytes and invalid UTF-8 replaced by
 *    U+FFFD (and an error recorded), then interpreted.  So one bad byte in a
 *    description does not lose the result, and every string in the doc is
 *    valid UTF-8 without NUL, safe to re-render or put in XML.
 *  - Indented lines outside a YAML block are errors, not ignored: our
 *    probes never write subtests (tap.c has none), so an indented "ok" is
 *    stray output whose result we could not count honestly.  Indented
 *    comments ("    # ...") are comments, as TAP 14 says.
 *  - After "Bail out!" nothing more is read: TAP says the harness stops.
 *  - A YAML block may follow its test point after blank or comment lines
 *    (TAP 14); its indentation is that of its "---", and a less indented
 *    line ends it unclosed.  An unclosed block is still attached (it may
 *    say "severity: broken"), and recorded as an error.
 *  - "1..0" is a skip-all whatever follows it: its reason is the comment
 *    with any SKIP word removed ("1..0 # WWW::Mechanize missing", TAP 14),
 *    or "" when there is none.
 *  - A missing plan and a plan/count mismatch are NOT recorded here: they
 *    are judged in verdict.c together with what happened to the process
 *    (a bail out or a crash explains them).
 *  - At most ERRORS_MAX errors are listed, then one line says how many
 *    more there were, so a megabyte of garbage stays a short report.
 */
#include "runner/tapdoc.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/taptext.h"

#define ERRORS_MAX 50
#define EXCERPT_MAX 40
#define NO_POINT SIZE_MAX

struct buf {
	char *s;
	size_t len, cap;
};

struct parser {
	struct tap_doc *doc;
	size_t lineno;
	size_t points_cap, errors_cap;
	size_t suppressed, first_suppressed;
	struct buf line;	/* the current line, sanitized */
	size_t yaml_target;	/* point a YAML block may still attach to */
	bool in_yaml;
	size_t yaml_indent, yaml_start, yaml_point;
	struct buf yaml;	/* body of the open block, de-indented */
	struct buf diag;	/* comments waiting for the next point */
	size_t plan_line;	/* 0: no plan yet */
	bool in_sequence;	/* every number so far matched its position */
};

/* ---- small buffers and strings ------------------------------------------ */

static int buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 128;
		char *p;

		while (cap < b->len + n + 1)
			cap *= 2;
		p = realloc(b->s, cap);
		if (!p)
			return -1;
		b->s = p;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
	return 0;
}

static size_t skip_blanks(const char *s, size_t i, size_t n)
{
	while (i < n && tt_is_blank(s[i]))
		i++;
	return i;
}

static size_t trim_end(const char *s, size_t n)
{
	while (n && tt_is_blank(s[n - 1]))
		n--;
	return n;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* What \w matches in the consumers' regexes (ASCII only, as they are). */
static bool is_word(char c)
{
	return is_digit(c) || c == '_' || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

static bool has_prefix_ci(const char *s, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);

	return n >= k && strncasecmp(s, prefix, k) == 0;
}

/*
 * Digits at s[*i] as an int.  Returns 0 and advances *i, -1 when there is
 * no digit, 1 when the number does not fit (still advancing past it).
 */
static int read_number(const char *s, size_t n, size_t *i, int *out)
{
	size_t j = *i;
	long v = 0;
	bool big = false;

	if (j >= n || !is_digit(s[j]))
		return -1;
	for (; j < n && is_digit(s[j]); j++) {
		v = v * 10 + (s[j] - '0');
		if (v > INT_MAX) {
			big = true;
			v = INT_MAX;
		}
	}
	*i = j;
	*out = big ? 0 : (int)v;
	return big ? 1 : 0;
}

/* ---- the document ------------------------------------------------------- */

static int push_error(struct tap_doc *doc, size_t *cap, size_t line,
		      const char *what)
{
	char *msg;

	if (doc->nerrors == *cap) {
		size_t ncap = *cap ? *cap * 2 : 8;
		char **e = realloc(doc->errors, ncap * sizeof(*e));

		if (!e)
			return -1;
		doc->errors = e;
		*cap = ncap;
	}
	if (asprintf(&msg, "line %zu: %s", line, what) < 0)
		return -1;
	doc->errors[doc->nerrors++] = msg;
	return 0;
}

static int vadd_error(struct parser *p, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

static int vadd_error(struct parser *p, const char *fmt, va_list ap)
{
	char what[256];

	if (p->doc->nerrors >= ERRORS_MAX) {
		if (!p->suppressed++)
			p->first_suppressed = p->lineno;
		return 0;
	}
	vsnprintf(what, sizeof(what), fmt, ap);
	return push_error(p->doc, &p->errors_cap, p->lineno, what);
}

/* Record an error of the current line: 0, or -1 when memory ran out. */
static int add_error(struct parser *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int add_error(struct parser *p, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vadd_error(p, fmt, ap);
	va_end(ap);
	return rc;
}

/* The current line is of this kind but wrong: 1 (taken), or -1. */
static int reject(struct parser *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int reject(struct parser *p, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vadd_error(p, fmt, ap);
	va_end(ap);
	return rc < 0 ? -1 : 1;
}

static struct tap_point *new_point(struct parser *p)
{
	struct tap_doc *doc = p->doc;

	if (doc->npoints == p->points_cap) {
		size_t ncap = p->points_cap ? p->points_cap * 2 : 16;
		struct tap_point *pts = realloc(doc->points, ncap * sizeof(*pts));

		if (!pts)
			return NULL;
		doc->points = pts;
		p->points_cap = ncap;
	}
	memset(&doc->points[doc->npoints], 0, sizeof(doc->points[0]));
	if (p->diag.len) {
		doc->points[doc->npoints].diag = strndup(p->diag.s, p->diag.len - 1);
		if (!doc->points[doc->npoints].diag)
			return NULL;
		p->diag.len = 0;
	}
	return &doc->points[doc->npoints++];
}

/* A short, printable quote of a line for an error message. */
static void excerpt(const char *s, size_t n, char *out, size_t size)
{
	size_t k = n < EXCERPT_MAX ? n : EXCERPT_MAX;

	/* do not cut a UTF-8 character in two */
	while (k < n && k > 0 && ((unsigned char)s[k] & 0xc0) == 0x80)
		k--;
	snprintf(out, size, "\"%.*s\"%s", (int)k, s, k < n ? "..." : "");
	for (char *c = out; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			*c = '?';
}

/* ---- YAML blocks -------------------------------------------------------- */

/* "severity: broken" as a top-level key, quoted or not. */
static bool line_says_broken(const char *l, size_t n)
{
	size_t i = strlen("severity:");

	if (!has_prefix_ci(l, n, "severity:"))
		return false;
	n = trim_end(l, n);
	i = skip_blanks(l, i, n);
	if (n - i >= 2 && (l[i] == '"' || l[i] == '\'') && l[n - 1] == l[i]) {
		i++;
		n--;
	}
	return n - i == strlen("broken") && strncmp(l + i, "broken", n - i) == 0;
}

static bool says_broken(const char *body)
{
	for (const char *l = body; *l;) {
		size_t n = strcspn(l, "\n");

		if (line_says_broken(l, n))
			return true;
		l += n + (l[n] == '\n');
	}
	return false;
}

static int close_yaml(struct parser *p)
{
	struct tap_point *pt;

	p->in_yaml = false;
	if (p->yaml.len && p->yaml.s[p->yaml.len - 1] == '\n')
		p->yaml.s[--p->yaml.len] = '\0';
	if (p->yaml_point == NO_POINT)
		return 0;
	pt = &p->doc->points[p->yaml_point];
	pt->yaml = strdup(p->yaml.s ? p->yaml.s : "");
	if (!pt->yaml)
		return -1;
	pt->broken = says_broken(pt->yaml);
	return 0;
}

/* A line inside an open block: 1 consumed, 0 the block ended unclosed. */
static int yaml_line(struct parser *p, const char *s, size_t n)
{
	size_t ind = 0;

	if (skip_blanks(s, 0, n) == n)	/* part of YAML (folded scalars) */
		return buf_add(&p->yaml, "\n", 1) < 0 ? -1 : 1;
	while (ind < n && s[ind] == ' ')
		ind++;
	if (ind < p->yaml_indent) {
		if (add_error(p, "YAML block from line %zu not closed",
			      p->yaml_start) < 0)
			return -1;
		return close_yaml(p) < 0 ? -1 : 0;
	}
	if (trim_end(s, n) - ind == 3 && strncmp(s + ind, "...", 3) == 0)
		return close_yaml(p) < 0 ? -1 : 1;
	if (buf_add(&p->yaml, s + p->yaml_indent, n - p->yaml_indent) < 0 ||
	    buf_add(&p->yaml, "\n", 1) < 0)
		return -1;
	return 1;
}

static int take_yaml_start(struct parser *p, const char *s, size_t n)
{
	size_t ind = 0;

	while (ind < n && s[ind] == ' ')
		ind++;
	if (ind == 0 || trim_end(s, n) - ind != 3 || strncmp(s + ind, "---", 3))
		return 0;
	if (p->yaml_target == NO_POINT &&
	    add_error(p, "YAML block not after a test point") < 0)
		return -1;
	/* an orphan block is still read to its end, so its lines are not
	 * each reported as garbage */
	p->in_yaml = true;
	p->yaml_indent = ind;
	p->yaml_start = p->lineno;
	p->yaml_point = p->yaml_target;
	p->yaml_target = NO_POINT;
	p->yaml.len = 0;
	if (p->yaml.s)
		p->yaml.s[0] = '\0';
	return 1;
}

/* ---- line kinds --------------------------------------------------------- */

static int take_blank(struct parser *p, const char *s, size_t n)
{
	(void)p;
	return skip_blanks(s, 0, n) == n;
}

/* A probe's diagnostics travel with the point that follows them (up to
 * DIAG_MAX bytes a point: a chatty probe cannot grow the report). */
#define DIAG_MAX 4096

static int take_comment(struct parser *p, const char *s, size_t n)
{
	size_t i = skip_blanks(s, 0, n);

	if (i >= n || s[i] != '#')
		return 0;
	i = skip_blanks(s, i + 1, n);
	n = trim_end(s, n);
	if (i < n && p->diag.len + (n - i) + 1 <= DIAG_MAX &&
	    (buf_add(&p->diag, s + i, n - i) < 0 || buf_add(&p->diag, "\n", 1) < 0))
		return -1;
	return 1;
}

static int take_version(struct parser *p, const char *s, size_t n)
{
	size_t i = strlen("TAP version");
	int v;

	if (!has_prefix_ci(s, n, "TAP version") || i >= n || !tt_is_blank(s[i]))
		return 0;
	i = skip_blanks(s, i, n);
	if (read_number(s, n, &i, &v) != 0 || trim_end(s, n) != i)
		return reject(p, "malformed version line");
	if (p->lineno != 1)
		return reject(p, "version line is not the first line");
	if (v != 13 && v != 14)
		return reject(p, "unsupported TAP version %d", v);
	p->doc->version = v;
	return 1;
}

/* "SKIP" (any word starting with skip, e.g. "Skipped:") then the reason. */
static size_t after_skip_word(const char *s, size_t n)
{
	size_t i = strlen("skip");

	if (!has_prefix_ci(s, n, "skip"))
		return 0;
	while (i < n && !tt_is_blank(s[i]))
		i++;
	return skip_blanks(s, i, n);
}

static int set_skip_all(struct parser *p, const char *c, size_t n)
{
	size_t i = after_skip_word(c, n);

	p->doc->skip_all = tt_line_unescape(c + i, n - i);
	if (!p->doc->skip_all)
		return -1;
	if (p->doc->npoints &&
	    add_error(p, "skip-all plan after %zu test points",
		      p->doc->npoints) < 0)
		return -1;
	return 0;
}

static int take_plan(struct parser *p, const char *s, size_t n)
{
	size_t i = 0, c;
	int first, count;

	if (n == 0 || !is_digit(s[0]))
		return 0;
	if (read_number(s, n, &i, &first) != 0 || n - i < 2 || strncmp(s + i, "..", 2))
		return 0;
	i += 2;
	if (read_number(s, n, &i, &count) != 0)
		return reject(p, "malformed plan");
	c = skip_blanks(s, i, n);
	if (c < n && s[c] != '#')
		return reject(p, "malformed plan");
	if (first != 1)
		return reject(p, "plan does not start at 1");
	if (p->plan_line)
		return reject(p, "second plan (the first is on line %zu)", p->plan_line);
	p->plan_line = p->lineno;
	p->doc->plan = count;
	p->doc->plan_at_end = p->doc->npoints > 0;
	if (count > 0)
		return 1;
	n = trim_end(s, n);
	c = c < n ? skip_blanks(s, c + 1, n) : n;
	return set_skip_all(p, s + c, n - c) < 0 ? -1 : 1;
}

/* Where the first unescaped '#' is, or n. */
static size_t find_hash(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n)
			i++;
		else if (s[i] == '#')
			return i;
	}
	return n;
}

/*
 * "# SKIP reason" / "# todo reason" after the description, case-insensitive,
 * any word with that stem ("skipped") as TAP::Parser and tap-parser accept.
 * Returns the directive and the offset of the reason in *r.
 */
static enum tap_directive directive_at(const char *s, size_t n, size_t *r)
{
	static const struct { const char *stem; enum tap_directive d; } stems[] = {
		{ "skip", TAPD_SKIP },
		{ "todo", TAPD_TODO },
	};
	size_t i = skip_blanks(s, 0, n);

	for (size_t k = 0; k < sizeof(stems) / sizeof(stems[0]); k++) {
		size_t j = i + strlen(stems[k].stem);

		if (!has_prefix_ci(s + i, n - i, stems[k].stem))
			continue;
		while (j < n && !tt_is_blank(s[j]))
			j++;
		*r = skip_blanks(s, j, n);
		return stems[k].d;
	}
	return TAPD_NONE;
}

static int split_description(struct tap_point *pt, const char *s, size_t n)
{
	size_t hash = find_hash(s, n), r = 0;

	if (hash < n)
		pt->directive = directive_at(s + hash + 1, n - hash - 1, &r);
	if (pt->directive == TAPD_NONE)
		hash = n;	/* an unknown "# word" stays in the description */
	pt->desc = tt_line_unescape(s, trim_end(s, hash));
	if (!pt->desc)
		return -1;
	if (pt->directive == TAPD_NONE)
		return 0;
	s += hash + 1 + r;
	n -= hash + 1 + r;
	pt->reason = tt_line_unescape(s, trim_end(s, n));
	return pt->reason ? 0 : -1;
}

static int check_number(struct parser *p, int number)
{
	size_t expected = p->doc->npoints;	/* the new point is already in */

	if (number == 0)
		return 0;
	if ((size_t)number == expected)
		return 0;
	if (p->in_sequence && (size_t)number < expected) {
		p->in_sequence = false;
		return add_error(p, "duplicate test number %d", number);
	}
	p->in_sequence = false;
	return add_error(p, "test number %d out of order (expected %zu)",
			 number, expected);
}

static int check_after_plan(struct parser *p)
{
	if (!p->plan_line)
		return 0;
	if (p->doc->plan_at_end)
		return add_error(p, "test point after the plan on line %zu",
				 p->plan_line);
	if (p->doc->skip_all)
		return add_error(p, "test point after a skip-all plan");
	return 0;
}

/* "ok" / "not ok", then a word boundary: "okay" is not a test point. */
static size_t status_len(const char *s, size_t n, bool *ok)
{
	size_t k;

	*ok = !(n >= 6 && strncmp(s, "not ok", 6) == 0);
	k = *ok ? 2 : 6;
	if (*ok && !(n >= 2 && strncmp(s, "ok", 2) == 0))
		return 0;
	if (k < n && is_word(s[k]))
		return 0;
	return k;
}

static int take_point(struct parser *p, const char *s, size_t n)
{
	struct tap_point *pt;
	bool ok;
	size_t i = status_len(s, n, &ok), j;
	int number = 0, big;

	if (i == 0)
		return 0;
	i = skip_blanks(s, i, n);
	j = i;
	/* a number is one only when a blank or the end follows it */
	big = read_number(s, n, &j, &number);
	if (big >= 0 && (j == n || tt_is_blank(s[j])))
		i = j;
	else
		big = number = 0;
	i = skip_blanks(s, i, n);
	if (i < n && s[i] == '-' && (i + 1 == n || tt_is_blank(s[i + 1])))
		i = skip_blanks(s, i + 1, n);
	pt = new_point(p);
	if (!pt)
		return -1;
	pt->ok = ok;
	pt->number = number;
	p->yaml_target = p->doc->npoints - 1;
	if (split_description(pt, s + i, n - i) < 0)
		return -1;
	if (big && add_error(p, "test number too large") < 0)
		return -1;
	if (check_number(p, number) < 0 || check_after_plan(p) < 0)
		return -1;
	return 1;
}

static int take_bailout(struct parser *p, const char *s, size_t n)
{
	size_t i = strlen("Bail out!");

	if (!has_prefix_ci(s, n, "Bail out!"))
		return 0;
	n = trim_end(s, n);	/* first: a reason of blanks only is empty */
	i = skip_blanks(s, i, n);
	p->doc->bailed = true;
	p->doc->bail_reason = tt_line_unescape(s + i, n - i);
	return p->doc->bail_reason ? 1 : -1;
}

static int take_pragma(struct parser *p, const char *s, size_t n)
{
	size_t i = strlen("pragma "), k;

	(void)p;
	if (n <= i + 1 || strncmp(s, "pragma ", i) || (s[i] != '+' && s[i] != '-'))
		return 0;
	for (k = i + 1; k < n; k++)
		if (!is_word(s[k]) && s[k] != '-')
			return 0;
	return 1;
}

static int take_indented(struct parser *p, const char *s, size_t n)
{
	if (n == 0 || !tt_is_blank(s[0]))
		return 0;
	return reject(p, "indented line outside a YAML block (subtests are not supported)");
}

static int take_garbage(struct parser *p, const char *s, size_t n)
{
	char quote[EXCERPT_MAX + 8];

	excerpt(s, n, quote, sizeof(quote));
	return reject(p, "not TAP: %s", quote);
}

/* Tried in order; the first that returns non-zero took the line. */
static int (*const line_kinds[])(struct parser *, const char *, size_t) = {
	take_blank, take_comment, take_yaml_start, take_version, take_plan,
	take_point, take_bailout, take_pragma, take_indented, take_garbage,
};

/* Blank and comment lines may stand between a test point and its YAML. */
static bool keeps_yaml_target(int (*kind)(struct parser *, const char *, size_t))
{
	return kind == take_blank || kind == take_comment || kind == take_point;
}

/* ---- lines -------------------------------------------------------------- */

/* Copy one raw line into p->line, replacing what TAP text cannot carry. */
static int sanitize(struct parser *p, const char *s, size_t n)
{
	bool nul = false, bad = false;

	p->line.len = 0;
	if (buf_add(&p->line, "", 0) < 0)
		return -1;
	if (n && s[n - 1] == '\r')
		n--;
	for (size_t i = 0, k; i < n; i += k) {
		bool valid;

		k = tt_char((const unsigned char *)s + i, n - i, &valid);
		if (!valid || s[i] == '\0') {
			nul |= s[i] == '\0';
			bad |= s[i] != '\0';
			if (buf_add(&p->line, TT_REPLACEMENT, 3) < 0)
				return -1;
		} else if (buf_add(&p->line, s + i, k) < 0) {
			return -1;
		}
	}
	if (nul && add_error(p, "NUL byte") < 0)
		return -1;
	if (bad && add_error(p, "invalid UTF-8") < 0)
		return -1;
	return 0;
}

static int one_line(struct parser *p, const char *raw, size_t n, bool newline)
{
	const char *s;
	int taken = 0;

	p->lineno++;
	if (sanitize(p, raw, n) < 0)
		return -1;
	if (!newline && add_error(p, "no newline at the end (output cut off?)") < 0)
		return -1;
	s = p->line.s;
	n = p->line.len;
	if (p->in_yaml) {
		taken = yaml_line(p, s, n);
		if (taken)
			return taken < 0 ? -1 : 0;
	}
	for (size_t k = 0; k < sizeof(line_kinds) / sizeof(line_kinds[0]); k++) {
		taken = line_kinds[k](p, s, n);
		if (taken < 0)
			return -1;
		if (taken) {
			if (!keeps_yaml_target(line_kinds[k]))
				p->yaml_target = NO_POINT;
			return 0;
		}
	}
	return 0;
}

static int finish(struct parser *p)
{
	if (p->in_yaml) {
		if (add_error(p, "YAML block from line %zu not closed at the end",
			      p->yaml_start) < 0 || close_yaml(p) < 0)
			return -1;
	}
	if (p->suppressed) {
		char what[96];

		snprintf(what, sizeof(what), "%zu more errors from here on not listed",
			 p->suppressed);
		return push_error(p->doc, &p->errors_cap, p->first_suppressed, what);
	}
	return 0;
}

static int parse_lines(struct parser *p, const char *text, size_t len)
{
	size_t off = 0;

	while (off < len && !p->doc->bailed) {
		const char *start = text + off;
		const char *nl = memchr(start, '\n', len - off);
		size_t n = nl ? (size_t)(nl - start) : len - off;

		off += n + (nl != NULL);
		if (one_line(p, start, n, nl != NULL) < 0)
			return -1;
	}
	return finish(p);
}

static void doc_init(struct tap_doc *doc)
{
	memset(doc, 0, sizeof(*doc));
	doc->version = 12;
	doc->plan = -1;
}

int tap_doc_parse(const char *text, size_t len, struct tap_doc *doc)
{
	struct parser p = { .doc = doc, .yaml_target = NO_POINT,
			    .yaml_point = NO_POINT, .in_sequence = true };
	int rc;

	doc_init(doc);
	rc = parse_lines(&p, text, text ? len : 0);
	free(p.line.s);
	free(p.yaml.s);
	free(p.diag.s);
	if (rc < 0) {
		tap_doc_free(doc);
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

void tap_doc_free(struct tap_doc *doc)
{
	for (size_t i = 0; i < doc->npoints; i++) {
		free(doc->points[i].desc);
		free(doc->points[i].reason);
		free(doc->points[i].yaml);
		free(doc->points[i].diag);
	}
	free(doc->points);
	for (size_t i = 0; i < doc->nerrors; i++)
		free(doc->errors[i]);
	free(doc->errors);
	free(doc->skip_all);
	free(doc->bail_reason);
	doc_init(doc);
}
