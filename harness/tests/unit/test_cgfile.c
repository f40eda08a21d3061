// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Self-tests of the cgroup file model (runtime/cgfile.h): the table is
 * consistent, every text layout parses what the kernel writes (samples
 * as cgroup-v1/v2 documentation and 6.18 show them), and values format as
 * each version wants them.  Text only: no cgroupfs, runs anywhere.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "runtime/cgfile.h"
#include "tests/unit/selftest.h"

#define MIB (1024LL * 1024)
#define UNL CG_UNLIMITED

static bool dev_format(enum cg_format f)
{
	return f == CG_FMT_DEV_KV || f == CG_FMT_DEV_VALUE || f == CG_FMT_DEV_KEYED;
}

static void check_side(const struct cg_file *f, const struct cg_side *s)
{
	if (!s->file)
		return;
	CU_ASSERT((s->ctrl == NULL) == (f->ctrl == NULL));
	CU_ASSERT(dev_format(s->fmt) == f->per_device);
	if (s->fmt == CG_FMT_KEYED || s->fmt == CG_FMT_DEV_KV || s->fmt == CG_FMT_DEV_KEYED)
		CU_ASSERT(s->key && s->key[0]);
	/* a limit can be lifted on every version that has it, a counter cannot */
	if (f->kind == CG_KIND_LIMIT)
		CU_ASSERT(s->unlimited != NULL);
	if (f->kind == CG_KIND_COUNTER)
		CU_ASSERT(s->unlimited == NULL);
}

static void test_table(void)
{
	CU_ASSERT(cg_file(CG_ITEM_NONE) == NULL && cg_file(CG_ITEM_COUNT) == NULL);
	for (int i = CG_ITEM_NONE + 1; i < CG_ITEM_COUNT; i++) {
		const struct cg_file *f = cg_file(i);

		CU_ASSERT_FATAL(f != NULL);
		CU_ASSERT_EQUAL(f->item, i);
		CU_ASSERT(f->name && (f->v1.file || f->v2.file));
		check_side(f, &f->v1);
		check_side(f, &f->v2);
		/* the canonical controller is v2's; v1 calls it by its v1 name,
		 * or a hierarchy of its own for some counters (cpuacct) */
		if (f->ctrl && f->v2.file)
			CU_ASSERT_STRING_EQUAL(f->v2.ctrl, f->ctrl);
		if (f->ctrl && f->v1.file && strcmp(f->v1.ctrl, "cpuacct") != 0)
			CU_ASSERT_STRING_EQUAL(f->v1.ctrl, cg_v1_name(f->ctrl));
		if (f->ctrl)
			CU_ASSERT(cg_ctrl_of(f->ctrl) >= 0);
		/* memsw adds the memory limit: the same file family, both on v1 */
		if (f->v1_adds)
			CU_ASSERT(cg_file_name(f->v1_adds, CG_V1) &&
				  strcmp(cg_file_ctrl(f->v1_adds, CG_V1), f->v1.ctrl) == 0);
		for (int j = CG_ITEM_NONE + 1; j < i; j++)
			CU_ASSERT(strcmp(cg_file(j)->name, f->name) != 0);
	}
	CU_ASSERT_STRING_EQUAL(cg_v1_name("io"), "blkio");
	CU_ASSERT_STRING_EQUAL(cg_v1_name("memory"), "memory");
	for (int c = 0; c < CG_CTRL_COUNT; c++)
		CU_ASSERT_EQUAL(cg_ctrl_of(cg_ctrl_name(c)), c);
}

