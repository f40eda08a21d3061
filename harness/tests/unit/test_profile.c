// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Self-tests of runtime profiles (runner/profile.h): the parser, table
 * driven over good and bad lines, and every profile the tree ships.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runner/profile.h"
#include "runner/rtrun.h"
#include "tests/unit/selftest.h"

static void test_parse(void)
{
	const char *text =
		"# comment\n"
		"name   x\n"
		"command  xrun   # trailing\n"
		"kind cli\nrootfs yes\n"
		"args --a {rootfs} {runtime-args}\n"
		"ns pid --p\nns-off pid --no-p\nns mnt always\n"
		"defaults pid mnt\n"
		"policy lo up unless=--keep-lo  it brings lo up (x(1))\n"
		"policy pid 2 the command is pid 2\n"
		"refuses cgroups=hybrid  it says so\n";
	struct rt_profile p;
	struct nsp_err e;
	const struct rt_ns *ns;

	CU_ASSERT_EQUAL_FATAL(rt_profile_parse(text, "dir/x.profile", &p, &e), 0);
	CU_ASSERT_STRING_EQUAL(p.command, "xrun");
	CU_ASSERT_EQUAL(p.kind, RT_CLI);
	CU_ASSERT(p.rootfs);
	CU_ASSERT_EQUAL_FATAL(p.args.n, 3);
	CU_ASSERT_STRING_EQUAL(p.args.w[1], "{rootfs}");
	CU_ASSERT_PTR_NULL(p.args.w[3]);
	ns = rt_profile_ns(&p, "pid");
	CU_ASSERT_FATAL(ns != NULL);
	CU_ASSERT_STRING_EQUAL(ns->on.w[0], "--p");
	CU_ASSERT_STRING_EQUAL(ns->off.w[0], "--no-p");
	CU_ASSERT(rt_profile_ns(&p, "mnt")->always);
	CU_ASSERT_PTR_NULL(rt_profile_ns(&p, "net"));
	CU_ASSERT_EQUAL_FATAL(p.npolicy, 2);
	CU_ASSERT_STRING_EQUAL(p.policy[0].unless, "--keep-lo");
	CU_ASSERT_STRING_EQUAL(p.policy[0].why, "it brings lo up (x(1))");
	CU_ASSERT_PTR_NULL(p.policy[1].unless);
	CU_ASSERT_STRING_EQUAL(p.policy[1].value, "2");
	CU_ASSERT_STRING_EQUAL(p.refuses_cgroups, "hybrid");
	rt_profile_free(&p);
}

static void test_malformed(void)
{
	static const struct {
		const char *text, *why;
	} bad[] = {
		{ "name x\n", "name and command are required" },
		{ "name y\ncommand c\n", "does not match the file name" },
		{ "name x\ncommand c\nbogus 1\n", ":3: unknown directive" },
		{ "name x\ncommand c\nkind pod\n", "kind is cli, oci or core" },
		{ "name x\nname x\ncommand c\n", ":2: given twice" },
		{ "name x\ncommand c\nns mnt\n", "ns wants the words" },
		{ "name x\ncommand c\nns disk -d\n", "wants a namespace type" },
		{ "name x\ncommand c\nns pid -p\nns pid -P\n", "given twice for this type" },
		{ "name x\ncommand c\npolicy lo up\n", "policy wants FACT VALUE" },
		{ "name x\ncommand c\ndefaults pid\n", "defaults names a type with no ns" },
		{ "name x\ncommand c\nkind oci\n", "an oci runtime needs a spec line" },
		{ "name x\ncommand c\nrefuses cgroups=v3 why\n", "refuses wants" },
		{ "name x\ncommand c d\n", "wants exactly one word" },
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct rt_profile p;
		struct nsp_err e = { 0 };

		CU_ASSERT_EQUAL(rt_profile_parse(bad[i].text, "d/x.profile", &p, &e), -1);
		CU_ASSERT_EQUAL(e.errnum, EINVAL);
		if (!strstr(e.msg, bad[i].why))
			fprintf(stderr, "case %zu: '%s' lacks '%s'\n", i, e.msg, bad[i].why);
		CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, bad[i].why));
		CU_ASSERT_PTR_NULL(p.name);
	}
}

