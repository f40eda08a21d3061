// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Self-tests of the OOM probes' cgroup side (fixtures/oomgroup.h) on the
 * real cgroupfs: the v1 limit pair written in an order the kernel accepts,
 * and the probe skeleton (launch, observe, teardown with members).  They
 * need root and pass with the reason without it (or where memory is not
 * on v1 with swap accounting).  No OOM happens here: nothing touches more
 * than a few pages.  The skeleton runs in a forked child, so that making
 * it a subreaper does not change the test runner; children leave with
 * _exit() and nothing sleeps.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fixtures/memhog.h"
#include "fixtures/oomgroup.h"
#include "lib/runid.h"
#include "tests/unit/selftest.h"
#include "lib/tap.h"

#define MIB (1024LL * 1024)
#define STEP_IN 7

/* $NSHARNESS_RUN_ID while a test runs without it: groups named after us */
static char *owner_env;

static bool as_root(void)
{
	const char *env = getenv(RUN_ID_ENV);

	if (geteuid() != 0) {
		CU_PASS("skipped: needs root to create cgroups");
		return false;
	}
	if (env)
		owner_env = strdup(env);
	unsetenv(RUN_ID_ENV);
	return true;
}

static void restore_owner(void)
{
	struct nsp_err e;

	core_cgroup_remove_run(&e);	/* the net under this run's groups */
	if (owner_env)
		setenv(RUN_ID_ENV, owner_env, 1);
	free(owner_env);
	owner_env = NULL;
}

/* The two v1 files as the kernel has them (raw, not the model's canonical swap). */
static bool limits_are(struct core_cgroup *cg, long long limit, long long memsw)
{
	char l[32], m[32], want_l[32], want_m[32];
	struct nsp_err e;

	snprintf(want_l, sizeof(want_l), "%lld", limit);
	snprintf(want_m, sizeof(want_m), "%lld", memsw);
	return cg_file_read_text(cg->dir, CG_V1, CG_MEMORY_MAX, l, sizeof(l), &e) == 0 &&
	       cg_file_read_text(cg->dir, CG_V1, CG_MEMORY_SWAP_MAX, m, sizeof(m), &e) == 0 &&
	       strcmp(l, want_l) == 0 && strcmp(m, want_m) == 0;
}

/* memsw above the limit, then both raised, then both lowered. */
static void test_v1_limits(void)
{
	struct core_cgroup cg = CORE_CGROUP_INIT;
	struct nsp_err e = { 0 };
	char name[32];
	long long v;

	if (!as_root())
		return;
	snprintf(name, sizeof(name), "oomlim-%d", (int)getpid());
	if (core_cgroup_create(&cg, name, 16 * MIB, &e) < 0) {
		CU_FAIL("create a 16 MiB group");
	} else if (cg.version != CG_V1 || !core_cgroup_has(&cg, CG_MEMORY_SWAP_MAX)) {
		CU_PASS("skipped: no v1 memory.memsw.limit_in_bytes here");
		CU_ASSERT_EQUAL(oomgroup_v1_limits(&cg, 16 * MIB, MIB, &e), 0);
	} else {
		CU_ASSERT_TRUE(limits_are(&cg, 16 * MIB, 16 * MIB));	/* the core's */
		CU_ASSERT_EQUAL(oomgroup_v1_limits(&cg, 16 * MIB, MIB, &e), 0);
		CU_ASSERT_TRUE(limits_are(&cg, 16 * MIB, 17 * MIB));
		CU_ASSERT_EQUAL(oomgroup_v1_limits(&cg, 64 * MIB, 0, &e), 0);
		CU_ASSERT_TRUE(limits_are(&cg, 64 * MIB, 64 * MIB));
		CU_ASSERT_EQUAL(oomgroup_v1_limits(&cg, 8 * MIB, 0, &e), 0);
		CU_ASSERT_TRUE(limits_are(&cg, 8 * MIB, 8 * MIB));
		/* the memory limit alone keeps the swap allowance (the v2 meaning) */
		CU_ASSERT_EQUAL(oomgroup_v1_limits(&cg, 8 * MIB, MIB, &e), 0);
		CU_ASSERT_EQUAL(core_cgroup_set_limit(&cg, CG_MEMORY_MAX, 32 * MIB, &e), 0);
		CU_ASSERT_TRUE(limits_are(&cg, 32 * MIB, 33 * MIB));
		CU_ASSERT_EQUAL(core_cgroup_set_limit(&cg, CG_MEMORY_MAX, 4 * MIB, &e), 0);
		CU_ASSERT_TRUE(limits_are(&cg, 4 * MIB, 5 * MIB));
		CU_ASSERT_EQUAL(core_cgroup_set_limit(&cg, CG_MEMORY_SWAP_MAX, CG_UNLIMITED, &e), 0);
		CU_ASSERT_EQUAL(core_cgroup_set_limit(&cg, CG_MEMORY_MAX, 16 * MIB, &e), 0);
		CU_ASSERT(core_cgroup_get(&cg, CG_MEMORY_SWAP_MAX, &v, &e) == 0 && v == CG_UNLIMITED);
	}
	core_cgroup_destroy(&cg, &e);
	restore_owner();
}

