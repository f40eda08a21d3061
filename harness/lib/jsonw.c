// SPDX-License-Identifier: GPL-2.0-or-later
#include "lib/jsonw.h"

#include <math.h>
#include <string.h>

#include "lib/utf8.h"

void jw_init(struct jw *w, FILE *out)
{
	memset(w, 0, sizeof(*w));
	w->out = out;
	w->first[0] = true;
}

static void jw_escaped(FILE *out, const char *s)
{
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p >= 0x80) {
			size_t k = utf8_len(p, strlen((const char *)p));

			if (k == 0)
				fputs("\xef\xbf\xbd", out);	/* U+FFFD */
			else
				fwrite(p, 1, k, out);
			p += k ? k - 1 : 0;
			continue;
		}
		switch (*p) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\n': fputs("\\n", out); break;
		case '\t': fputs("\\t", out); break;
		case '\r': fputs("\\r", out); break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				fprintf(out, "\\u%04x", *p);
			else
				fputc(*p, out);
		}
	}
	fputc('"', out);
}

/* Comma, newline and indent before a member, then "key": when given. */
static void jw_member(struct jw *w, const char *key)
{
	if (w->depth > 0) {
		fputs(w->first[w->depth] ? "\n" : ",\n", w->out);
		for (int i = 0; i < w->depth; i++)
			fputs("  ", w->out);
	}
	w->first[w->depth] = false;
	if (key) {
		jw_escaped(w->out, key);
		fputs(": ", w->out);
	}
}

static void jw_open(struct jw *w, const char *key, char c)
{
	jw_member(w, key);
	fputc(c, w->out);
	if (w->depth + 1 < JW_MAX_DEPTH)
		w->depth++;
	w->first[w->depth] = true;
}

static void jw_close(struct jw *w, char c)
{
	bool empty = w->first[w->depth];

	if (w->depth > 0)
		w->depth--;
	if (!empty) {
		fputc('\n', w->out);
		for (int i = 0; i < w->depth; i++)
			fputs("  ", w->out);
	}
	fputc(c, w->out);
}

void jw_obj(struct jw *w, const char *key) { jw_open(w, key, '{'); }
void jw_arr(struct jw *w, const char *key) { jw_open(w, key, '['); }
void jw_end_obj(struct jw *w) { jw_close(w, '}'); }
void jw_end_arr(struct jw *w) { jw_close(w, ']'); }

void jw_str(struct jw *w, const char *key, const char *val)
{
	jw_member(w, key);
	if (val)
		jw_escaped(w->out, val);
	else
		fputs("null", w->out);
}

void jw_int(struct jw *w, const char *key, long long val)
{
	jw_member(w, key);
	fprintf(w->out, "%lld", val);
}

void jw_uint(struct jw *w, const char *key, unsigned long long val)
{
	jw_member(w, key);
	fprintf(w->out, "%llu", val);
}

void jw_bool(struct jw *w, const char *key, bool val)
{
	jw_member(w, key);
	fputs(val ? "true" : "false", w->out);
}

void jw_null(struct jw *w, const char *key)
{
	jw_member(w, key);
	fputs("null", w->out);
}

void jw_done(struct jw *w)
{
	fputc('\n', w->out);
}

void jw_double(struct jw *w, const char *key, double val, int decimals)
{
	jw_member(w, key);
	if (isfinite(val))
		fprintf(w->out, "%.*f", decimals, val);
	else
		fputs("null", w->out);
}
