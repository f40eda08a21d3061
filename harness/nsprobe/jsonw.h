/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A small streaming JSON writer: it tracks nesting and commas so callers
 * only say what comes next.  Strings are escaped per RFC 8259 (control
 * characters as \u00XX); bytes >= 0x80 pass through (names and paths
 * from the kernel are treated as UTF-8).  Output is indented two spaces
 * a level, one key a line, so it is stable and diff-able.
 */
#ifndef NSP_DIAG_JSONW_H
#define NSP_DIAG_JSONW_H

#include <stdbool.h>
#include <stdio.h>

#define JW_MAX_DEPTH 16

struct jw {
	FILE *out;
	int depth;
	bool first[JW_MAX_DEPTH];
};

void jw_init(struct jw *w, FILE *out);
/* Start an nsprobe document: jw_init, the top object, the schema version
 * (see nsprobe(1)) and the mode ("report", "compare", "check-config"). */
void jw_begin_doc(struct jw *w, FILE *out, const char *mode);
/* key may be NULL inside arrays and for the top level */
void jw_obj(struct jw *w, const char *key);
void jw_arr(struct jw *w, const char *key);
void jw_end_obj(struct jw *w);
void jw_end_arr(struct jw *w);
void jw_str(struct jw *w, const char *key, const char *val);	/* NULL: null */
void jw_int(struct jw *w, const char *key, long long val);
void jw_uint(struct jw *w, const char *key, unsigned long long val);
void jw_bool(struct jw *w, const char *key, bool val);
void jw_null(struct jw *w, const char *key);
/* Finish the document with a newline. */
void jw_done(struct jw *w);

#endif
