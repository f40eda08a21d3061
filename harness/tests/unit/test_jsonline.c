// SPDX-License-Identifier: GPL-2.0-or-later
/* jsonline: member lookup in pretty-printed JSON (lsns -J, nsprobe --json). */
#include <string.h>

#include "lib/jsonline.h"
#include "tests/unit/selftest.h"

static const char doc[] =
	"{\n"
	"   \"namespaces\": [\n"
	"      {\n"
	"         \"ns\": 4026531832,\n"
	"         \"type\": \"mnt\",\n"
	"         \"command\": \"say \\\"hi\\\" \\\\ there\"\n"
	"      },{\n"
	"         \"ns\": 4026531833,\n"
	"         \"type\": \"net\"\n"
	"      }\n"
	"   ],\n"
	"   \"ok\": true\n"
	"}\n";

static void test_walk(void)
{
	char v[64];
	const char *p = jl_next(doc, "ns", v, sizeof(v));

	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_STRING_EQUAL(v, "4026531832");
	p = jl_next(p, "type", v, sizeof(v));
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_STRING_EQUAL(v, "mnt");
	p = jl_next(p, "command", v, sizeof(v));
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_STRING_EQUAL(v, "say \"hi\" \\ there");
	p = jl_next(p, "ns", v, sizeof(v));
	CU_ASSERT_STRING_EQUAL(v, "4026531833");
	p = jl_next(p, "type", v, sizeof(v));
	CU_ASSERT_STRING_EQUAL(v, "net");
	CU_ASSERT_PTR_NULL(jl_next(p, "ns", v, sizeof(v)));
	CU_ASSERT_STRING_EQUAL(v, "");
}

static void test_edges(void)
{
	char small[4], v[32];

	/* a key is matched whole, not as a prefix or inside a value */
	CU_ASSERT_PTR_NULL(jl_next("\"nsx\": 1\n\"a\": \"\\\"ns\\\": 2\"\n", "ns", v, sizeof(v)));
	/* too long for the buffer: NULL and an empty buffer, never a cut value */
	CU_ASSERT_PTR_NULL(jl_next(doc, "ns", small, sizeof(small)));
	CU_ASSERT_STRING_EQUAL(small, "");
	CU_ASSERT_PTR_NOT_NULL(jl_next(doc, "ok", v, sizeof(v)));
	CU_ASSERT_STRING_EQUAL(v, "true");
	/* unterminated string */
	CU_ASSERT_PTR_NULL(jl_next("\"k\": \"abc\n", "k", v, sizeof(v)));
}

static const struct selftest_case cases[] = {
	{ "walk members in order", test_walk },
	{ "whole keys, overflow and bad strings", test_edges },
	{ NULL, NULL },
};
SELFTEST_SUITE(jsonline_suite, "jsonline", cases)
