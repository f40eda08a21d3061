// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * CUnit runner for the self-tests of our own code.  Runs every registered
 * suite (or those named on the command line) in basic mode, which prints
 * CUnit's run summary, and exits non-zero if any assertion failed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "tests/unit/selftest.h"

static struct selftest_suite *registry;

void selftest_register(struct selftest_suite *s)
{
	struct selftest_suite **p = &registry;

	/* keep them sorted by name so the run order does not depend on link order */
	while (*p && strcmp((*p)->name, s->name) < 0)
		p = &(*p)->next;
	s->next = *p;
	*p = s;
}

const char *selftest_build_dir(void)
{
	const char *dir = getenv("NSP_BUILD_DIR");

	return dir && *dir ? dir : "build";
}

static int wanted(const char *name, int argc, char **argv)
{
	if (argc < 2)
		return 1;
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], name) == 0)
			return 1;
	return 0;
}

static int add_suite(const struct selftest_suite *s)
{
	CU_pSuite suite = CU_add_suite(s->name, NULL, NULL);

	if (!suite)
		return -1;
	for (const struct selftest_case *c = s->cases; c->name; c++)
		if (!CU_add_test(suite, c->name, c->fn))
			return -1;
	return 0;
}

int main(int argc, char **argv)
{
	unsigned int failed;

	if (CU_initialize_registry() != CUE_SUCCESS) {
		fprintf(stderr, "selftest: CUnit registry: %s\n", CU_get_error_msg());
		return 2;
	}
	for (struct selftest_suite *s = registry; s; s = s->next) {
		if (!wanted(s->name, argc, argv))
			continue;
		if (add_suite(s) < 0) {
			fprintf(stderr, "selftest: add suite %s: %s\n", s->name,
				CU_get_error_msg());
			CU_cleanup_registry();
			return 2;
		}
	}
	CU_basic_set_mode(CU_BRM_NORMAL);
	CU_basic_run_tests();
	failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
	if (CU_get_number_of_tests_run() == 0) {
		fprintf(stderr, "selftest: no test ran\n");
		failed = 1;
	}
	CU_cleanup_registry();
	return failed ? 1 : 0;
}
