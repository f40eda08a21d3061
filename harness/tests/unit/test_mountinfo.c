// SPDX-License-Identifier: GPL-2.0-or-later
/* Self-tests of the /proc/<pid>/mountinfo parser (mountinfo.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/mountinfo.h"
#include "tests/unit/selftest.h"

/*
 * Shaped after a real host after `mount --make-*` experiments: every
 * combination of optional fields the kernel writes (in its order: shared,
 * master, propagate_from, unbindable), tags a newer kernel might add, an
 * nsfs bind mount whose root is not a path, escaped names, an empty
 * source (two spaces) and one mount point mounted over.
 */
static const char sample[] =
	"21 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw,errors=remount-ro\n"
	"22 21 0:20 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw\n"
	"100 21 0:50 / /mnt/slave rw,relatime master:5 - tmpfs tmpfs rw\n"
	"101 21 0:51 / /mnt/both rw,relatime shared:9 master:5 - tmpfs tmpfs rw\n"
	"102 21 0:52 / /mnt/pf rw master:5 propagate_from:2 - tmpfs tmpfs rw\n"
	"103 21 0:53 / /mnt/unb rw,relatime unbindable - tmpfs tmpfs rw\n"
	"104 21 0:54 / /mnt/priv rw,relatime - tmpfs tmpfs rw,size=4k\n"
	"105 21 0:55 / /mnt/new rw shared:10 newtag:3 weird - tmpfs tmpfs rw\n"
	"106 21 8:1 /home/a\\040b /mnt/sp\\040ce\\011tab rw - ext4 /dev/x\\134y rw\n"
	"107 21 0:56 / /mnt/nl\\012x rw - tmpfs  rw\n"
	"108 21 0:4 net:[4026532281] /run/netns/a rw shared:300 - nsfs nsfs rw\n"
	"109 104 259:65537 / /mnt/priv ro master:7 shared:8 - xfs /dev/nvme0n1p1 ro\n";

struct expect {
	const char *mount_point;
	int shared, master, propagate_from;
	bool unbindable;
	int unknown_tags;
};

static const struct expect sample_tags[] = {
	{ "/", 1, 0, 0, false, 0 },
	{ "/proc", 12, 0, 0, false, 0 },
	{ "/mnt/slave", 0, 5, 0, false, 0 },
	{ "/mnt/both", 9, 5, 0, false, 0 },
	{ "/mnt/pf", 0, 5, 2, false, 0 },
	{ "/mnt/unb", 0, 0, 0, true, 0 },
	{ "/mnt/priv", 0, 0, 0, false, 0 },
	{ "/mnt/new", 10, 0, 0, false, 2 },
	{ "/mnt/sp ce\ttab", 0, 0, 0, false, 0 },
	{ "/mnt/nl\nx", 0, 0, 0, false, 0 },
	{ "/run/netns/a", 300, 0, 0, false, 0 },
	{ "/mnt/priv", 8, 7, 0, false, 0 },
};

#define NSAMPLE (sizeof(sample_tags) / sizeof(sample_tags[0]))

static void test_optional_fields(void)
{
	struct mount_table t;
	struct nsp_err e;

	CU_ASSERT_EQUAL_FATAL(mount_table_parse(sample, &t, &e), 0);
	CU_ASSERT_EQUAL_FATAL(t.n, NSAMPLE);
	for (size_t i = 0; i < NSAMPLE; i++) {
		const struct expect *x = &sample_tags[i];
		const struct mount_entry *m = &t.v[i];

		CU_ASSERT_STRING_EQUAL(m->mount_point, x->mount_point);
		CU_ASSERT_EQUAL(m->shared, x->shared);
		CU_ASSERT_EQUAL(m->master, x->master);
		CU_ASSERT_EQUAL(m->propagate_from, x->propagate_from);
		CU_ASSERT_EQUAL(m->unbindable, x->unbindable);
		CU_ASSERT_EQUAL(m->unknown_tags, x->unknown_tags);
	}
	mount_table_free(&t);
}

