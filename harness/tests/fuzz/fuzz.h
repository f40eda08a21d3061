/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Shared by the libFuzzer targets in suites/fuzz/fuzz_*.c (built and run by
 * `make fuzz`).  Each target feeds the bytes libFuzzer gives it to one
 * parser of outside input and then checks what the parser's header
 * promises about its result; a broken promise is an abort(), which
 * libFuzzer reports like any crash and keeps the input.
 */
#ifndef NSP_TESTS_FUZZ_H
#define NSP_TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * The parsers of text files take a C string: a NUL-terminated copy of the
 * input (everything after an embedded NUL is simply not seen, as with a
 * file read by nsp_read_file).  NULL only when memory runs out.
 */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s) {
		memcpy(s, data, size);
		s[size] = '\0';
	}
	return s;
}

/*
 * Split a C string at its first newline: the first line (cut in place) is
 * an argument of the call under test (a key, an option name), the rest is
 * the text.  Without a newline the whole input is the argument and the
 * text is empty.
 */
static inline char *fuzz_split_first_line(char *s)
{
	char *nl = strchr(s, '\n');

	if (!nl)
		return s + strlen(s);
	*nl = '\0';
	return nl + 1;
}

/* A failed promise: stop here so libFuzzer keeps the input. */
#define FUZZ_ASSERT(cond) do { if (!(cond)) abort(); } while (0)

#endif
