// SPDX-License-Identifier: GPL-2.0-or-later
/* Self-tests of the probe command line (probeargs.h), NSpid lists as text
 * (pidlist.h) and the SysV IPC helpers (sysvipc.h). */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/pidlist.h"
#include "fixtures/probeargs.h"
#include "tests/unit/selftest.h"
#include "fixtures/sysvipc.h"

static const char *const faults[] = { "shared-pid", "shared-proc", NULL };

static int parse(int argc, char *const *argv, struct probe_args *a, struct nsp_err *e)
{
	return probe_args_parse(argc, argv, faults, a, e);
}

static void test_args_ok(void)
{
	static const struct {
		int argc;
		char *argv[5];
		bool inside;
		const char *fault;
	} cases[] = {
		{ 1, { "p" }, false, NULL },
		{ 3, { "p", "--role", "inside" }, true, NULL },
		{ 3, { "p", "--role", "outside" }, false, NULL },
		{ 3, { "p", "--fault", "shared-proc" }, false, "shared-proc" },
		{ 5, { "p", "--role", "outside", "--fault", "shared-pid" }, false, "shared-pid" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct probe_args a;
		struct nsp_err e;

		CU_ASSERT_EQUAL_FATAL(parse(cases[i].argc, cases[i].argv, &a, &e), 0);
		CU_ASSERT_EQUAL(a.inside, cases[i].inside);
		CU_ASSERT_EQUAL(a.fault == NULL, cases[i].fault == NULL);
		if (cases[i].fault)
			CU_ASSERT_TRUE(probe_fault(&a, cases[i].fault));
	}
}

static void test_args_bad(void)
{
	static const struct {
		int argc;
		char *argv[5];
	} cases[] = {
		{ 2, { "p", "--role" } },
		{ 3, { "p", "--role", "sideways" } },
		{ 3, { "p", "--fault", "nope" } },
		{ 2, { "p", "-x" } },
		{ 5, { "p", "--role", "inside", "--fault", "shared-pid" } },
		{ 5, { "p", "--fault", "shared-pid", "--fault", "shared-proc" } },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct probe_args a;
		struct nsp_err e = { 0 };

		CU_ASSERT_EQUAL(parse(cases[i].argc, cases[i].argv, &a, &e), -1);
		CU_ASSERT_EQUAL(e.errnum, EINVAL);
	}
	CU_ASSERT_EQUAL(probe_args_parse(3, (char *const[]){ "p", "--fault", "x", NULL },
					 NULL, &(struct probe_args){ 0 }, &(struct nsp_err){ 0 }), -1);
}

static void test_key(void)
{
	CU_ASSERT_NOT_EQUAL(sysvipc_key(0, 0), IPC_PRIVATE);
	CU_ASSERT_NOT_EQUAL(sysvipc_key(1, 1234), sysvipc_key(2, 1234));
	CU_ASSERT_NOT_EQUAL(sysvipc_key(1, 1234), sysvipc_key(1, 1235));
	CU_ASSERT_TRUE(sysvipc_key(255, 0x7fffff) > 0);
}

/* The owner digest of pid 1 of a new pid namespace, or 0 (and why) on failure. */
static uint32_t owner_as_pid1(void)
{
	uint32_t got = 0;
	int p[2], status = -1;
	pid_t c;

	if (pipe2(p, O_CLOEXEC) < 0)
		return 0;
	c = fork();
	if (c == 0) {
		pid_t g;

		if (unshare(CLONE_NEWPID) < 0)
			_exit(10);
		g = fork();
		if (g == 0) {
			uint32_t o = sysvipc_owner(0);

			_exit(getpid() == 1 && write(p[1], &o, sizeof(o)) == sizeof(o) ? 0 : 11);
		}
		_exit(g > 0 && waitpid(g, &status, 0) == g && WIFEXITED(status) ?
		      WEXITSTATUS(status) : 12);
	}
	close(p[1]);
	if (c > 0 && waitpid(c, &status, 0) == c && WIFEXITED(status) &&
	    WEXITSTATUS(status) == 0 && read(p[0], &got, sizeof(got)) != sizeof(got))
		got = 0;
	close(p[0]);
	return got;
}

/* Two pid-1s of sibling pid namespaces share one pid: never one owner. */
static void test_owner_not_pid(void)
{
	uint32_t a, b;

	if (geteuid() != 0) {
		CU_PASS("skipped: a pid namespace needs root");
		return;
	}
	a = owner_as_pid1();
	b = owner_as_pid1();
	CU_ASSERT(a != 0 && b != 0);
	CU_ASSERT_NOT_EQUAL(a, b);
	CU_ASSERT_NOT_EQUAL(sysvipc_key(1, a), sysvipc_key(1, b));
}

static const char msg_table[] =
	"       key      msqid perms      cbytes       qnum lspid lrpid\n"
	"  12345678          0   600           0          0     0     0\n"
	"        -5          1   600           0          0     0     0\n";

static void test_table(void)
{
	struct nsp_err e;
	bool found;

	CU_ASSERT_EQUAL(sysvipc_table_has(msg_table, 12345678, &found, &e), 0);
	CU_ASSERT_TRUE(found);
	CU_ASSERT_EQUAL(sysvipc_table_has(msg_table, -5, &found, &e), 0);
	CU_ASSERT_TRUE(found);
	CU_ASSERT_EQUAL(sysvipc_table_has(msg_table, 1234567, &found, &e), 0);
	CU_ASSERT_FALSE(found);
	/* header only: an empty table */
	CU_ASSERT_EQUAL(sysvipc_table_has("  key shmid\n", 1, &found, &e), 0);
	CU_ASSERT_FALSE(found);
	CU_ASSERT_EQUAL(sysvipc_table_has("key\nbogus line\n", 1, &found, &e), -1);
	CU_ASSERT_EQUAL(e.errnum, EINVAL);
}

static void test_idlist_str(void)
{
	struct ns_idlist l = { .n = 3, .id = { 4321, 7, 1 } }, empty = { 0 };
	char buf[64], small[8];

	CU_ASSERT_STRING_EQUAL(ns_idlist_str(&l, buf, sizeof(buf)), "4321 7 1");
	CU_ASSERT_STRING_EQUAL(ns_idlist_str(&empty, buf, sizeof(buf)), "");
	CU_ASSERT_STRING_EQUAL(ns_idlist_str(&l, small, sizeof(small)), "4321 7");
	CU_ASSERT_TRUE(strlen(ns_idlist_str(&l, small, 6)) < 6);
}

static const struct selftest_case cases[] = {
	{ "NSpid lists as text", test_idlist_str },
	{ "arguments that parse", test_args_ok },
	{ "arguments that do not", test_args_bad },
	{ "unique SysV keys", test_key },
	{ "owners differ where pids are equal (two pid namespaces)", test_owner_not_pid },
	{ "/proc/sysvipc tables", test_table },
	{ NULL, NULL },
};
SELFTEST_SUITE(probeargs_ipc_suite, "probeargs+sysvipc", cases)