static void test_fields(void)
{
	const struct mount_entry *m;
	struct mount_table t;
	struct nsp_err e;

	CU_ASSERT_EQUAL_FATAL(mount_table_parse(sample, &t, &e), 0);
	m = &t.v[0];
	CU_ASSERT_EQUAL(m->mount_id, 21);
	CU_ASSERT_EQUAL(m->parent_id, 1);
	CU_ASSERT_EQUAL(m->major, 8);
	CU_ASSERT_EQUAL(m->minor, 1);
	CU_ASSERT_STRING_EQUAL(m->root, "/");
	CU_ASSERT_STRING_EQUAL(m->mount_opts, "rw,relatime");
	CU_ASSERT_STRING_EQUAL(m->fstype, "ext4");
	CU_ASSERT_STRING_EQUAL(m->source, "/dev/sda1");
	CU_ASSERT_STRING_EQUAL(m->super_opts, "rw,errors=remount-ro");
	m = &t.v[10];
	CU_ASSERT_STRING_EQUAL(m->root, "net:[4026532281]");
	CU_ASSERT_STRING_EQUAL(m->fstype, "nsfs");
	m = &t.v[11];
	CU_ASSERT_EQUAL(m->major, 259);
	CU_ASSERT_EQUAL(m->minor, 65537);
	CU_ASSERT_EQUAL(m->parent_id, 104);
	mount_table_free(&t);
	CU_ASSERT_EQUAL(t.n, 0);
	CU_ASSERT_PTR_NULL(t.v);
	mount_table_free(&t);	/* a freed table can be freed again */
}

/* Root, mount point and source come back unescaped; the empty source stays. */
static void test_escapes_in_entries(void)
{
	struct mount_table t;
	struct nsp_err e;

	CU_ASSERT_EQUAL_FATAL(mount_table_parse(sample, &t, &e), 0);
	CU_ASSERT_STRING_EQUAL(t.v[8].root, "/home/a b");
	CU_ASSERT_STRING_EQUAL(t.v[8].mount_point, "/mnt/sp ce\ttab");
	CU_ASSERT_STRING_EQUAL(t.v[8].source, "/dev/x\\y");
	CU_ASSERT_STRING_EQUAL(t.v[9].mount_point, "/mnt/nl\nx");
	CU_ASSERT_STRING_EQUAL(t.v[9].source, "");
	CU_ASSERT_STRING_EQUAL(t.v[9].fstype, "tmpfs");
	CU_ASSERT_STRING_EQUAL(t.v[9].super_opts, "rw");
	mount_table_free(&t);
}

/* The entry visible at a path is the last one mounted there. */
static void test_find(void)
{
	const struct mount_entry *m;
	struct mount_table t;
	struct nsp_err e;

	CU_ASSERT_EQUAL_FATAL(mount_table_parse(sample, &t, &e), 0);
	m = mount_table_find(&t, "/mnt/priv");
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_EQUAL(m->mount_id, 109);
	m = mount_table_find(&t, "/mnt/sp ce\ttab");
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_EQUAL(m->mount_id, 106);
	CU_ASSERT_PTR_NULL(mount_table_find(&t, "/mnt/sp\\040ce\\011tab"));
	CU_ASSERT_PTR_NULL(mount_table_find(&t, "/mnt"));
	CU_ASSERT_PTR_NULL(mount_table_find(&t, NULL));
	CU_ASSERT_PTR_NULL(mount_table_find(NULL, "/"));
	mount_table_free(&t);
}

static const struct {
	const char *in, *out;	/* out NULL: must fail and leave `in` as is */
} unescape_cases[] = {
	{ "/plain", "/plain" },
	{ "\\040", " " },
	{ "a\\011b\\012c\\134d", "a\tb\nc\\d" },
	{ "\\134040", "\\040" },	/* decoded once, never twice */
	{ "\\377", "\377" },
	{ "", "" },
	{ "\\", NULL },
	{ "a\\04", NULL },
	{ "a\\0", NULL },
	{ "\\08a", NULL },
	{ "\\400", NULL },
	{ "\\000", NULL },
	{ "ok\\040then\\x", NULL },
};

