// SPDX-License-Identifier: GPL-2.0-or-later
/* Self-tests of the NS* line parser of /proc/<pid>/status (procstatus.h). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lib/procstatus.h"
#include "tests/unit/selftest.h"

/* The head of a real status file of a process two pid namespaces down. */
static const char nested_sample[] =
	"Name:\tsleep\n"
	"Umask:\t0022\n"
	"State:\tS (sleeping)\n"
	"Tgid:\t4321\n"
	"Ngid:\t0\n"
	"Pid:\t4321\n"
	"PPid:\t4300\n"
	"TracerPid:\t0\n"
	"Uid:\t0\t0\t0\t0\n"
	"Gid:\t0\t0\t0\t0\n"
	"FDSize:\t64\n"
	"Groups:\t0 \n"
	"NStgid:\t4321\t7\t1\n"
	"NSpid:\t4321\t7\t1\n"
	"NSpgid:\t4321\t7\t1\n"
	"NSsid:\t4300\t0\t0\n"
	"VmPeak:\t    2404 kB\n"
	"Threads:\t1\n";

static void expect_ids(const struct ns_idlist *l, int n, const pid_t *ids)
{
	CU_ASSERT_EQUAL_FATAL(l->n, n);
	for (int i = 0; i < n; i++)
		CU_ASSERT_EQUAL(l->id[i], ids[i]);
}

static void test_nested(void)
{
	static const pid_t pids[] = { 4321, 7, 1 }, sids[] = { 4300, 0, 0 };
	struct ns_status st;
	struct nsp_err e;

	CU_ASSERT_EQUAL_FATAL(ns_status_parse(nested_sample, &st, &e), 0);
	expect_ids(&st.tgid, 3, pids);
	expect_ids(&st.pid, 3, pids);
	expect_ids(&st.pgid, 3, pids);
	expect_ids(&st.sid, 3, sids);
}

/* The initial pid namespace: one id per line, and no newline at the end. */
static void test_single_level_no_newline(void)
{
	static const pid_t one[] = { 1 }, pid[] = { 812 };
	struct ns_status st;
	struct nsp_err e;

	CU_ASSERT_EQUAL_FATAL(ns_status_parse("NStgid:\t812\nNSpid:\t812\n"
					      "NSpgid:\t1\nNSsid:\t1", &st, &e), 0);
	expect_ids(&st.tgid, 1, pid);
	expect_ids(&st.pid, 1, pid);
	expect_ids(&st.pgid, 1, one);
	expect_ids(&st.sid, 1, one);
}

/* Kernels before 4.1 have no NS* lines: that is not an error. */
static void test_absent_lines(void)
{
	struct ns_status st;
	struct nsp_err e;

	CU_ASSERT_EQUAL(ns_status_parse("Name:\tinit\nPid:\t1\n", &st, &e), 0);
	CU_ASSERT_EQUAL(st.pid.n, 0);
	CU_ASSERT_EQUAL(st.tgid.n, 0);
	CU_ASSERT_EQUAL(ns_status_parse("", &st, &e), 0);
	CU_ASSERT_EQUAL(st.sid.n, 0);
}

/* "NSpidX:" or "xNSpid:" are other lines; spaces between ids are fine. */
static void test_key_matching(void)
{
	static const pid_t ids[] = { 10, 2 };
	struct ns_status st;
	struct nsp_err e;

	CU_ASSERT_EQUAL_FATAL(ns_status_parse("NSpidX:\tbad\nxNSpid:\tbad\n"
					      "NSpid:  10 \t 2  \n", &st, &e), 0);
	expect_ids(&st.pid, 2, ids);
	CU_ASSERT_EQUAL(st.tgid.n, 0);
}

/* 33 levels (32 nested namespaces) is the kernel's maximum. */
static void test_max_levels(void)
{
	char text[512], *p = text;
	struct ns_status st;
	struct nsp_err e;

	p += sprintf(p, "NSpid:");
	for (int i = NSP_MAX_PID_LEVELS; i >= 1; i--)
		p += sprintf(p, "\t%d", i);
	strcpy(p, "\n");
	CU_ASSERT_EQUAL_FATAL(ns_status_parse(text, &st, &e), 0);
	CU_ASSERT_EQUAL(st.pid.n, NSP_MAX_PID_LEVELS);
	CU_ASSERT_EQUAL(st.pid.id[0], NSP_MAX_PID_LEVELS);
	CU_ASSERT_EQUAL(st.pid.id[NSP_MAX_PID_LEVELS - 1], 1);

	/* one more level cannot come from a kernel */
	strcpy(p, "\t99\n");
	CU_ASSERT_EQUAL(ns_status_parse(text, &st, &e), -1);
	CU_ASSERT_EQUAL(e.errnum, EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, "status line 1"));
	CU_ASSERT_EQUAL(st.pid.n, 0);
}

