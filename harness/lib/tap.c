// SPDX-License-Identifier: GPL-2.0-or-later
#include "lib/tap.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#include "lib/sync.h"
#include "lib/taptext.h"

void tap_init(struct tap *t, FILE *out)
{
	memset(t, 0, sizeof(*t));
	t->out = out;
	t->planned = -1;
	fprintf(out, "TAP version 13\n");
	fflush(out);
}

void tap_plan(struct tap *t, int n)
{
	t->planned = n;
	fprintf(t->out, "1..%d\n", n);
	fflush(t->out);
}

/* A description or reason: one line, '#' and '\\' escaped (taptext.c). */
static void put_line_text(FILE *out, const char *s)
{
	tt_line_text(out, s, strlen(s), TT_POINT);
}

static void put_yaml_field(FILE *out, const char *key, const char *val)
{
	if (!val)
		return;
	fprintf(out, "  %s: ", key);
	tt_yaml_quoted(out, val, strlen(val));
	fputc('\n', out);
}

static void put_yaml(FILE *out, enum tap_outcome o, const struct tap_yaml *y)
{
	char errtext[128];

	fprintf(out, "  ---\n  severity: %s\n",
		o == TAP_BROKEN ? "broken" : "fail");
	if (y) {
		put_yaml_field(out, "expected", y->expected);
		put_yaml_field(out, "got", y->got);
		if (y->errnum) {
			snprintf(errtext, sizeof(errtext), "%s (%s)",
				 nsp_errno_name(y->errnum), strerror(y->errnum));
			put_yaml_field(out, "errno", errtext);
		}
		put_yaml_field(out, "error", y->error);
	}
	fputs("  ...\n", out);
}

/* The attribute lets clang's -Wformat-nonliteral see fmt is checked upstream. */
static __attribute__((format(printf, 5, 0)))
void vresult(struct tap *t, enum tap_outcome o, const struct tap_yaml *y,
	     const char *reason, const char *fmt, va_list ap)
{
	struct tap_yaml alibi;
	char why[512];
	bool todo;
	char desc[1024];

	/* a known kernel bug (TODO) fails no run: it needs no alibi */
	if (o == TAP_FAIL && !t->todo && t->guard &&
	    t->guard->explain(t->guard, why, sizeof(why))) {
		alibi = y ? *y : (struct tap_yaml){ 0 };
		alibi.error = why;
		o = TAP_BROKEN;
		y = &alibi;
	}
	/* only a kernel result can be a known kernel bug; our breakage counts */
	todo = t->todo && (o == TAP_PASS || o == TAP_FAIL);
	vsnprintf(desc, sizeof(desc), fmt, ap);
	t->counts[todo ? TAP_SKIP : o]++;
	fprintf(t->out, "%s %d - ", (o == TAP_FAIL || o == TAP_BROKEN) ?
		"not ok" : "ok", ++t->last);
	put_line_text(t->out, desc);
	if (o == TAP_SKIP) {
		fputs(" # SKIP ", t->out);
		put_line_text(t->out, reason ? reason : "no reason given");
	} else if (todo) {
		fputs(" # TODO ", t->out);
		put_line_text(t->out, t->todo);
	}
	t->todo = NULL;
	fputc('\n', t->out);
	if (o == TAP_FAIL || o == TAP_BROKEN)
		put_yaml(t->out, o, y);
	fflush(t->out);
}

void tap_set_guard(struct tap *t, struct tap_guard *g)
{
	t->guard = g;
}

void tap_result(struct tap *t, enum tap_outcome o, const struct tap_yaml *y,
		const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vresult(t, o, y, NULL, fmt, ap);
	va_end(ap);
}

void tap_pass(struct tap *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vresult(t, TAP_PASS, NULL, NULL, fmt, ap);
	va_end(ap);
}

void tap_skip(struct tap *t, const char *reason, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vresult(t, TAP_SKIP, NULL, reason, fmt, ap);
	va_end(ap);
}

void tap_broken(struct tap *t, const struct nsp_err *e, const char *fmt, ...)
{
	struct tap_yaml y = { .error = e ? e->msg : NULL,
			      .errnum = e ? e->errnum : 0 };
	va_list ap;

	va_start(ap, fmt);
	vresult(t, TAP_BROKEN, &y, NULL, fmt, ap);
	va_end(ap);
}

void tap_todo(struct tap *t, const char *reason)
{
	t->todo = reason;
}

