// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A probe's TAP (harness/tapdoc.h): any bytes, NULs and bad UTF-8
 * included, parse; every string in the document is valid UTF-8 without a
 * NUL (tapdoc.c promises that, the renderers rely on it).
 */
#include <stdbool.h>

#include "tests/fuzz/fuzz.h"
#include "runner/tapdoc.h"

/* Valid UTF-8 (no surrogates, no overlongs) and no control NUL. */
static bool clean_utf8(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;

	if (!s)
		return true;
	while (*s) {
		size_t len = *s < 0x80 ? 1 : *s >= 0xc2 && *s <= 0xdf ? 2 :
			     (*s & 0xf0) == 0xe0 ? 3 : *s >= 0xf0 && *s <= 0xf4 ? 4 : 0;

		if (!len)
			return false;
		for (size_t i = 1; i < len; i++)
			if ((s[i] & 0xc0) != 0x80)
				return false;
		if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] > 0x9f) ||
		    (s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] > 0x8f))
			return false;
		s += len;
	}
	return true;
}

static void check_doc(const struct tap_doc *d)
{
	FUZZ_ASSERT(d->version == 12 || d->version == 13 || d->version == 14);
	FUZZ_ASSERT(d->plan >= -1);
	FUZZ_ASSERT(clean_utf8(d->skip_all) && clean_utf8(d->bail_reason));
	FUZZ_ASSERT(!d->bail_reason || d->bailed);
	for (size_t i = 0; i < d->npoints; i++) {
		const struct tap_point *p = &d->points[i];

		FUZZ_ASSERT(p->desc && clean_utf8(p->desc));
		FUZZ_ASSERT(clean_utf8(p->reason) && clean_utf8(p->yaml));
		FUZZ_ASSERT(p->number >= 0);
		FUZZ_ASSERT((p->directive == TAPD_NONE) == !p->reason);
	}
	/* 50 listed at most, then one line counting the rest */
	FUZZ_ASSERT(d->nerrors <= 51);
	for (size_t i = 0; i < d->nerrors; i++)
		FUZZ_ASSERT(clean_utf8(d->errors[i]));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tap_doc doc;

	if (tap_doc_parse((const char *)data, size, &doc) < 0)
		return 0;	/* ENOMEM only */
	check_doc(&doc);
	tap_doc_free(&doc);
	return 0;
}