static const struct parse_case {
	enum cg_item it;
	enum cg_version v;
	const char *text, *dev;
	long long want;
	int err;
} parse_cases[] = {
	{ CG_MEMORY_MAX, CG_V2, "max\n", NULL, UNL, 0 },
	{ CG_MEMORY_MAX, CG_V2, "16777216\n", NULL, 16 * MIB, 0 },
	{ CG_MEMORY_MAX, CG_V1, "9223372036854771712\n", NULL, UNL, 0 },
	{ CG_MEMORY_MAX, CG_V1, "16M\n", NULL, 0, EINVAL },
	{ CG_MEMORY_EVENTS_OOM_KILL, CG_V2, "low 0\nmax 3\noom 1\noom_kill 2\n", NULL, 2, 0 },
	{ CG_MEMORY_EVENTS_OOM_KILL, CG_V1, "oom_kill_disable 0\nunder_oom 0\noom_kill 3\n",
	  NULL, 3, 0 },
	{ CG_MEMORY_EVENTS_OOM_KILL, CG_V2, "low 0\noom 1\n", NULL, 0, ENODATA },
	{ CG_MEMORY_EVENTS_MAX, CG_V1, "7\n", NULL, 7, 0 },
	{ CG_MEMORY_OOM_GROUP, CG_V1, "1\n", NULL, 0, EOPNOTSUPP },
	{ CG_PIDS_MAX, CG_V1, "max\n", NULL, UNL, 0 },
	{ CG_PIDS_EVENTS_MAX, CG_V2, "max 4\n", NULL, 4, 0 },
	{ CG_CPU_MAX_QUOTA, CG_V2, "max 100000\n", NULL, UNL, 0 },
	{ CG_CPU_MAX_QUOTA, CG_V2, "50000 100000\n", NULL, 50000, 0 },
	{ CG_CPU_MAX_PERIOD, CG_V2, "50000 100000\n", NULL, 100000, 0 },
	{ CG_CPU_MAX_PERIOD, CG_V2, "50000\n", NULL, 0, ENODATA },
	{ CG_CPU_MAX_QUOTA, CG_V1, "-1\n", NULL, UNL, 0 },
	{ CG_CPU_WEIGHT, CG_V1, "3072\n", NULL, 300, 0 },
	{ CG_CPU_WEIGHT, CG_V1, "1024\n", NULL, 100, 0 },
	{ CG_CPU_USAGE, CG_V1, "1234567\n", NULL, 1235, 0 },
	{ CG_CPU_USAGE, CG_V2, "usage_usec 42\nuser_usec 40\nsystem_usec 2\n", NULL, 42, 0 },
	{ CG_CPU_THROTTLED, CG_V1, "nr_periods 3\nnr_throttled 2\nthrottled_time 5000000\n",
	  NULL, 5000, 0 },
	{ CG_IO_MAX_WBPS, CG_V2, "7:0 rbps=max wbps=1048576 riops=max wiops=max\n", "7:0",
	  MIB, 0 },
	{ CG_IO_MAX_WBPS, CG_V2, "7:0 rbps=max wbps=1048576 riops=max wiops=max\n", "8:0",
	  UNL, 0 },
	{ CG_IO_MAX_WBPS, CG_V2, "7:0 rbps=max wbps=1048576\n", NULL, 0, EINVAL },
	{ CG_IO_MAX_WBPS, CG_V1, "8:0 5\n7:0 2097152\n", "7:0", 2 * MIB, 0 },
	{ CG_IO_MAX_WBPS, CG_V1, "", "7:0", UNL, 0 },
	{ CG_IO_WBYTES, CG_V2, "17:0 rbytes=0 wbytes=1 rios=0 wios=1\n"
			       "7:0 rbytes=0 wbytes=4096 rios=0 wios=1\n", "7:0", 4096, 0 },
	{ CG_IO_WBYTES, CG_V2, "17:0 rbytes=0 wbytes=1 rios=0 wios=1\n", "7:0", 0, 0 },
	{ CG_IO_WBYTES, CG_V2, "7:0 rbytes=0 rios=0\n", "7:0", 0, ENODATA },
	{ CG_IO_WBYTES, CG_V1, "7:0 Read 0\n7:0 Write 8192\n7:0 Sync 0\nTotal 8192\n", "7:0",
	  8192, 0 },
	{ CG_IO_WIOS, CG_V1, "7:0 Read 0\n7:0 Write 2\nTotal 2\n", "7:0", 2, 0 },
	{ CG_CPUSET_CPUS, CG_V2, "0-1\n", NULL, 0, EINVAL },
	{ CG_POPULATED, CG_V2, "populated 1\nfrozen 0\n", NULL, 1, 0 },
};

