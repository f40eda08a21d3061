// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fixtures/runcap: a program that cannot be executed is an error of ours
 * (never an exit status a probe could blame on the kernel), and our own
 * helper is found only as a regular executable file — in an install,
 * <libexec>/nsprobe/../nsprobe is the directory itself.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fixtures/runcap.h"
#include "tests/unit/selftest.h"

/* A scratch tree: DIR/probes (what NSHARNESS_PROBES names) and DIR/nsprobe. */
static char scratch[64];

static void scratch_make(void)
{
	char path[128];

	snprintf(scratch, sizeof(scratch), "/tmp/nsp-runcap-XXXXXX");
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(scratch));
	snprintf(path, sizeof(path), "%s/probes", scratch);
	CU_ASSERT_EQUAL_FATAL(mkdir(path, 0755), 0);
}

static void scratch_remove(void)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/nsprobe", scratch);
	if (unlink(path) < 0)
		rmdir(path);
	snprintf(path, sizeof(path), "%s/target", scratch);
	unlink(path);
	snprintf(path, sizeof(path), "%s/probes", scratch);
	rmdir(path);
	rmdir(scratch);
}

/* What DIR/nsprobe is made as, and whether the lookup may pick it. */
enum kind { K_DIR, K_PLAIN_FILE, K_EXECUTABLE, K_LINK_TO_EXECUTABLE, K_MISSING };

static const struct helper_case {
	const char *name;
	enum kind kind;
	bool accepted;
} helper_cases[] = {
	{ "a directory (an install's libexec/nsprobe)", K_DIR, false },
	{ "a file without execute permission", K_PLAIN_FILE, false },
	{ "a regular executable file", K_EXECUTABLE, true },
	{ "a symlink to a regular executable", K_LINK_TO_EXECUTABLE, true },
	{ "nothing there", K_MISSING, false },
};

static void make_candidate(enum kind k)
{
	char path[128], target[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/nsprobe", scratch);
	snprintf(target, sizeof(target), "%s/target", scratch);
	switch (k) {
	case K_DIR:
		CU_ASSERT_EQUAL(mkdir(path, 0755), 0);
		return;
	case K_MISSING:
		return;
	default:
		break;
	}
	f = fopen(k == K_LINK_TO_EXECUTABLE ? target : path, "we");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs("#!/bin/sh\n", f);
	fclose(f);
	CU_ASSERT_EQUAL(chmod(k == K_LINK_TO_EXECUTABLE ? target : path,
			      k == K_PLAIN_FILE ? 0644 : 0755), 0);
	if (k == K_LINK_TO_EXECUTABLE)
		CU_ASSERT_EQUAL(symlink(target, path), 0);
}

static void test_find_helper(void)
{
	for (size_t i = 0; i < sizeof(helper_cases) / sizeof(helper_cases[0]); i++) {
		const struct helper_case *c = &helper_cases[i];
		char env[128], got[PATH_MAX], want[PATH_MAX] = "";
		struct nsp_err e = { 0 };
		int rc;

		scratch_make();
		make_candidate(c->kind);
		snprintf(env, sizeof(env), "%s/probes", scratch);
		setenv("NSHARNESS_PROBES", env, 1);
		rc = nsp_find_nsprobe(got, sizeof(got), &e);
		unsetenv("NSHARNESS_PROBES");
		/* the later candidates (beside this test program) may answer, but
		 * whatever is returned is an executable regular file */
		CU_ASSERT_TRUE(rc < 0 || nsp_is_executable_file(got));
		snprintf(env, sizeof(env), "%s/nsprobe", scratch);
		if (!realpath(env, want))
			want[0] = '\0';
		if (c->accepted != (rc == 0 && strcmp(got, want) == 0))
			fprintf(stderr, "\n  case %s: rc %d, got `%s' (%s)", c->name, rc, got, e.msg);
		CU_ASSERT_EQUAL(c->accepted, rc == 0 && strcmp(got, want) == 0);
		scratch_remove();
	}
}

static const struct exec_case {
	const char *name;
	char *argv[4];
	int errnum;		/* 0: it runs */
	int status;		/* its exit status when it runs */
} exec_cases[] = {
	{ "a missing program", { "/nonexistent/nsprobe", NULL }, ENOENT, 0 },
	{ "a directory", { "/tmp", NULL }, EACCES, 0 },
	{ "a name not in PATH", { "nsp-no-such-program", NULL }, ENOENT, 0 },
	{ "a program exiting 127 on its own", { "/bin/sh", "-c", "exit 127", NULL }, 0, 127 },
	{ "a program exiting 0", { "/bin/sh", "-c", "echo out; echo err >&2", NULL }, 0, 0 },
};

static void test_exec_failure(void)
{
	for (size_t i = 0; i < sizeof(exec_cases) / sizeof(exec_cases[0]); i++) {
		const struct exec_case *c = &exec_cases[i];
		struct nsp_capture cap;
		struct nsp_err e = { 0 };
		int rc = nsp_run_capture(c->argv, &cap, &e);

		if (c->errnum) {
			CU_ASSERT_EQUAL(rc, -1);
			CU_ASSERT_EQUAL(e.errnum, c->errnum);
			CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, c->argv[0]));
			continue;
		}
		CU_ASSERT_EQUAL_FATAL(rc, 0);
		CU_ASSERT_TRUE(WIFEXITED(cap.status) && WEXITSTATUS(cap.status) == c->status);
		if (c->status == 0) {
			CU_ASSERT_STRING_EQUAL(cap.out, "out\n");
			CU_ASSERT_STRING_EQUAL(cap.err, "err\n");
		}
		nsp_capture_free(&cap);
	}
}

static const struct selftest_case runcap_cases[] = {
	{ "helper lookup accepts only executable regular files", test_find_helper },
	{ "exec failure is an error, exit 127 is a status", test_exec_failure },
	{ NULL, NULL }
};

SELFTEST_SUITE(runcap_suite, "runcap", runcap_cases)
