// SPDX-License-Identifier: GPL-2.0-or-later
/* lib/timens: /proc/<pid>/timens_offsets as the kernel writes it. */
#include <errno.h>
#include <string.h>

#include "lib/timens.h"
#include "tests/unit/selftest.h"

static const struct {
	const char *text;
	int ok;
	long long mono_s, boot_s;
	long mono_ns;
} cases[] = {
	{ "monotonic      86400         0\nboottime      172800         0\n", 1, 86400, 172800, 0 },
	{ "1 -5 999999999\n7 3 0\n", 1, -5, 3, 999999999 },	/* 5.6's clock ids */
	{ "boottime 1 0\nmonotonic 2 5\n", 1, 2, 1, 5 },
	{ "monotonic 1 0\n", 0, 0, 0, 0 },
	{ "", 0, 0, 0, 0 },
	{ "realtime 1 0\nboottime 1 0\n", 0, 0, 0, 0 },
	{ "monotonic x 0\nboottime 1 0\n", 0, 0, 0, 0 },
	{ " 1\n7 0 0mo 0 0\n", 0, 0, 0, 0 },	/* no value read across a newline */
};

static void test_parse(void)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct timens_offsets o;
		struct nsp_err e = { 0 };
		int rc = timens_offsets_parse(cases[i].text, &o, &e);

		CU_ASSERT_EQUAL(rc, cases[i].ok ? 0 : -1);
		if (!cases[i].ok) {
			CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, "timens_offsets"));
			continue;
		}
		CU_ASSERT_EQUAL(o.mono_s, cases[i].mono_s);
		CU_ASSERT_EQUAL(o.boot_s, cases[i].boot_s);
		CU_ASSERT_EQUAL(o.mono_ns, cases[i].mono_ns);
	}
}

static void test_self(void)
{
	struct timens_offsets o;
	struct nsp_err e = { 0 };

	/* our own namespace: readable wherever the kernel has time namespaces */
	if (timens_offsets_read(0, &o, &e) < 0)
		CU_ASSERT_EQUAL(e.errnum, ENOENT);
}

static const struct selftest_case timens_cases[] = {
	{ "timens_offsets lines, names and clock ids", test_parse },
	{ "our own offsets read", test_self },
	{ NULL, NULL },
};

SELFTEST_SUITE(timens_suite, "timens offsets", timens_cases)