static void test_parse(void)
{
	for (size_t i = 0; i < sizeof(parse_cases) / sizeof(parse_cases[0]); i++) {
		const struct parse_case *c = &parse_cases[i];
		struct nsp_err e = { 0 };
		long long v = -42;
		int rc = cg_file_parse(c->it, c->v, c->text, c->dev, &v, &e);
		char m[256];

		snprintf(m, sizeof(m), "case %zu %s v%d: rc %d %s v %lld", i, cg_file(c->it)->name,
			 (int)c->v, rc, nsp_errno_name(e.errnum), v);
		CU_assertImplementation(c->err ? rc == -1 && e.errnum == c->err :
					rc == 0 && v == c->want, __LINE__, m, __FILE__, "", CU_FALSE);
	}
}

static const struct format_case {
	enum cg_item it;
	enum cg_version v;
	long long val, adds;
	const char *dev, *want;	/* want NULL: EINVAL */
} format_cases[] = {
	{ CG_MEMORY_MAX, CG_V1, UNL, 0, NULL, "-1" },
	{ CG_MEMORY_MAX, CG_V2, UNL, 0, NULL, "max" },
	{ CG_MEMORY_MAX, CG_V2, 16 * MIB, 0, NULL, "16777216" },
	/* canonical swap on v1: memsw = memory + swap */
	{ CG_MEMORY_SWAP_MAX, CG_V1, 0, 16 * MIB, NULL, "16777216" },
	{ CG_MEMORY_SWAP_MAX, CG_V1, MIB, 16 * MIB, NULL, "17825792" },
	{ CG_MEMORY_SWAP_MAX, CG_V1, 0, UNL, NULL, "-1" },
	{ CG_MEMORY_SWAP_MAX, CG_V1, UNL, 16 * MIB, NULL, "-1" },
	{ CG_MEMORY_SWAP_MAX, CG_V2, 0, 16 * MIB, NULL, "0" },
	{ CG_MEMORY_OOM_KILL_DISABLE, CG_V1, 1, 0, NULL, "1" },
	{ CG_PIDS_MAX, CG_V1, UNL, 0, NULL, "max" },
	{ CG_CPU_WEIGHT, CG_V1, 300, 0, NULL, "3072" },
	{ CG_CPU_WEIGHT, CG_V2, 300, 0, NULL, "300" },
	{ CG_CPU_WEIGHT, CG_V2, UNL, 0, NULL, NULL },
	{ CG_CPU_MAX_QUOTA, CG_V1, UNL, 0, NULL, "-1" },
	{ CG_CPU_MAX_QUOTA, CG_V2, UNL, 0, NULL, "max" },
	{ CG_CPU_MAX_QUOTA, CG_V1, 50000, 0, NULL, "50000" },
	{ CG_IO_MAX_WBPS, CG_V2, MIB, 0, "7:0", "7:0 wbps=1048576" },
	{ CG_IO_MAX_WBPS, CG_V2, UNL, 0, "7:0", "7:0 wbps=max" },
	{ CG_IO_MAX_WBPS, CG_V1, MIB, 0, "7:0", "7:0 1048576" },
	{ CG_IO_MAX_WBPS, CG_V1, UNL, 0, "7:0", "7:0 0" },
	{ CG_IO_MAX_WBPS, CG_V1, MIB, 0, NULL, NULL },
	{ CG_IO_WBYTES, CG_V2, 1, 0, "7:0", NULL },
	{ CG_MEMORY_CURRENT, CG_V1, 1, 0, NULL, NULL },
	{ CG_CPUSET_CPUS, CG_V2, 1, 0, NULL, NULL },
};

