// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Self-tests of the run identity (lib/runid.h): $NSHARNESS_RUN_ID taken
 * strictly or refused, our own identity otherwise, and the cgroup run
 * name made from it.  Liveness is tested on real groups in test_cgroup.c
 * (a dead owner, a reused pid, a live owner).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/runid.h"
#include "runtime/cgroup.h"
#include "tests/unit/selftest.h"

static void test_run_name(void)
{
	char *saved = getenv(RUN_ID_ENV), want[96], id[RUN_ID_MAX], name[96];
	static const char *const bad[] = { "12x", "0-1-1", "1-0-1", "01-2-3", "1-2", "",
					   " 1-2-3", "1-2-3-4", "1-99999999999-3", NULL };
	struct run_id self, got;
	struct nsp_err e;

	saved = saved ? strdup(saved) : NULL;
	setenv(RUN_ID_ENV, "4026531836-4242-99", 1);
	CU_ASSERT(run_id_current(&got, &e) == 0 && got.pidns == 4026531836UL &&
		  got.pid == 4242 && got.start == 99);
	CU_ASSERT(core_cgroup_run_name(name, sizeof(name), &e) == 0 &&
		  strcmp(name, "nsprobe-4026531836-4242-99") == 0);
	CU_ASSERT(core_cgroup_run_name(name, 8, &e) == -1 && e.errnum == ENAMETOOLONG);
	for (const char *const *b = bad; *b; b++) {
		setenv(RUN_ID_ENV, *b, 1);
		CU_ASSERT(run_id_current(&got, &e) == -1 && e.errnum == EINVAL &&
			  strstr(e.msg, RUN_ID_ENV) != NULL);
	}
	unsetenv(RUN_ID_ENV);
	CU_ASSERT_FATAL(run_id_self(&self, &e) == 0);
	CU_ASSERT(self.pid == getpid() && self.pidns > 0 && self.start > 0);
	CU_ASSERT(run_id_current(&got, &e) == 0 && run_id_eq(&got, &self));
	CU_ASSERT(run_id_format(&self, id, sizeof(id), &e) == 0);
	snprintf(want, sizeof(want), "nsprobe-%s", id);
	CU_ASSERT(core_cgroup_run_name(name, sizeof(name), &e) == 0 &&
		  strcmp(name, want) == 0);
	if (saved)
		setenv(RUN_ID_ENV, saved, 1);
	free(saved);
}

static const struct selftest_case runid_cases[] = {
	{ "run name from NSHARNESS_RUN_ID or our own identity", test_run_name },
	{ NULL, NULL },
};

SELFTEST_SUITE(runid_suite, "run identity", runid_cases)