/* Every shipped profile parses and says what the runner needs. */
static void test_shipped(void)
{
	DIR *d = opendir("harness/runner/runtimes");
	struct dirent *de;
	int n = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	while ((de = readdir(d))) {
		char path[300];
		struct rt_profile p;
		struct nsp_err e = { 0 };

		if (!strstr(de->d_name, ".profile"))
			continue;
		snprintf(path, sizeof(path), "harness/runner/runtimes/%s", de->d_name);
		if (rt_profile_load(path, &p, &e) < 0) {
			fprintf(stderr, "%s\n", e.msg);
			CU_FAIL("a shipped profile does not parse");
			continue;
		}
		CU_ASSERT(p.defaults.n > 0);
		CU_ASSERT(p.npolicy > 0);
		for (size_t i = 0; i < p.npolicy; i++)
			CU_ASSERT(strlen(p.policy[i].why) > 10);
		rt_profile_free(&p);
		n++;
	}
	closedir(d);
	CU_ASSERT(n >= 4);
}

/* A cli profile's words make the command: asked namespaces' words, the
 * left-out ones' ns-off words, binds, env, exec, the probe inside. */
static void test_command(void)
{
	const char *text =
		"name x\ncommand xrun\nkind cli\nrootfs yes\n"
		"args --root {rootfs} {runtime-args} --cg {cgroup}\n"
		"bind -v {src}:{dst}\nenv -e {name}\n"
		"ns pid -p\nns-off pid -P\nns net -n\nns mnt always\nexec --\n";
	static const char *const extra[] = { "--as-pid-1", NULL };
	static const struct rt_opts o = { .name = "x", .args = extra, .nargs = 1 };
	char *argv0[] = { "probe_x", "--role", "inside", NULL };
	struct suite_entry ent = { .argv = argv0 };
	struct rt_run r = { .opts = &o };
	struct nsp_err e;
	char line[4096] = "", **argv;

	CU_ASSERT_EQUAL_FATAL(rt_profile_parse(text, "d/x.profile", &r.prof, &e), 0);
	snprintf(r.command, sizeof(r.command), "/bin/xrun");
	snprintf(r.probes, sizeof(r.probes), "/p");
	snprintf(r.work, sizeof(r.work), "/w");
	snprintf(r.rootfs, sizeof(r.rootfs), "/w/rootfs");
	r.asked[1] = r.asked[2] = true;		/* net, mnt; not pid */
	setenv("NSHARNESS_TEST_VAR", "1", 1);
	argv = rt_command(&r, &ent, 3, &e);
	CU_ASSERT_PTR_NOT_NULL_FATAL(argv);
	for (size_t i = 0; argv[i]; i++)
		snprintf(line + strlen(line), sizeof(line) - strlen(line), "%s%s", i ? " " : "",
			 argv[i]);
	CU_ASSERT_PTR_NOT_NULL(strstr(line, "/bin/xrun --root /w/rootfs --as-pid-1 --cg /nsprobe-"));
	CU_ASSERT_PTR_NOT_NULL(strstr(line, "/rt-3 -P -n -v /usr:/usr -v /etc:/etc"));
	CU_ASSERT_PTR_NOT_NULL(strstr(line, "-v /p:/nsp/probes"));
	CU_ASSERT_PTR_NOT_NULL(strstr(line, "-e NSHARNESS_TEST_VAR"));
	CU_ASSERT_PTR_NOT_NULL(strstr(line, " -- /nsp/probes/probe_x --role inside"));
	if (!strstr(line, " -- /nsp/probes/probe_x --role inside"))
		fprintf(stderr, "%s\n", line);
	unsetenv("NSHARNESS_TEST_VAR");
	rt_command_free(argv);
	rt_profile_free(&r.prof);
}

static const struct selftest_case cases[] = {
	{ "a cli runtime's command line from its words", test_command },
	{ "directives, ns on/off/always, policy unless=, refuses", test_parse },
	{ "malformed profiles name the line and why", test_malformed },
	{ "every shipped profile parses", test_shipped },
	{ NULL, NULL },
};

SELFTEST_SUITE(profile_suite, "runtime profiles", cases)
