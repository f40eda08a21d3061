/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Self-test registry: each test_*.c file registers its CUnit suite from a
 * constructor, so adding a file adds its tests without touching main.c.
 */
#ifndef NSP_TESTS_SELFTEST_H
#define NSP_TESTS_SELFTEST_H

#include <CUnit/CUnit.h>

struct selftest_case {
	const char *name;
	CU_TestFunc fn;
};

struct selftest_suite {
	const char *name;
	const struct selftest_case *cases;	/* ends with { NULL, NULL } */
	struct selftest_suite *next;
};

void selftest_register(struct selftest_suite *s);

#define SELFTEST_SUITE(var, title, table)				\
	static struct selftest_suite var = { title, table, NULL };	\
	static void __attribute__((constructor)) var##_register(void)	\
	{								\
		selftest_register(&var);				\
	}

/* The directory of the build tree (build/), from the environment. */
const char *selftest_build_dir(void);

/*
 * Hands check() every prefix of `text` (a read cut anywhere), then `text`
 * with one byte at a time replaced by each character of `subst` (those
 * that matter to the grammar).  For parser tests: never a crash (ASan and
 * valgrind watch), and check() asserts what a failure must look like.
 */
void selftest_mangle(const char *text, const char *subst, void (*check)(const char *text));

#endif
