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
static const char *const no_layers[] = { NULL };
static const char *const bad_layers[] = { "/a:b", NULL };
static const char *const two_layers[] = { "/usr", "/etc", NULL };
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
	{ { .namespaces = CLONE_NEWNS, .rootfs = CORE_ROOTFS_LAYERS, .layers = no_layers,
	    .argv = true_argv }, "a layered rootfs needs at least one layer" },
	{ { .namespaces = CLONE_NEWNS, .rootfs = CORE_ROOTFS_LAYERS, .layers = bad_layers,
	    .argv = true_argv }, "layer `/a:b': an absolute path without `:' or `,'" },
	{ { .namespaces = CLONE_NEWNS, .rootfs = CORE_ROOTFS_LAYERS, .layers = two_layers,
	    .argv = true_argv }, NULL },
	{ { .namespaces = CLONE_NEWNET, .bridge = "br0", .argv = true_argv },
	  "a bridge or an address needs a veth (--veth)" },
	{ { .namespaces = CLONE_NEWNET, .veth = true, .bridge = "bridge-name-too-long",
	    .argv = true_argv }, "bridge name 'bridge-name-too-long' is not a valid link name" },
	{ { .namespaces = CLONE_NEWNET, .veth = true, .address = "10.0.0.1",
	    .argv = true_argv }, "address `10.0.0.1': want ADDRESS/PREFIX" },
	{ { .namespaces = CLONE_NEWNET, .veth = true, .address = "10.0.0.1/33",
	    .argv = true_argv }, "address `10.0.0.1/33': prefix `33' out of range" },
	{ { .namespaces = CLONE_NEWNET, .veth = true, .address = "fd00::1/64",
	    .bridge = "br0", .argv = true_argv }, NULL },
	{ { .namespaces = CLONE_NEWNET, .net_from = 1, .argv = true_argv },
	  "--net-from shares a network namespace: no new one (--ns without net)" },
	{ { .namespaces = CLONE_NEWUTS, .net_from = 1, .argv = true_argv }, NULL },
	{ { .namespaces = CLONE_NEWUTS, .time = { true, 1, 2 }, .argv = true_argv },
	  "time offsets need a time namespace (--ns time)" },
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

/* "CLOCK=SECONDS" for --time-offset: each text and what it must give. */
static const struct {
	const char *text;
	int ok;
	long long monotonic, boottime;
} offset_cases[] = {
	{ "monotonic=86400", 1, 86400, 0 }, { "boottime=-3600", 1, 0, -3600 },
	{ "monotonic=0", 1, 0, 0 }, { "realtime=5", 0, 0, 0 }, { "monotonic=", 0, 0, 0 },
	{ "monotonic=1x", 0, 0, 0 }, { "mono=5", 0, 0, 0 }, { "boottime", 0, 0, 0 },
	{ "monotonic=+5", 0, 0, 0 }, { "monotonic=99999999999", 0, 0, 0 },
};

static void test_time_offsets(void)
{
	for (size_t i = 0; i < sizeof(offset_cases) / sizeof(offset_cases[0]); i++) {
		struct core_time_offsets t = { 0 };
		struct nsp_err e = { 0 };
		int rc = core_parse_time_offset(offset_cases[i].text, &t, &e);

		CU_ASSERT_EQUAL(rc, offset_cases[i].ok ? 0 : -1);
		CU_ASSERT_EQUAL(t.set, (bool)offset_cases[i].ok);
		CU_ASSERT_EQUAL(t.monotonic, offset_cases[i].monotonic);
		CU_ASSERT_EQUAL(t.boottime, offset_cases[i].boottime);
		if (!offset_cases[i].ok)
			CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, offset_cases[i].text));
	}
}

static const struct selftest_case cases[] = {
	{ "namespace lists", test_namespaces },
	{ "time offsets", test_time_offsets },
	{ "sizes", test_sizes },
	{ "propagation names", test_propagation },
	{ "spec validation names what is wrong", test_validate },
	{ NULL, NULL },
};

SELFTEST_SUITE(spec_suite, "container spec", cases)
