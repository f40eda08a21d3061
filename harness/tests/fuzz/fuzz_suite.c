// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Suite files (harness/suite.h): any text either parses into entries that
 * keep the header's promises, or fails with EINVAL/ENOMEM and a message.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "tests/fuzz/fuzz.h"
#include "runner/suite.h"

static bool valid_name(const char *s)
{
	if (!*s)
		return false;
	return strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		      "0123456789_.-") == strlen(s);
}

static void check_entry(const struct suite *s, size_t i)
{
	const struct suite_entry *ent = &s->v[i];
	size_t argc = 0;

	FUZZ_ASSERT(valid_name(ent->name));
	FUZZ_ASSERT(strncmp(ent->id, "fuzz.", 5) == 0 &&
		    strcmp(ent->id + 5, ent->name) == 0);
	FUZZ_ASSERT(ent->timeout >= 0 && ent->timeout <= 86400);
	FUZZ_ASSERT(ent->line >= 1);
	for (; ent->argv[argc]; argc++)
		(void)strlen(ent->argv[argc]);
	FUZZ_ASSERT(argc >= 1 && !strchr(ent->argv[0], '/'));
	for (size_t k = 0; k < i; k++)
		FUZZ_ASSERT(strcmp(s->v[k].name, ent->name) != 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstr(data, size);
	struct nsp_err e = { 0 };
	struct suite s;

	if (!text)
		return 0;
	if (suite_parse(text, "suites/fuzz.suite", &s, &e) == 0) {
		FUZZ_ASSERT(strcmp(s.name, "fuzz") == 0);
		for (size_t i = 0; i < s.n; i++)
			check_entry(&s, i);
		suite_free(&s);
	} else {
		FUZZ_ASSERT(e.errnum == EINVAL || e.errnum == ENOMEM);
		FUZZ_ASSERT(e.msg[0] && s.n == 0 && !s.v);
	}
	free(text);
	return 0;
}
