/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A small streaming JSON writer: it tracks nesting and commas so callers
 * only say what comes next.  Strings are escaped per RFC 8259 (control
 * characters as \u00XX); valid UTF-8 passes through and what is not UTF-8
 * (a probe's garbage, a name with stray bytes) becomes U+FFFD, so the
 * document always parses.  Output is indented two spaces a level, one key
 * a line, so it is stable and diff-able.  nsprobe's --json and the
 * runner's KCIDB file are written with it.
 */
#ifndef NSP_LIB_JSONW_H
#define NSP_LIB_JSONW_H

#include <stdbool.h>
#include <stdio.h>

#define JW_MAX_DEPTH 16

struct jw {
	FILE *out;
	int depth;
	bool first[JW_MAX_DEPTH];
};

void jw_init(struct jw *w, FILE *out);
/* key may be NULL inside arrays and for the top level */
void jw_obj(struct jw *w, const char *key);
void jw_arr(struct jw *w, const char *key);
void jw_end_obj(struct jw *w);
void jw_end_arr(struct jw *w);
void jw_str(struct jw *w, const char *key, const char *val);	/* NULL: null */
void jw_int(struct jw *w, const char *key, long long val);
void jw_uint(struct jw *w, const char *key, unsigned long long val);
void jw_bool(struct jw *w, const char *key, bool val);
/* a finite number with `decimals` digits after the point (NaN/inf: null) */
void jw_double(struct jw *w, const char *key, double val, int decimals);
void jw_null(struct jw *w, const char *key);
/* Finish the document with a newline. */
void jw_done(struct jw *w);

#endif