void tap_diag(struct tap *t, const char *fmt, ...)
{
	char text[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	fputs("# ", t->out);
	put_line_text(t->out, text);
	fputc('\n', t->out);
	fflush(t->out);
}

bool tap_expect(struct tap *t, bool cond, const char *expected,
		const char *got, const char *fmt, ...)
{
	struct tap_yaml y = { .expected = expected, .got = got };
	va_list ap;

	va_start(ap, fmt);
	vresult(t, cond ? TAP_PASS : TAP_FAIL, &y, NULL, fmt, ap);
	va_end(ap);
	return cond;
}

bool tap_expect_long(struct tap *t, long expected, long got, const char *fmt, ...)
{
	char e[32], g[32];
	struct tap_yaml y = { .expected = e, .got = g };
	va_list ap;

	snprintf(e, sizeof(e), "%ld", expected);
	snprintf(g, sizeof(g), "%ld", got);
	va_start(ap, fmt);
	vresult(t, expected == got ? TAP_PASS : TAP_FAIL, &y, NULL, fmt, ap);
	va_end(ap);
	return expected == got;
}

bool tap_expect_str(struct tap *t, const char *expected, const char *got,
		    const char *fmt, ...)
{
	bool same = expected && got && strcmp(expected, got) == 0;
	struct tap_yaml y = { .expected = expected, .got = got ? got : "(none)" };
	va_list ap;

	va_start(ap, fmt);
	vresult(t, same ? TAP_PASS : TAP_FAIL, &y, NULL, fmt, ap);
	va_end(ap);
	return same;
}

bool tap_expect_strne(struct tap *t, const char *unwanted, const char *got,
		      const char *fmt, ...)
{
	bool differs = got && (!unwanted || strcmp(unwanted, got) != 0);
	char e[512];
	struct tap_yaml y = { .expected = e, .got = got ? got : "(none)" };
	va_list ap;

	snprintf(e, sizeof(e), "anything but \"%s\"", unwanted ? unwanted : "");
	va_start(ap, fmt);
	vresult(t, differs ? TAP_PASS : TAP_FAIL, &y, NULL, fmt, ap);
	va_end(ap);
	return differs;
}

bool tap_expect_errno(struct tap *t, int want, long ret, int got_errno,
		      const char *fmt, ...)
{
	bool good = ret == -1 && got_errno == want;
	char e[96], g[96];
	struct tap_yaml y = { .expected = e, .got = g };
	va_list ap;

	snprintf(e, sizeof(e), "-1 with errno %s", nsp_errno_name(want));
	if (ret == -1) {
		snprintf(g, sizeof(g), "-1 with errno %s", nsp_errno_name(got_errno));
		y.errnum = got_errno;
	} else {
		snprintf(g, sizeof(g), "%ld (success)", ret);
	}
	va_start(ap, fmt);
	vresult(t, good ? TAP_PASS : TAP_FAIL, &y, NULL, fmt, ap);
	va_end(ap);
	return good;
}

bool tap_expect_ok(struct tap *t, long ret, int got_errno, const char *fmt, ...)
{
	bool good = ret != -1;
	char g[96];
	struct tap_yaml y = { .expected = "success", .got = g,
			      .errnum = good ? 0 : got_errno };
	va_list ap;

	snprintf(g, sizeof(g), "%ld", ret);
	va_start(ap, fmt);
	vresult(t, good ? TAP_PASS : TAP_FAIL, &y, NULL, fmt, ap);
	va_end(ap);
	return good;
}

/* "lead reason" on a line of its own; the attribute as for vresult(). */
static __attribute__((format(printf, 4, 0)))
void put_reason_line(struct tap *t, const char *lead, const struct nsp_err *e,
		     const char *fmt, va_list ap)
{
	char reason[512], err[NSP_ERR_MSG_MAX + 64];

	vsnprintf(reason, sizeof(reason), fmt, ap);
	fputs(lead, t->out);
	put_line_text(t->out, reason);
	if (e) {
		fputs(": ", t->out);
		put_line_text(t->out, nsp_err_str(e, err, sizeof(err)));
	}
	fputc('\n', t->out);
	fflush(t->out);
}

int tap_skip_all(struct tap *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	put_reason_line(t, "1..0 # SKIP ", NULL, fmt, ap);
	va_end(ap);
	t->planned = 0;
	t->done = true;
	return TAP_EXIT_SKIP;
}

int tap_bail_err(struct tap *t, const struct nsp_err *e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	put_reason_line(t, "Bail out! ", e, fmt, ap);
	va_end(ap);
	t->bailed = true;
	t->done = true;
	/* the same code tap_done() gives afterwards, failures included */
	return tap_exit_code(t);
}

int tap_exit_code(const struct tap *t)
{
	int code = 0;

	if (t->bailed)
		return TAP_EXIT_BROKEN | (t->counts[TAP_FAIL] ? TAP_EXIT_FAIL : 0);
	if (t->counts[TAP_FAIL])
		code |= TAP_EXIT_FAIL;
	if (t->counts[TAP_BROKEN])
		code |= TAP_EXIT_BROKEN;
	/* a probe that asserted nothing and did not say why is our bug */
	if (!code && t->last == 0 && t->planned != 0)
		code = TAP_EXIT_BROKEN;
	else if (!code && t->counts[TAP_PASS] == 0)
		code = TAP_EXIT_SKIP;
	return code;
}

int tap_done(struct tap *t)
{
	if (!t->done && t->planned < 0) {
		fprintf(t->out, "1..%d\n", t->last);
		fflush(t->out);
	}
	t->done = true;
	return tap_exit_code(t);
}

/* What crosses the socket: plain integers, no pointers. */
struct tap_wire {
	int last;
	unsigned counts[TAP_NOUTCOMES];
	int bailed;
};

int tap_send_state(const struct tap *t, int fd, struct nsp_err *e)
{
	struct tap_wire w = { .last = t->last, .bailed = t->bailed };

	memcpy(w.counts, t->counts, sizeof(w.counts));
	if (nsp_sync_send(fd, &w, sizeof(w), e) < 0)
		return nsp_err_wrap(e, "hand TAP numbering to parent");
	return 0;
}

int tap_recv_state(struct tap *t, int fd, struct nsp_err *e)
{
	struct tap_wire w;

	if (nsp_sync_recv(fd, &w, sizeof(w), e) < 0)
		return nsp_err_wrap(e, "take TAP numbering from child");
	if (w.last < t->last)
		return nsp_err_set(e, EPROTO, "child's TAP number %d is behind %d",
				   w.last, t->last);
	t->last = w.last;
	memcpy(t->counts, w.counts, sizeof(w.counts));
	t->bailed = t->bailed || w.bailed;
	return 0;
}
