/* SPDX-License-Identifier: GPL-2.0-or-later */
/* UTF-8 validation, for the TAP text module (taptext.c) and JSON (jsonw.c). */
#ifndef NSP_LIB_UTF8_H
#define NSP_LIB_UTF8_H

#include <stddef.h>

/* Length of the valid UTF-8 sequence at s (shortest form, no surrogates),
 * or 0 when the bytes there are not one; n is what is left of the input. */
size_t utf8_len(const unsigned char *s, size_t n);

#endif
