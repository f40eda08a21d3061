// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Self-tests of the stable check names (checkname.h): the JUnit title and
 * the KCIDB/LAVA slug of each description, repeats numbered.
 */
#include <stdlib.h>

#include "runner/checkname.h"
#include "tests/unit/selftest.h"

static const struct {
	const char *desc, *title, *slug;
} names[] = {
	{ "unshare(CLONE_NEWPID) succeeds", "unshare(CLONE_NEWPID) succeeds", "unshare_clone_newpid_succeeds" },
	{ "nsprobe --json 107 exits 0 (complete report)", "nsprobe --json N exits 0 (complete report)",
	  "nsprobe_json_n_exits_0_complete_report" },
	{ "member 1 (outside pid 172)", "member 1 (outside pid N)", "member_1_outside_pid_n" },
	{ "member 1 (outside pid 9731)", "member 1 (outside pid N) (#2)", "member_1_outside_pid_n_2" },
	{ "Member 1 -- outside pid 9!", "Member 1 -- outside pid 9!", "member_1_outside_pid_9" },
	{ "--- ---", "--- ---", "check" },
	{ "", "", "check_2" },
	{ "caf\xc3\xa9 level 32", "caf\xc3\xa9 level N", "caf_level_n" },
};

#define NNAMES (sizeof(names) / sizeof(names[0]))

static void test_names(void)
{
	struct tap_point pts[NNAMES] = { 0 };
	struct tap_doc d = { .npoints = NNAMES, .points = pts };

	for (size_t i = 0; i < NNAMES; i++)
		pts[i].desc = (char *)names[i].desc;
	for (size_t i = 0; i < NNAMES; i++) {
		char *t = checkname_title(&d, i), *s = checkname_slug(&d, i);

		CU_ASSERT_PTR_NOT_NULL_FATAL(t);
		CU_ASSERT_PTR_NOT_NULL_FATAL(s);
		CU_ASSERT_STRING_EQUAL(t, names[i].title);
		CU_ASSERT_STRING_EQUAL(s, names[i].slug);
		free(t);
		free(s);
	}
}

static const struct selftest_case cases[] = {
	{ "title and slug (table)", test_names },
	{ NULL, NULL },
};

SELFTEST_SUITE(checkname_suite, "checkname", cases)
