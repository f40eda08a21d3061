// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Flat-keyed cgroup files, "key value" lines (runtime/cgfile.h
 * cg_parse_key): the first input line is the key, the rest the
 * file.  Real keys are asked too.  Either a value, or EINVAL/ENODATA.
 */
#include <errno.h>

#include "runtime/cgfile.h"
#include "tests/fuzz/fuzz.h"

static void ask(const char *text, const char *key)
{
	struct nsp_err e = { 0 };
	long long val;

	if (cg_parse_key(text, key, &val, &e) < 0)
		FUZZ_ASSERT(e.errnum == EINVAL || e.errnum == ENODATA);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const keys[] = {
		"oom_kill", "oom", "under_oom", "populated", "frozen",
	};
	char *input = fuzz_cstr(data, size), *text;

	if (!input)
		return 0;
	text = fuzz_split_first_line(input);
	ask(text, input);
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		ask(text, keys[i]);
	free(input);
	return 0;
}