static void test_unescape(void)
{
	char buf[64];

	for (size_t i = 0; i < sizeof(unescape_cases) / sizeof(unescape_cases[0]); i++) {
		strcpy(buf, unescape_cases[i].in);
		if (unescape_cases[i].out) {
			CU_ASSERT_EQUAL(mountinfo_unescape(buf), 0);
			CU_ASSERT_STRING_EQUAL(buf, unescape_cases[i].out);
		} else {
			CU_ASSERT_EQUAL(mountinfo_unescape(buf), -1);
			CU_ASSERT_STRING_EQUAL(buf, unescape_cases[i].in);
		}
	}
	CU_ASSERT_EQUAL(mountinfo_unescape(NULL), -1);
}

#define GOOD "36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw\n"

static const struct {
	const char *text;
	const char *msg;
} bad_samples[] = {
	{ GOOD "36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 ext3 /dev/root rw\n",
	  "mountinfo line 2: missing '-' separator" },
	{ "36 35 98:0 /mnt1 /mnt2 rw\n", "mountinfo line 1: missing '-' separator" },
	{ GOOD GOOD "36 35 98:0 /mnt1\n", "mountinfo line 3: too few fields" },
	{ GOOD "\n" GOOD, "mountinfo line 2: too few fields" },
	{ "36 35 98:0 / /x rw - ext3 /dev/root\n",
	  "mountinfo line 1: too few fields after '-'" },
	{ "36 35 98:0 / /x rw -\n", "mountinfo line 1: too few fields after '-'" },
	{ "36 35 98:0 / /x rw - ext3 /dev/root rw extra\n",
	  "mountinfo line 1: too many fields after '-'" },
	{ "x6 35 98:0 / /x rw - ext3 /dev/root rw\n", "mountinfo line 1: bad mount id" },
	{ "36 -35 98:0 / /x rw - ext3 /dev/root rw\n", "mountinfo line 1: bad mount id" },
	{ "99999999999 1 98:0 / /x rw - e a rw\n", "mountinfo line 1: bad mount id" },
	{ "36 35 98 / /x rw - ext3 /dev/root rw\n", "mountinfo line 1: bad major:minor" },
	{ "36 35 98:x / /x rw - ext3 /dev/root rw\n", "mountinfo line 1: bad major:minor" },
	{ "36 35 :1 / /x rw - ext3 /dev/root rw\n", "mountinfo line 1: bad major:minor" },
	{ "36 35 1:2 / /x rw shared:x - e a rw\n",
	  "mountinfo line 1: bad number in optional field" },
	{ "36 35 1:2 / /x rw shared:0 - e a rw\n",
	  "mountinfo line 1: bad number in optional field" },
	{ "36 35 1:2 / /x rw master: - e a rw\n",
	  "mountinfo line 1: bad number in optional field" },
	{ "36 35 1:2 / /x rw propagate_from:-3 - e a rw\n",
	  "mountinfo line 1: bad number in optional field" },
	{ "36 35 1:2 / /x rw shared:1 shared:2 - e a rw\n",
	  "mountinfo line 1: repeated optional field" },
	{ "36 35 1:2 / /x\\04 rw - e a rw\n", "mountinfo line 1: bad octal escape" },
	{ "36 35 1:2 /\\999 /x rw - e a rw\n", "mountinfo line 1: bad octal escape" },
	{ "36 35 1:2 / /x rw - e a\\ rw\n", "mountinfo line 1: bad octal escape" },
	{ "36 35 1:2  /x rw - e a rw\n", "mountinfo line 1: empty field" },
	{ "36 35 1:2 / /x rw - e a \n", "mountinfo line 1: empty field" },
	/* the last line cut short, as a read that stopped early leaves it */
	{ GOOD "37 36 0:5 / /y rw - tmp", "mountinfo line 2: too few fields after '-'" },
	{ GOOD "37 36 0:5 / /y rw shar", "mountinfo line 2: missing '-' separator" },
	{ GOOD "37 3", "mountinfo line 2: too few fields" },
	{ NULL, "mountinfo: no text" },
};

/* Bad input: -1, EINVAL, the line named, and an empty table. */
static void test_malformed(void)
{
	struct mount_table t;
	struct nsp_err e;

	for (size_t i = 0; i < sizeof(bad_samples) / sizeof(bad_samples[0]); i++) {
		nsp_err_clear(&e);
		t.n = 12345;
		t.v = (void *)&e;	/* poison: must come back NULL */
		CU_ASSERT_EQUAL(mount_table_parse(bad_samples[i].text, &t, &e), -1);
		CU_ASSERT_EQUAL(e.errnum, EINVAL);
		CU_ASSERT_STRING_EQUAL(e.msg, bad_samples[i].msg);
		CU_ASSERT_EQUAL(t.n, 0);
		CU_ASSERT_PTR_NULL(t.v);
	}
}

