// SPDX-License-Identifier: GPL-2.0-or-later
/* Self-tests of the container spec parsers and validation (harness/core/spec.c). */
#include <errno.h>
#include <string.h>

#include "tests/unit/selftest.h"
#include "runtime/spec.h"

static const struct {
	const char *text;
	int flags;		/* 0: must be rejected */
} ns_cases[] = {
	{ "pid", CLONE_NEWPID },
	{ "pid,uts,ipc", CLONE_NEWPID | CLONE_NEWUTS | CLONE_NEWIPC },
	{ "mnt,net,cgroup,user,time", CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWCGROUP |
				      CLONE_NEWUSER | CLONE_NEWTIME },
	{ "all", CORE_NS_ALL },
	{ "pid,pid", CLONE_NEWPID },
	{ "", 0 }, { "bogus", 0 }, { "pid,", CLONE_NEWPID }, { "pid,,uts", 0 },
	{ "PID", 0 }, { "pidx", 0 }, { "all,pid", 0 },
};

static void test_namespaces(void)
{
	for (size_t i = 0; i < sizeof(ns_cases) / sizeof(ns_cases[0]); i++) {
		struct nsp_err e = { 0 };
		int flags = -1, rc = core_parse_namespaces(ns_cases[i].text, &flags, &e);

		if (ns_cases[i].flags) {
			CU_ASSERT_EQUAL(rc, 0);
			CU_ASSERT_EQUAL(flags, ns_cases[i].flags);
		} else {
			CU_ASSERT_EQUAL(rc, -1);
			CU_ASSERT_EQUAL(e.errnum, EINVAL);
			CU_ASSERT(strlen(e.msg) > 0);
		}
	}
}

static const struct {
	const char *text;
	long long bytes;	/* 0: must be rejected */
} size_cases[] = {
	{ "1", 1 }, { "67108864", 64LL << 20 }, { "64M", 64LL << 20 },
	{ "64MiB", 64LL << 20 }, { "512k", 512LL << 10 }, { "2G", 2LL << 30 },
	{ "1GiB", 1LL << 30 }, { "0", 0 }, { "-1M", 0 }, { "M", 0 }, { "", 0 },
	{ "12Q", 0 }, { "1.5G", 0 }, { " 1M", 0 }, { "1M ", 0 }, { "1MB", 0 },
	{ "99999999999999999999", 0 }, { "9223372036854775807G", 0 },
};

static void test_sizes(void)
{
	for (size_t i = 0; i < sizeof(size_cases) / sizeof(size_cases[0]); i++) {
		struct nsp_err e = { 0 };
		long long v = -1;
		int rc = core_parse_size(size_cases[i].text, &v, &e);

		if (size_cases[i].bytes) {
			CU_ASSERT_EQUAL(rc, 0);
			CU_ASSERT_EQUAL(v, size_cases[i].bytes);
		} else {
			CU_ASSERT_EQUAL(rc, -1);
			CU_ASSERT(e.errnum == EINVAL || e.errnum == ERANGE);
		}
	}
}

static void test_propagation(void)
{
	enum core_propagation p;
	struct nsp_err e;

	CU_ASSERT_EQUAL(core_parse_propagation("slave", &p, &e), 0);
	CU_ASSERT_EQUAL(p, CORE_PROP_SLAVE);
	CU_ASSERT_STRING_EQUAL(core_propagation_name(p), "slave");
	CU_ASSERT_EQUAL(core_parse_propagation("unbindable", &p, &e), 0);
	CU_ASSERT_EQUAL(core_parse_propagation("rshared", &p, &e), -1);
	CU_ASSERT_EQUAL(e.errnum, EINVAL);
}

static char *const true_argv[] = { "/bin/true", NULL };
static char *const empty_argv[] = { NULL };

static int body(void *arg)
{
	(void)arg;
	return 0;
}

/* Each spec and the error it must get (NULL: valid). */
static const struct {
	struct core_spec spec;
	const char *message;
} validate_cases[] = {
	{ { .namespaces = CLONE_NEWUTS, .argv = true_argv }, NULL },
	{ { .namespaces = CLONE_NEWUTS }, "a container runs exactly one command or function" },
	{ { .namespaces = CLONE_NEWUTS, .argv = true_argv, .fn = body },
	  "a container runs exactly one command or function" },
	{ { .argv = empty_argv }, "empty command" },
	{ { .rootfs = CORE_ROOTFS_MINIMAL, .argv = true_argv },
	  "a rootfs needs a mount namespace (--ns mnt)" },
	{ { .hostname = "h", .argv = true_argv },
	  "a hostname needs a UTS namespace (--ns uts)" },
	{ { .veth = true, .argv = true_argv },
	  "a veth needs a network namespace (--ns net)" },
	{ { .propagation = CORE_PROP_SHARED, .argv = true_argv },
	  "a propagation needs a mount namespace (--ns mnt)" },
	{ { .map_root = true, .argv = true_argv },
	  "a uid map needs a user namespace (--ns user)" },
	{ { .namespaces = CLONE_NEWNET, .veth = true, .veth_outside = "a-name-far-too-long",
	    .argv = true_argv }, "veth name 'a-name-far-too-long' is not a valid link name" },
	{ { .namespaces = CLONE_NEWNS, .rootfs = CORE_ROOTFS_DIR,
	    .rootfs_dir = "/nonexistent/root", .argv = true_argv },
	  "rootfs /nonexistent/root" },
	{ { .namespaces = CLONE_NEWNS, .rootfs = CORE_ROOTFS_DIR,
	    .rootfs_dir = "/etc/hostname", .argv = true_argv }, "rootfs /etc/hostname" },
};

static void test_validate(void)
{
	for (size_t i = 0; i < sizeof(validate_cases) / sizeof(validate_cases[0]); i++) {
		struct nsp_err e = { 0 };
		int rc = core_spec_validate(&validate_cases[i].spec, &e);

		if (!validate_cases[i].message) {
			CU_ASSERT_EQUAL(rc, 0);
			continue;
		}
		CU_ASSERT_EQUAL(rc, -1);
		CU_ASSERT_STRING_EQUAL(e.msg, validate_cases[i].message);
	}
}

static const struct selftest_case cases[] = {
	{ "namespace lists", test_namespaces },
	{ "sizes", test_sizes },
	{ "propagation names", test_propagation },
	{ "spec validation names what is wrong", test_validate },
	{ NULL, NULL },
};

SELFTEST_SUITE(spec_suite, "container spec", cases)
