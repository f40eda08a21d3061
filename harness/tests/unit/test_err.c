// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Self-tests of error values (err.h) and of the file helpers (file.h):
 * message chains as the top level prints them, and strict number parsing.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "lib/err.h"
#include "lib/file.h"
#include "tests/unit/selftest.h"

static void test_set_and_str(void)
{
	struct nsp_err e;
	char buf[128];

	CU_ASSERT_EQUAL(nsp_err_set(&e, ENOENT, "open %s", "/x"), -1);
	CU_ASSERT_EQUAL(e.errnum, ENOENT);
	CU_ASSERT_STRING_EQUAL(e.msg, "open /x");
	CU_ASSERT_STRING_EQUAL(nsp_err_str(&e, buf, sizeof(buf)),
			       "open /x: No such file or directory");
	/* errno 0: a logic error, printed without ": Success" */
	nsp_err_set(&e, 0, "uid_map has %d lines", 2);
	CU_ASSERT_STRING_EQUAL(nsp_err_str(&e, buf, sizeof(buf)), "uid_map has 2 lines");
	nsp_err_clear(&e);
	CU_ASSERT_EQUAL(e.errnum, 0);
	CU_ASSERT_STRING_EQUAL(e.msg, "");
}

/* nsp_err_sys takes errno as it is, and leaves it as it was. */
static void test_sys(void)
{
	struct nsp_err e;

	errno = EPERM;
	CU_ASSERT_EQUAL(nsp_err_sys(&e, "setns(%d)", 3), -1);
	CU_ASSERT_EQUAL(errno, EPERM);
	CU_ASSERT_EQUAL(e.errnum, EPERM);
	CU_ASSERT_STRING_EQUAL(e.msg, "setns(3)");
}

/* Callers add context outwards: the errno of the innermost call stays. */
static void test_wrap_chain(void)
{
	struct nsp_err e;
	char buf[128];

	nsp_err_set(&e, EACCES, "b");
	CU_ASSERT_EQUAL(nsp_err_wrap(&e, "a"), -1);
	CU_ASSERT_STRING_EQUAL(nsp_err_str(&e, buf, sizeof(buf)),
			       "a: b: Permission denied");

	errno = EACCES;
	nsp_err_sys(&e, "mkdir");
	nsp_err_wrap(&e, "create cgroup `%s'", "nsprobe-41/c3");
	CU_ASSERT_EQUAL(e.errnum, EACCES);
	CU_ASSERT_STRING_EQUAL(nsp_err_str(&e, buf, sizeof(buf)),
			       "create cgroup `nsprobe-41/c3': mkdir: Permission denied");
	/* the context may quote the message it wraps */
	nsp_err_set(&e, 0, "x");
	nsp_err_wrap(&e, "was (%s)", e.msg);
	CU_ASSERT_STRING_EQUAL(e.msg, "was (x): x");
}

/* Too long for msg[]: cut, terminated, and the cut is marked. */
static void test_truncation(void)
{
	char big[NSP_ERR_MSG_MAX + 100], buf[8];
	struct nsp_err e;

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	nsp_err_set(&e, EIO, "%s", big);
	CU_ASSERT_EQUAL(strlen(e.msg), NSP_ERR_MSG_MAX - 1);
	nsp_err_wrap(&e, "ctx");
	CU_ASSERT_EQUAL(strlen(e.msg), NSP_ERR_MSG_MAX - 1);
	CU_ASSERT_EQUAL(strncmp(e.msg, "ctx: xxx", 8), 0);
	CU_ASSERT_STRING_EQUAL(e.msg + NSP_ERR_MSG_MAX - 4, "...");
	CU_ASSERT_EQUAL(e.errnum, EIO);

	nsp_err_set(&e, EACCES, "a");
	nsp_err_wrap(&e, "b");
	CU_ASSERT_STRING_EQUAL(nsp_err_str(&e, buf, sizeof(buf)), "b: a: P");
}

static void test_errno_names(void)
{
	CU_ASSERT_STRING_EQUAL(nsp_errno_name(EACCES), "EACCES");
	CU_ASSERT_STRING_EQUAL(nsp_errno_name(ENOTTY), "ENOTTY");
	CU_ASSERT_STRING_EQUAL(nsp_errno_name(EUSERS), "EUSERS");
	CU_ASSERT_STRING_EQUAL(nsp_errno_name(0), "E?");
	CU_ASSERT_STRING_EQUAL(nsp_errno_name(-1), "E?");
	CU_ASSERT_STRING_EQUAL(nsp_errno_name(99999), "E?");
}

static const struct {
	const char *s;
	long min, max;
	int ret;
	long v;		/* when ret == 0 */
} parse_cases[] = {
	{ "0", 0, 10, 0, 0 },
	{ "42", 0, 100, 0, 42 },
	{ "-5", -10, 10, 0, -5 },
	{ "007", 0, 10, 0, 7 },		/* decimal, never octal */
	{ "10", 0, 10, 0, 10 },		/* bounds are inclusive */
	{ "11", 0, 10, -1, 0 },
	{ "-1", 0, 10, -1, 0 },
	{ "9223372036854775807", 0, LONG_MAX, 0, LONG_MAX },
	{ "-9223372036854775808", LONG_MIN, 0, 0, LONG_MIN },
	{ "9223372036854775808", 0, LONG_MAX, -1, 0 },		/* ERANGE */
	{ "-9223372036854775809", LONG_MIN, 0, -1, 0 },
	{ "", 0, 10, -1, 0 },
	{ "-", -10, 10, -1, 0 },
	{ "+1", 0, 10, -1, 0 },
	{ " 1", 0, 10, -1, 0 },
	{ "\t1", 0, 10, -1, 0 },
	{ "1 ", 0, 10, -1, 0 },
	{ "1\n", 0, 10, -1, 0 },
	{ "0x10", 0, 100, -1, 0 },
	{ "1e3", 0, 10000, -1, 0 },
	{ "1.5", 0, 10, -1, 0 },
	{ "--1", -10, 10, -1, 0 },
	{ "- 1", -10, 10, -1, 0 },
	{ "abc", 0, 10, -1, 0 },
};