/* A complete last line without its newline, and no lines at all, are fine. */
static void test_edges(void)
{
	struct mount_table t;
	struct nsp_err e;

	CU_ASSERT_EQUAL_FATAL(mount_table_parse(GOOD "37 36 0:5 / /y rw - tmpfs none rw",
						&t, &e), 0);
	CU_ASSERT_EQUAL_FATAL(t.n, 2);
	CU_ASSERT_STRING_EQUAL(t.v[1].super_opts, "rw");
	CU_ASSERT_STRING_EQUAL(t.v[1].source, "none");
	mount_table_free(&t);

	CU_ASSERT_EQUAL(mount_table_parse("", &t, &e), 0);
	CU_ASSERT_EQUAL(t.n, 0);
	CU_ASSERT_PTR_NULL(t.v);
	mount_table_free(&t);
}

/* Many lines: the table grows past its first allocation several times. */
static void test_many(void)
{
	size_t cap = 2000 * 64, used = 0;
	char *text = malloc(cap);
	struct mount_table t;
	struct nsp_err e;

	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	for (int i = 0; i < 2000; i++)
		used += (size_t)snprintf(text + used, cap - used,
					 "%d 1 0:%d / /m/%d rw shared:%d - tmpfs t rw\n",
					 i + 2, i, i, i + 1);
	CU_ASSERT_EQUAL_FATAL(mount_table_parse(text, &t, &e), 0);
	CU_ASSERT_EQUAL(t.n, 2000);
	CU_ASSERT_EQUAL(t.v[1999].shared, 2000);
	CU_ASSERT_STRING_EQUAL(t.v[1999].mount_point, "/m/1999");
	mount_table_free(&t);
	free(text);
}

/*
 * Every prefix of the sample (a read cut anywhere), and every byte replaced
 * by each character that matters to the grammar: never a crash (ASan and
 * valgrind watch), and a failure is always EINVAL naming a line, with an
 * empty table.
 */
static void check_mangled(const char *text)
{
	struct mount_table t;
	struct nsp_err e;

	if (mount_table_parse(text, &t, &e) == 0) {
		mount_table_free(&t);
		return;
	}
	CU_ASSERT_EQUAL(e.errnum, EINVAL);
	CU_ASSERT_EQUAL(strncmp(e.msg, "mountinfo line ", 15), 0);
	CU_ASSERT(t.n == 0 && t.v == NULL);
}

static void test_mangled(void)
{
	selftest_mangle(sample, " \\-:\n0x", check_mangled);
}

/* Every mount namespace has a root. */
static void test_live_self(void)
{
	const struct mount_entry *root;
	struct mount_table t;
	struct nsp_err e;

	CU_ASSERT_EQUAL_FATAL(mount_table_read(0, &t, &e), 0);
	CU_ASSERT(t.n > 0);
	root = mount_table_find(&t, "/");
	CU_ASSERT_PTR_NOT_NULL(root);
	if (root)
		CU_ASSERT(root->mount_id > 0 && root->fstype[0] != '\0');
	for (size_t i = 0; i < t.n; i++)
		CU_ASSERT(t.v[i].mount_point[0] == '/');
	mount_table_free(&t);
}

static const struct selftest_case mountinfo_cases[] = {
	{ "optional fields, all combinations", test_optional_fields },
	{ "fixed fields", test_fields },
	{ "escaped root, mount point, source", test_escapes_in_entries },
	{ "find: last mount at a path", test_find },
	{ "mountinfo_unescape", test_unescape },
	{ "malformed and truncated lines", test_malformed },
	{ "no final newline, empty input", test_edges },
	{ "2000 lines", test_many },
	{ "cut and mangled input", test_mangled },
	{ "live /proc/self/mountinfo", test_live_self },
	{ NULL, NULL }
};

SELFTEST_SUITE(mountinfo_suite, "mountinfo", mountinfo_cases)
