// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Self-tests of lib/securepath: as root, programs come from the fixed
 * secure path whatever $PATH says, and directories someone else may
 * change are refused, each with the reason.
 */
#include <errno.h>
#include <stdbool.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/unit/selftest.h"
#include "lib/nsfile.h"
#include "lib/securepath.h"

static char base[] = "/tmp/nsp-securepath-XXXXXX";

/* Root of the initial user namespace, where the checks apply. */
static bool host_root(void)
{
	struct ns_ident id;
	struct nsp_err e;

	return geteuid() == 0 && ns_ident_of(0, "user", &id, &e) == 0 &&
	       id.ino == (ino_t)ns_type_by_flag(CLONE_NEWUSER)->init_ino;
}

/* A program planted first in $PATH is not what root runs. */
static void test_path_ignored_as_root(void)
{
	char bin[PATH_MAX], prog[PATH_MAX + 16], got[PATH_MAX], *old = getenv("PATH");
	char *saved = old ? strdup(old) : NULL;
	struct nsp_err e = { 0 };
	FILE *f;

	if (geteuid() != 0 || !mkdtemp(base))
		return;
	snprintf(bin, sizeof(bin), "%s", base);
	snprintf(prog, sizeof(prog), "%s/sh", bin);
	f = fopen(prog, "we");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs("#!/bin/true\n", f);
	fclose(f);
	CU_ASSERT_EQUAL(chmod(prog, 0755), 0);
	setenv("PATH", bin, 1);
	CU_ASSERT_EQUAL(nsp_find_program("sh", got, sizeof(got), &e), 0);
	CU_ASSERT(strncmp(got, base, strlen(base)) != 0);	/* not the planted one */
	CU_ASSERT(strstr(NSP_SECURE_PATH, "/bin") != NULL && got[0] == '/');
	CU_ASSERT_EQUAL(nsp_find_program("nsp-no-such-program", got, sizeof(got), &e), -1);
	CU_ASSERT_EQUAL(e.errnum, ENOENT);
	CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, "the fixed secure path, not $PATH"));
	if (saved)
		setenv("PATH", saved, 1);
	free(saved);
	unlink(prog);
	rmdir(base);
}

/* Which directories root trusts: each mode, and what the refusal says. */
static void test_dir_trust(void)
{
	static const struct {
		mode_t parent, leaf;
		const char *why;	/* NULL: trusted */
	} cases[] = {
		{ 0755, 0755, NULL },
		{ 0755, 0775, NULL },	/* our group (root's) may write */
		{ 01777, 0755, NULL },	/* sticky above, like /tmp */
		{ 0755, 0777, "it is writable by others" },
		{ 0755, 01777, "it is writable by others" },	/* sticky does not save the leaf */
		{ 0777, 0755, "is writable by others" },	/* a parent without sticky */
	};
	char parent[] = "/tmp/nsp-trust-XXXXXX", leaf[64];
	struct nsp_err e;

	if (!host_root() || !mkdtemp(parent))
		return;
	snprintf(leaf, sizeof(leaf), "%s/probes", parent);
	CU_ASSERT_EQUAL_FATAL(mkdir(leaf, 0755), 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc;

		CU_ASSERT_EQUAL(chmod(parent, cases[i].parent), 0);
		CU_ASSERT_EQUAL(chmod(leaf, cases[i].leaf), 0);
		e = (struct nsp_err){ 0 };
		rc = nsp_check_dir_trusted(leaf, "probe directory", &e);
		CU_ASSERT_EQUAL(rc, cases[i].why ? -1 : 0);
		if (cases[i].why) {
			CU_ASSERT_EQUAL(e.errnum, EPERM);
			CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, cases[i].why));
		}
	}
	CU_ASSERT_EQUAL(chown(leaf, 65534, 65534), 0);
	CU_ASSERT_EQUAL(chmod(parent, 0755), 0);
	CU_ASSERT_EQUAL(chmod(leaf, 0755), 0);
	CU_ASSERT_EQUAL(nsp_check_dir_trusted(leaf, "probe directory", &e), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, "owned by another user"));
	rmdir(leaf);
	rmdir(parent);
}

static const struct selftest_case securepath_cases[] = {
	{ "as root, $PATH does not choose the program", test_path_ignored_as_root },
	{ "as root, directories others may change are refused", test_dir_trust },
	{ NULL, NULL }
};

SELFTEST_SUITE(securepath_suite, "securepath", securepath_cases)