static const struct {
	const char *text;
	const char *msg;	/* expected error message */
} bad_samples[] = {
	{ "Name:\tx\nNSpid:\t12\tx7\n", "status line 2: NSpid: bad id \"x7\"" },
	{ "NStgid:\t5\nNSpid:\t-5\n", "status line 2: NSpid: bad id \"-5\"" },
	{ "NSpid:\t+5\n", "status line 1: NSpid: bad id \"+5\"" },
	{ "NSpid:\t5,6\n", "status line 1: NSpid: bad id \"5,6\"" },
	{ "NSsid:\t99999999999\n", "status line 1: NSsid: bad id \"99999999999\"" },
	{ "NSpid:\t0x10\n", "status line 1: NSpid: bad id \"0x10\"" },
	{ "NSpid:\t1234567890123456789012345\n",
	  "status line 1: NSpid: bad id \"1234567890123456789012345\"" },
	{ "A:\t1\nB:\t2\nNSpgid:\n", "status line 3: NSpgid lists no id" },
	{ "NSpid:\t \t\n", "status line 1: NSpid lists no id" },
	{ "NSpid:\t1\nNSpid:\t1\n", "status line 2: second NSpid line" },
};

/* Bad input: -1, EINVAL, the line named, and nothing half-filled. */
static void test_malformed(void)
{
	struct ns_status st;
	struct nsp_err e;

	for (size_t i = 0; i < sizeof(bad_samples) / sizeof(bad_samples[0]); i++) {
		nsp_err_clear(&e);
		memset(&st, 0x5a, sizeof(st));
		CU_ASSERT_EQUAL(ns_status_parse(bad_samples[i].text, &st, &e), -1);
		CU_ASSERT_EQUAL(e.errnum, EINVAL);
		CU_ASSERT_STRING_EQUAL(e.msg, bad_samples[i].msg);
		CU_ASSERT(st.tgid.n == 0 && st.pid.n == 0 && st.pgid.n == 0 &&
			  st.sid.n == 0);
	}
	CU_ASSERT_EQUAL(ns_status_parse(NULL, &st, &e), -1);
	CU_ASSERT_EQUAL(e.errnum, EINVAL);
}

/* Every prefix, and every byte replaced: no crash, a clean EINVAL. */
static void check_mangled(const char *text)
{
	struct ns_status st;
	struct nsp_err e;

	if (ns_status_parse(text, &st, &e) == 0)
		return;
	CU_ASSERT_EQUAL(e.errnum, EINVAL);
	CU_ASSERT_EQUAL(strncmp(e.msg, "status line ", 12), 0);
	CU_ASSERT(st.tgid.n == 0 && st.pid.n == 0 && st.pgid.n == 0 &&
		  st.sid.n == 0);
}

static void test_mangled(void)
{
	selftest_mangle(nested_sample, " \t:\n-x9", check_mangled);
}

/* Our own status: the last NSpid is the pid we have in our namespace. */
static void test_live_self(void)
{
	struct ns_status st;
	struct nsp_err e;

	CU_ASSERT_EQUAL_FATAL(ns_status_read(0, &st, &e), 0);
	CU_ASSERT_FATAL(st.pid.n >= 1);
	CU_ASSERT_EQUAL(st.pid.id[st.pid.n - 1], getpid());
	CU_ASSERT_EQUAL(st.tgid.n, st.pid.n);
	CU_ASSERT_EQUAL(st.tgid.id[st.tgid.n - 1], getpid());
	CU_ASSERT_EQUAL(st.sid.n, st.pid.n);
	CU_ASSERT_EQUAL(st.sid.id[st.sid.n - 1], getsid(0));
	CU_ASSERT_EQUAL(st.pgid.id[st.pgid.n - 1], getpgrp());
}

/* No process can have pid INT_MAX (pid_max is at most 2^22). */
static void test_live_missing(void)
{
	struct ns_status st;
	struct nsp_err e;

	CU_ASSERT_EQUAL(ns_status_read(INT_MAX, &st, &e), -1);
	CU_ASSERT_EQUAL(e.errnum, ENOENT);
	CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, "/proc/2147483647/status"));
	CU_ASSERT_EQUAL(st.pid.n, 0);
}

static const struct selftest_case procstatus_cases[] = {
	{ "nested NSpid/NStgid/NSpgid/NSsid", test_nested },
	{ "single level, no final newline", test_single_level_no_newline },
	{ "NS lines absent", test_absent_lines },
	{ "exact key match, blanks", test_key_matching },
	{ "33 levels and no more", test_max_levels },
	{ "malformed lines", test_malformed },
	{ "cut and mangled input", test_mangled },
	{ "live /proc/self/status", test_live_self },
	{ "live missing pid", test_live_missing },
	{ NULL, NULL }
};

SELFTEST_SUITE(procstatus_suite, "procstatus", procstatus_cases)
