/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reading pretty-printed JSON one line at a time, for tests that compare
 * the output of tools (lsns -J, nsprobe --json) that print one
 * `"key": value` member per line.  Not a general JSON parser: it finds
 * the next line whose member is `key` and returns its scalar value.
 */
#ifndef NSP_LIB_JSONLINE_H
#define NSP_LIB_JSONLINE_H

#include <stddef.h>

/*
 * From `from`, find the next line holding `"key": VALUE`.  A string value
 * is unquoted (\" \\ \/ \n \t unescaped), a number/true/false/null is
 * copied verbatim; a trailing comma is dropped.  Returns a pointer just
 * past that line (to continue from), or NULL when there is none or the
 * value does not fit in `len` (then buf is "").
 */
const char *jl_next(const char *from, const char *key, char *buf, size_t len);

#endif