static void test_parse_long(void)
{
	long v;

	for (size_t i = 0; i < sizeof(parse_cases) / sizeof(parse_cases[0]); i++) {
		v = 12345;
		CU_ASSERT_EQUAL(nsp_parse_long(parse_cases[i].s, parse_cases[i].min,
					       parse_cases[i].max, &v),
				parse_cases[i].ret);
		/* a failed parse leaves the output alone */
		CU_ASSERT_EQUAL(v, parse_cases[i].ret == 0 ? parse_cases[i].v : 12345);
	}
	CU_ASSERT_EQUAL(nsp_parse_long(NULL, 0, 10, &v), -1);
}

/* A memfd seen through /proc/self/fd: a file of any size, no disk. */
static int memfd_path(const char *text, size_t len, char *path, size_t plen)
{
	int fd = memfd_create("nsp-selftest", MFD_CLOEXEC);

	if (fd < 0)
		return -1;
	if (write(fd, text, len) != (ssize_t)len) {
		close(fd);
		return -1;
	}
	snprintf(path, plen, "/proc/self/fd/%d", fd);
	return fd;
}

/* Sizes around the first buffer (4096) and its doubling. */
static void test_read_file_sizes(void)
{
	static const size_t sizes[] = { 0, 1, 4094, 4095, 4096, 4097, 8191, 20000 };
	char *text = malloc(20000), *got, path[64];
	struct nsp_err e;
	size_t len;
	int fd;

	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	for (size_t i = 0; i < 20000; i++)
		text[i] = (char)('a' + i % 26);
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		fd = memfd_path(text, sizes[i], path, sizeof(path));
		CU_ASSERT_FATAL(fd >= 0);
		got = nsp_read_file(path, &len, &e);
		CU_ASSERT_PTR_NOT_NULL(got);
		if (got) {
			CU_ASSERT_EQUAL(len, sizes[i]);
			CU_ASSERT_EQUAL(strlen(got), sizes[i]);
			CU_ASSERT_EQUAL(memcmp(got, text, sizes[i]), 0);
		}
		free(got);
		close(fd);
	}
	free(text);
}

static void test_read_errors(void)
{
	char buf[16], path[64];
	struct nsp_err e;
	int fd;

	CU_ASSERT_PTR_NULL(nsp_read_file("/nonexistent/nsprobe", NULL, &e));
	CU_ASSERT_EQUAL(e.errnum, ENOENT);
	CU_ASSERT_STRING_EQUAL(e.msg, "open /nonexistent/nsprobe");
	CU_ASSERT_PTR_NULL(nsp_read_proc(0, "no-such-file", &e));
	CU_ASSERT_EQUAL(e.errnum, ENOENT);
	CU_ASSERT_STRING_EQUAL(e.msg, "open /proc/self/no-such-file");

	fd = memfd_path("first line\nsecond\n", 18, path, sizeof(path));
	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT_EQUAL(nsp_read_line(path, buf, sizeof(buf), &e), 0);
	CU_ASSERT_STRING_EQUAL(buf, "first line");
	CU_ASSERT_EQUAL(nsp_read_line(path, buf, 10, &e), -1);
	CU_ASSERT_EQUAL(e.errnum, EOVERFLOW);
	CU_ASSERT_EQUAL(nsp_read_line(path, buf, 11, &e), 0);
	close(fd);
}

static void test_write_file(void)
{
	char path[64], *got;
	struct nsp_err e;
	int fd;

	fd = memfd_path("", 0, path, sizeof(path));
	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT_EQUAL(nsp_write_file(path, "max\n", &e), 0);
	got = nsp_read_file(path, NULL, &e);
	CU_ASSERT_PTR_NOT_NULL(got);
	if (got)
		CU_ASSERT_STRING_EQUAL(got, "max\n");
	free(got);
	close(fd);
	CU_ASSERT_EQUAL(nsp_write_file("/nonexistent/nsprobe", "1", &e), -1);
	CU_ASSERT_EQUAL(e.errnum, ENOENT);
	CU_ASSERT_STRING_EQUAL(e.msg, "open /nonexistent/nsprobe for writing");
}

static const struct selftest_case err_cases[] = {
	{ "set, str, clear", test_set_and_str },
	{ "sys keeps errno", test_sys },
	{ "wrap chains", test_wrap_chain },
	{ "truncation", test_truncation },
	{ "errno names", test_errno_names },
	{ "nsp_parse_long edge cases", test_parse_long },
	{ "nsp_read_file sizes", test_read_file_sizes },
	{ "read errors, nsp_read_line", test_read_errors },
	{ "nsp_write_file", test_write_file },
	{ NULL, NULL }
};

SELFTEST_SUITE(err_suite, "err", err_cases)
