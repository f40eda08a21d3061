// SPDX-License-Identifier: GPL-2.0-or-later
/* The timens_offsets parser (lib/timens.h): any text, never a crash or a
 * read across a line (the corpus keeps such a case), and a refusal always
 * says why. */
#include "lib/timens.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstr(data, size);
	struct timens_offsets o;
	struct nsp_err e;

	if (!text)
		return 0;
	if (timens_offsets_parse(text, &o, &e) < 0)
		FUZZ_ASSERT(e.errnum != 0 && e.msg[0]);
	free(text);
	return 0;
}
