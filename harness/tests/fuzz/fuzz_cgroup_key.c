// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cgroup file text (runtime/cgfile.h): flat-keyed "key value" lines
 * (cg_parse_key: the first input line is the key, the rest the file; real
 * keys are asked too), and the rest as every item of the model on v1 and
 * v2 would read it (cg_file_parse, with the first line as the device of
 * per-device items), and the devices it lists (cg_file_devices).  Either a
 * value, or one of the documented errors.
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

static void parse_all(const char *text, const char *dev)
{
	char devs[8][16];

	for (int it = CG_ITEM_NONE + 1; it < CG_ITEM_COUNT; it++)
		for (int v = CG_V1; v <= CG_V2; v++) {
			struct nsp_err e = { 0 };
			long long val;

			if (cg_file_parse(it, v, text, dev, &val, &e) < 0)
				FUZZ_ASSERT(e.errnum == EINVAL || e.errnum == ENODATA ||
					    e.errnum == EOPNOTSUPP);
		}
	FUZZ_ASSERT(cg_file_devices(text, devs, 8) <= 8);
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
	parse_all(text, input);
	free(input);
	return 0;
}
