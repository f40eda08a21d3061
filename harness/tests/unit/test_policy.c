// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Self-tests of runtime policy points (fixtures/policy.h): each case sets
 * the environment nsharness --runtime would, writes one point and checks
 * the outcome it got.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixtures/policy.h"
#include "lib/policyenv.h"
#include "tests/unit/selftest.h"

static void test_env_name(void)
{
	char buf[64];

	policy_env_name("last-pid", buf, sizeof(buf));
	CU_ASSERT_STRING_EQUAL(buf, "NSHARNESS_POLICY_LAST_PID");
	policy_env_name("lo", buf, 20);
	CU_ASSERT_STRING_EQUAL(buf, "NSHARNESS_POLICY_LO");
}

static void test_outcomes(void)
{
	static const struct {
		const char *runtime, *doc, *want, *got, *absent;
		const char *line;	/* what the point must start with */
		const char *also;	/* and hold, or NULL */
	} cases[] = {
		/* no profile: the kernel's default passes, else the premise is absent */
		{ NULL, NULL, "down", "down", "absent", "ok 1 - d\n", NULL },
		{ NULL, NULL, "down", "up", "absent", "ok 1 - d # SKIP absent", NULL },
		{ NULL, NULL, "down", "up", NULL, "not ok 1 - d", NULL },
		/* a profile documents what we see: a named policy outcome */
		{ "rt", "up it brings lo up", "down", "up", "absent",
		  "# policy: lo=up (the rt profile)\nok 1 - d # SKIP runtime policy: it brings lo up",
		  NULL },
		{ "rt", "down nothing", "down", "down", NULL, "ok 1 - d\n", NULL },
		/* undocumented differences are findings */
		{ "rt", "up it brings lo up", "down", "down", "absent", "# policy: lo=up documented",
		  "not ok 1 - d" },
		{ "rt", NULL, "down", "up", "absent", "# policy: the rt profile documents nothing",
		  "not ok 1 - d" },
		{ "rt", "slave why", "shared", "private", "absent", "# policy: lo=slave", "not ok" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *text = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&text, &len);
		struct tap t;

		if (cases[i].runtime)
			setenv(POLICY_ENV_RUNTIME, cases[i].runtime, 1);
		else
			unsetenv(POLICY_ENV_RUNTIME);
		if (cases[i].doc)
			setenv("NSHARNESS_POLICY_LO", cases[i].doc, 1);
		else
			unsetenv("NSHARNESS_POLICY_LO");
		tap_init(&t, f);
		policy_expect(&t, "lo", cases[i].want, cases[i].got, cases[i].absent, "d");
		fclose(f);
		if (!strstr(text, cases[i].line) ||
		    (cases[i].also && !strstr(text, cases[i].also)))
			fprintf(stderr, "case %zu:\n%s\n", i, text);
		CU_ASSERT_PTR_NOT_NULL(strstr(text, cases[i].line));
		CU_ASSERT(!cases[i].also || strstr(text, cases[i].also));
		free(text);
	}
	unsetenv(POLICY_ENV_RUNTIME);
	unsetenv("NSHARNESS_POLICY_LO");
}

static const struct selftest_case cases[] = {
	{ "policy variable names", test_env_name },
	{ "pass, policy, absent premise, finding", test_outcomes },
	{ NULL, NULL },
};

SELFTEST_SUITE(policy_suite, "runtime policy points", cases)