static void test_format(void)
{
	char buf[64], m[256];

	for (size_t i = 0; i < sizeof(format_cases) / sizeof(format_cases[0]); i++) {
		const struct format_case *c = &format_cases[i];
		struct nsp_err e = { 0 };
		int rc;

		buf[0] = '\0';
		rc = cg_file_format(c->it, c->v, c->val, c->adds, c->dev, buf, sizeof(buf), &e);
		snprintf(m, sizeof(m), "case %zu %s v%d: rc %d %s \"%s\"", i, cg_file(c->it)->name,
			 (int)c->v, rc, nsp_errno_name(e.errnum), buf);
		CU_assertImplementation(c->want ? rc == 0 && strcmp(buf, c->want) == 0 :
					rc == -1 && e.errnum == EINVAL, __LINE__, m, __FILE__, "",
					CU_FALSE);
	}
}

/* v2 cpu.max: one line, two words; the setter writes the whole line. */
static void test_words_and_labels(void)
{
	struct nsp_err e;
	char buf[64];

	CU_ASSERT(cg_file_merge_word(CG_CPU_MAX_QUOTA, CG_V2, "max 100000\n", "50000", buf,
				     sizeof(buf), &e) == 0 && strcmp(buf, "50000 100000") == 0);
	CU_ASSERT(cg_file_merge_word(CG_CPU_MAX_PERIOD, CG_V2, "50000 100000", "20000", buf,
				     sizeof(buf), &e) == 0 && strcmp(buf, "50000 20000") == 0);
	CU_ASSERT(cg_file_merge_word(CG_CPU_MAX_PERIOD, CG_V2, "50000", "20000", buf,
				     sizeof(buf), &e) == -1 && e.errnum == ENODATA);
	CU_ASSERT(cg_file_merge_word(CG_CPU_MAX_QUOTA, CG_V1, "-1", "5", buf, sizeof(buf),
				     &e) == -1 && e.errnum == EINVAL);
	CU_ASSERT_STRING_EQUAL(cg_file_label(CG_MEMORY_EVENTS_OOM_KILL, CG_V1, buf, sizeof(buf)),
			       "memory.oom_control oom_kill");
	CU_ASSERT_STRING_EQUAL(cg_file_label(CG_MEMORY_PEAK, CG_V1, buf, sizeof(buf)),
			       "memory.max_usage_in_bytes");
	CU_ASSERT_STRING_EQUAL(cg_file_label(CG_IO_WBYTES, CG_V2, buf, sizeof(buf)),
			       "io.stat wbytes");
	CU_ASSERT_STRING_EQUAL(cg_file_label(CG_IO_WBYTES, CG_V1, buf, sizeof(buf)),
			       "blkio.throttle.io_service_bytes");
	CU_ASSERT_STRING_EQUAL(cg_file_label(CG_MEMORY_OOM_GROUP, CG_V1, buf, sizeof(buf)),
			       "(none)");
	CU_ASSERT_STRING_EQUAL(cg_file_ctrl(CG_CPU_USAGE, CG_V1), "cpuacct");
	/* a controller nowhere: the reason names it, its v1 name and the layout */
	{
		const struct cg_layout none = { CG_MODE_NONE, "" };
		char why[256];

		CU_ASSERT_EQUAL(cg_ctrl_locate(&none, CG_CTRL_IO, buf, sizeof(buf), why,
					       sizeof(why)), CG_VNONE);
		CU_ASSERT_STRING_EQUAL(why, "io: no v1 blkio hierarchy and no cgroup2 (layout none)");
	}
	CU_ASSERT(cg_file_ctrl(CG_PROCS, CG_V2) == NULL);
}

static const struct selftest_case cgfile_cases[] = {
	{ "the table: one row per item, sides consistent", test_table },
	{ "every layout parses into canonical values", test_parse },
	{ "canonical values format per version", test_format },
	{ "cpu.max words, labels, hierarchies", test_words_and_labels },
	{ NULL, NULL }
};

SELFTEST_SUITE(cgfile_suite, "cgroup file model", cgfile_cases)
