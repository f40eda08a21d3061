// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The kernel config parser (probes/lib/kconfig.h): the first input line is
 * the option asked for, the rest is the config text.  A few fixed options
 * are asked too, so that the text alone is fuzzed against real names.
 */
#include <string.h>

#include "tests/fuzz/fuzz.h"
#include "lib/kconfig.h"

static void ask(const struct kconfig *kc, const char *option)
{
	enum kconfig_value v = kconfig_get(kc, option);

	FUZZ_ASSERT(v >= KCONFIG_NO && v <= KCONFIG_VALUE);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const fixed[] = {
		"CONFIG_VETH", "CONFIG_MEMCG", "CONFIG_USER_NS", "CONFIG_",
	};
	char *input = fuzz_cstr(data, size), *text;
	struct kconfig kc = { 0 };

	if (!input)
		return 0;
	text = fuzz_split_first_line(input);
	if (kconfig_load_text(&kc, text, "fuzz") == 0) {
		ask(&kc, input);
		for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
			ask(&kc, fixed[i]);
		kconfig_free(&kc);
	}
	FUZZ_ASSERT(kconfig_get(&kc, input) == KCONFIG_UNKNOWN);
	free(input);
	return 0;
}