/* What the skeleton's hooks saw, in the forked child that runs it. */
struct seen {
	bool prepared, observed;
	int procs;
	char dir[CORE_CG_PATH_MAX];
};

static int prepare(void *arg, struct nsp_err *e)
{
	(void)e;
	((struct seen *)arg)->prepared = true;
	return 0;
}

/* Container init: one member on members_fd, then tell the probe. */
static int init_main(void *arg, int fd, int members_fd)
{
	struct nsp_err e;
	pid_t pid;

	(void)arg;
	if (members_fd < 0 || memhog_spawn_sleepers(members_fd, fd, &pid, 1, &e) < 0 ||
	    nsp_sync_wake(fd, STEP_IN, &e) < 0)
		return 2;
	memhog_hold(fd);
	return 0;
}

static void observe(struct tap *t, struct core_container *c, int fd, void *arg)
{
	struct seen *s = arg;
	struct nsp_err e;
	pid_t pids[4];

	s->observed = nsp_sync_wait(fd, STEP_IN, &e) == 0;
	s->procs = oomgroup_procs(&c->cg, pids, 4, &e);
	snprintf(s->dir, sizeof(s->dir), "%s", c->cg.dir);
	tap_pass(t, "observed");
}

/* Child: run the skeleton; exit 0 when every hook ran and nothing is left. */
static int run_skeleton(void)
{
	struct seen s = { 0 };
	const struct cgrun_probe p = {
		.namespaces = CLONE_NEWUTS,
		.memory_limit = 16 * MIB,
		.members = true,
		.prepare = prepare,
		.init = init_main,
		.observe = observe,
		.arg = &s,
	};
	FILE *out = fopen("/dev/null", "we");
	struct stat st;
	struct tap t;
	int rc;

	if (!out)
		return 10;
	tap_init(&t, out);
	rc = cgrun_probe_run(&t, &p);
	fclose(out);
	if (rc != 0 || !s.prepared || !s.observed)
		return 11;
	if (s.procs != 2)	/* init and its member */
		return 12;
	if (stat(s.dir, &st) == 0 || errno != ENOENT)
		return 13;	/* the group outlived the teardown */
	if (waitpid(-1, NULL, WNOHANG) >= 0 || errno != ECHILD)
		return 14;	/* an adopted member was left unreaped */
	return 0;
}

/* As root, fn in a forked child (a subreaper or a launch does not touch the
 * test runner); it passes when fn returns 0. */
static void in_child(int (*fn)(void))
{
	int status = -1;
	pid_t pid;

	if (!as_root())
		return;
	fflush(NULL);
	pid = fork();
	if (pid == 0)
		_exit(fn());
	CU_ASSERT_FATAL(pid > 0);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	CU_ASSERT_TRUE(WIFEXITED(status));
	CU_ASSERT_EQUAL(WEXITSTATUS(status), 0);
	restore_owner();
}

static void test_skeleton(void)
{
	in_child(run_skeleton);
}

static int do_nothing(void *arg)
{
	(void)arg;
	return 0;
}

/*
 * Child: a launch whose group limit (4 KiB, below CORE_MEMORY_MIN) is too
 * small for the container's own setup.  Where the kernel kills the setup
 * (it does on 6.18, v1), the launch error must say so, naming the group
 * and the limit, not "peer exited"; and nothing may be left.  0 passes.
 */
static int run_setup_oom(void)
{
	const struct core_spec s = { .namespaces = CLONE_NEWUTS, .memory_limit = 4096,
				     .fn = do_nothing };
	struct core_container c;
	struct nsp_err e = { 0 };
	struct stat st;
	char dir[sizeof(c.cg.dir)];

	if (core_launch(&s, &c, &e) == 0) {
		core_destroy(&c, &e);
		return 0;	/* this kernel's setup fits in 4 KiB: nothing to name */
	}
	snprintf(dir, sizeof(dir), "%s", c.cg.dir);
	if (e.errnum != ENOMEM || !strstr(e.msg, "container setup was OOM-killed in cgroup ") ||
	    !strstr(e.msg, "memory limit of 4096 bytes is too small"))
		return fprintf(stderr, "\n  setup OOM said: %s\n", e.msg), 21;
	if (dir[0] && (stat(dir, &st) == 0 || errno != ENOENT))
		return 22;	/* the group outlived the failed launch */
	return 0;
}

static void test_setup_oom_named(void)
{
	in_child(run_setup_oom);
}

static const struct selftest_case oomgroup_cases[] = {
	{ "v1 memory and memsw limits in an accepted order", test_v1_limits },
	{ "probe skeleton: hooks, members, teardown", test_skeleton },
	{ "a setup OOM-killed by its group's limit is named", test_setup_oom_named },
	{ NULL, NULL },
};

SELFTEST_SUITE(oomgroup_suite, "oomgroup", oomgroup_cases)
