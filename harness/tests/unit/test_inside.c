// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Self-tests of the inside role runner (harness/core/inside.h), of the
 * two-sided probe skeleton built on it (fixtures/twoside.h) and of
 * sync_fork (probes/lib/syncfork.h): real
 * containers (new UTS and pid namespaces) whose init writes TAP points on
 * a stream we read back.  They need root (CAP_SYS_ADMIN); otherwise they
 * pass without asserting anything, as the other namespace self-tests do.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fixtures/inside.h"
#include "fixtures/observe.h"
#include "lib/nsfile.h"
#include "lib/needs.h"
#include "fixtures/probeargs.h"
#include "tests/unit/selftest.h"
#include "lib/syncfork.h"
#include "fixtures/twoside.h"

#define HOST "nsp-selftest-in"

/* A TAP stream on an unlinked file (the container's init shares its
 * offset), or NULL where these tests do not apply: not root. */
static FILE *open_stream(struct tap *t)
{
	FILE *f;

	if (geteuid() != 0)
		return NULL;
	f = tmpfile();
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	tap_init(t, f);
	return f;
}

/* Everything written so far; the caller frees it. */
static char *stream_text(FILE *f)
{
	long n;
	char *s;

	fflush(f);
	n = ftell(f);
	s = calloc(1, (size_t)n + 1);
	rewind(f);
	if (s && fread(s, 1, (size_t)n, f) != (size_t)n)
		s[0] = '\0';
	fseek(f, 0, SEEK_END);
	return s;
}

/* Container init, pid 1 of its pid namespace, with its own hostname. */
static int two_points(struct tap *t, void *arg)
{
	char host[64] = "";

	gethostname(host, sizeof(host));
	tap_expect_long(t, 1, getpid(), "inside is pid 1");
	tap_expect_str(t, HOST, host, "inside has its hostname");
	return arg ? *(int *)arg : 0;
}

static void test_numbering_and_status(void)
{
	struct core_spec spec = { .namespaces = CLONE_NEWUTS | CLONE_NEWPID, .hostname = HOST };
	struct inside_run r;
	struct ns_ident ours, theirs;
	struct nsp_err e = { 0 };
	struct tap t;
	int status = 0;
	FILE *f;
	char *text;

	f = open_stream(&t);
	if (!f)
		return;
	tap_pass(&t, "before");
	CU_ASSERT_EQUAL_FATAL(inside_run_start(&r, &t, &spec, two_points, NULL, &e), 0);
	CU_ASSERT_EQUAL(inside_run_collect(&r, &e), 0);
	CU_ASSERT_EQUAL(t.last, 3);
	CU_ASSERT_EQUAL(t.counts[TAP_PASS], 3);
	/* between collect and end the container is alive, in its own ns */
	CU_ASSERT_EQUAL(kill(r.c.pid, 0), 0);
	CU_ASSERT_EQUAL(ns_ident_of(0, "uts", &ours, &e), 0);
	CU_ASSERT_EQUAL(ns_ident_of(r.c.pid, "uts", &theirs, &e), 0);
	CU_ASSERT_FALSE(ns_ident_eq(&ours, &theirs));
	tap_pass(&t, "after");
	CU_ASSERT_EQUAL(inside_run_end(&r, &status, &e), 0);
	CU_ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CU_ASSERT_EQUAL(kill(r.c.pid, 0), -1);
	text = stream_text(f);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "ok 1 - before\nok 2 - inside is pid 1\n"
				      "ok 3 - inside has its hostname\nok 4 - after\n"));
	free(text);
	fclose(f);
}

static void test_nonzero_status(void)
{
	struct core_spec spec = { .namespaces = CLONE_NEWUTS | CLONE_NEWPID, .hostname = HOST };
	struct inside_run r;
	struct nsp_err e = { 0 };
	struct tap t;
	int status = 0, want = TAP_EXIT_FAIL | TAP_EXIT_BROKEN;
	FILE *f;

	f = open_stream(&t);
	if (!f)
		return;
	CU_ASSERT_EQUAL_FATAL(inside_run_start(&r, &t, &spec, two_points, &want, &e), 0);
	CU_ASSERT_EQUAL(inside_run_collect(&r, &e), 0);
	CU_ASSERT_EQUAL(t.last, 2);
	CU_ASSERT_EQUAL(inside_run_end(&r, &status, &e), 0);
	CU_ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == want);
	fclose(f);
}

/* Container init that dies without handing anything back. */
static int dies_early(struct tap *t, void *arg)
{
	(void)t;
	(void)arg;
	_exit(7);
}

static void test_early_death_and_failed_start(void)
{
	struct core_spec spec = { .namespaces = CLONE_NEWPID };
	struct core_spec bad = { .hostname = HOST };	/* names without CLONE_NEWUTS */
	struct inside_run r;
	struct nsp_err e = { 0 };
	struct tap t;
	int status = 0;
	FILE *f;

	f = open_stream(&t);
	if (!f)
		return;
	CU_ASSERT_EQUAL_FATAL(inside_run_start(&r, &t, &spec, dies_early, NULL, &e), 0);
	CU_ASSERT_EQUAL(inside_run_collect(&r, &e), -1);
	CU_ASSERT_EQUAL(e.errnum, EPIPE);
	CU_ASSERT_EQUAL(inside_run_end(&r, &status, &e), 0);
	CU_ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 7);
	/* a start that fails leaves nothing, and end is still safe */
	CU_ASSERT_EQUAL(inside_run_start(&r, &t, &bad, two_points, NULL, &e), -1);
	CU_ASSERT_EQUAL(e.errnum, EINVAL);
	CU_ASSERT_EQUAL(inside_run_collect(&r, &e), -1);
	CU_ASSERT_EQUAL(inside_run_end(&r, &status, &e), 0);
	CU_ASSERT_EQUAL(status, -1);
	fclose(f);
}

/* twoside, non-silent: a point, then our pid on the pair before returning. */
static int report_pid(struct tap *t, struct twoside *s)
{
	pid_t self = getpid();
	struct nsp_err e;

	tap_pass(t, "inside point");
	return nsp_sync_send(s->fd, &self, sizeof(self), &e) < 0 ? 2 : 0;
}

static void read_pid(struct tap *t, struct twoside *s)
{
	pid_t *got = s->arg;
	struct nsp_err e;

	if (nsp_sync_recv(s->fd, got, sizeof(*got), &e) < 0)
		*got = -1;
	tap_pass(t, "outside point");
}

/* twoside, silent: echo every number back, doubled, until end-of-file. */
static int echo_doubled(struct tap *t, struct twoside *s)
{
	struct nsp_err e;
	int n;

	(void)t;
	while (nsp_sync_recv(s->fd, &n, sizeof(n), &e) == 0) {
		n *= 2;
		if (nsp_sync_send(s->fd, &n, sizeof(n), &e) < 0)
			return 2;
	}
	return e.errnum == EPIPE ? 5 : 2;
}

static void ask_twice(struct tap *t, struct twoside *s)
{
	int *sum = s->arg, n;
	struct nsp_err e;

	for (int i = 1; i <= 2; i++) {
		tap_pass(t, "outside point %d", i);
		if (nsp_sync_send(s->fd, &i, sizeof(i), &e) < 0 ||
		    nsp_sync_recv(s->fd, &n, sizeof(n), &e) < 0)
			n = -100;
		*sum += n;
	}
}

static void test_twoside(void)
{
	pid_t got = 0;
	int sum = 0;
	struct twoside a = { .spec = { .namespaces = CLONE_NEWPID }, .inside = report_pid,
			     .outside = read_pid, .arg = &got };
	struct twoside b = { .spec = { .namespaces = CLONE_NEWUTS }, .inside = echo_doubled,
			     .outside = ask_twice, .arg = &sum, .silent = true };
	struct tap t;
	FILE *f;
	char *text;

	f = open_stream(&t);
	if (!f)
		return;
	CU_ASSERT_EQUAL(twoside_run(&t, &a), 0);
	CU_ASSERT_EQUAL(got, 1);
	CU_ASSERT_TRUE(WIFEXITED(a.status) && WEXITSTATUS(a.status) == 0);
	CU_ASSERT_EQUAL(twoside_run(&t, &b), 0);
	CU_ASSERT_EQUAL(sum, 6);
	CU_ASSERT_TRUE(WIFEXITED(b.status) && WEXITSTATUS(b.status) == 5);
	CU_ASSERT_EQUAL(t.last, 4);
	text = stream_text(f);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "ok 1 - inside point\nok 2 - outside point\n"
				      "ok 3 - outside point 1\nok 4 - outside point 2\n"));
	free(text);
	fclose(f);
}

/* sync_fork: the child answers on its end, the parent reads on its own. */
static void test_sync_fork(void)
{
	struct nsp_err e = { 0 };
	int fd = -1, status = -1;
	pid_t pid = sync_fork(&fd, &e), got = 0;

	CU_ASSERT_FATAL(pid >= 0);
	if (pid == 0) {
		pid_t me = getpid();

		_exit(fd >= 0 && nsp_sync_send(fd, &me, sizeof(me), &e) == 0 ? 0 : 1);
	}
	CU_ASSERT_TRUE(fd >= 0);
	CU_ASSERT_EQUAL(nsp_sync_recv(fd, &got, sizeof(got), &e), 0);
	CU_ASSERT_EQUAL(got, pid);
	/* the child is gone: end-of-file, never a hang */
	CU_ASSERT_EQUAL(nsp_sync_recv(fd, &got, sizeof(got), &e), -1);
	CU_ASSERT_EQUAL(e.errnum, EPIPE);
	close(fd);
	CU_ASSERT_EQUAL(waitpid(pid, &status, 0), pid);
	CU_ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static int never_outside(struct tap *t, const struct probe_args *a)
{
	(void)t;
	(void)a;
	return 99;
}

/* probe_main's --role refusal for a probe without a standalone inside,
 * in a child whose stderr (the usage) goes to /dev/null. */
static int refused_status(char *const argv[])
{
	static const struct probe_needs needs = { .timeout = 1 };
	static const struct probe_main m = {
		.name = "p", .needs = &needs, .outside = never_outside,
		.no_inside = "no standalone inside",
	};
	int status = -1;
	pid_t pid = fork();

	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY | O_CLOEXEC);

		if (null >= 0)
			dup2(null, 2);
		_exit(probe_main(&m, 3, argv));
	}
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void test_no_inside(void)
{
	char *const inside[] = { "p", "--role", "inside", NULL };
	char *const outside[] = { "p", "--role", "outside", NULL };

	CU_ASSERT_EQUAL(refused_status(inside), 64);
	/* needs checked, then the outside role runs */
	CU_ASSERT_EQUAL(refused_status(outside), 99);
}

/* fork_call's child: answers arg + 1, or fails with EDOM for 0. */
static int plus_one(void *arg, void *out, struct nsp_err *e)
{
	int v = *(const int *)arg;

	if (v == 0)
		return nsp_err_set(e, EDOM, "zero");
	*(int *)out = v + 1;
	return 0;
}

static int dies(void *arg, void *out, struct nsp_err *e)
{
	(void)arg;
	(void)out;
	(void)e;
	_exit(9);
}

static void test_fork_call(void)
{
	struct nsp_err e = { 0 };
	int in = 41, out = 0;
	pid_t child = 0;

	CU_ASSERT_EQUAL(fork_call(plus_one, &in, &out, sizeof(out), &child, &e), 0);
	CU_ASSERT_EQUAL(out, 42);
	CU_ASSERT_TRUE(child > 0);
	/* reaped: no such child any more */
	CU_ASSERT_EQUAL(waitpid(child, NULL, WNOHANG), -1);
	in = 0;
	CU_ASSERT_EQUAL(fork_call(plus_one, &in, &out, sizeof(out), NULL, &e), -1);
	CU_ASSERT_EQUAL(e.errnum, EDOM);
	CU_ASSERT_STRING_EQUAL(e.msg, "zero");
	/* a child that dies without answering is EPIPE, never a hang */
	CU_ASSERT_EQUAL(fork_call(dies, &in, &out, sizeof(out), NULL, &e), -1);
	CU_ASSERT_EQUAL(e.errnum, EPIPE);
}

/* Observations: taken here, asked of a forked server, same answers. */
static void test_observe(void)
{
	struct obs here[] = { OBS_OF(OBS_PID), OBS_NS_OF("uts"), OBS_OF(OBS_HOSTNAME),
			      OBS_OF(OBS_NSPID) };
	struct obs there[4], bad = OBS_NS_OF("nonesuch");
	struct nsp_err e = { 0 };
	int fd = -1, status = -1;
	pid_t pid;

	memcpy(there, here, sizeof(there));
	CU_ASSERT_EQUAL_FATAL(obs_take(here, 4, &e), 0);
	CU_ASSERT_EQUAL(here[0].num, getpid());
	CU_ASSERT_TRUE(here[3].num >= 1);
	pid = sync_fork(&fd, &e);
	CU_ASSERT_FATAL(pid >= 0);
	if (pid == 0)
		_exit(obs_serve(fd));
	CU_ASSERT_EQUAL(obs_ask(fd, there, 4, &e), 0);
	CU_ASSERT_EQUAL(there[0].num, pid);
	CU_ASSERT_TRUE(ns_ident_eq(&here[1].id, &there[1].id));
	CU_ASSERT_STRING_EQUAL(here[2].str, there[2].str);
	CU_ASSERT_EQUAL(here[3].num, there[3].num);
	/* what cannot be taken there comes back as its error */
	CU_ASSERT_EQUAL(obs_ask(fd, &bad, 1, &e), -1);
	CU_ASSERT_EQUAL(e.errnum, ENOENT);
	close(fd);	/* end-of-file ends the server */
	CU_ASSERT_EQUAL(waitpid(pid, &status, 0), pid);
	CU_ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/* --help: status 0, and it says why --role inside is refused. */
static void test_help(void)
{
	static const struct probe_needs needs = { .timeout = 1 };
	static const struct probe_main m = {
		.name = "p", .needs = &needs, .outside = never_outside,
		.no_inside = "the reason given",
	};
	char *const argv[] = { "p", "--help", NULL };
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	FILE *saved = stdout;

	CU_ASSERT_PTR_NOT_NULL_FATAL(mem);
	stdout = mem;
	CU_ASSERT_EQUAL(probe_main(&m, 2, argv), 0);
	stdout = saved;
	fclose(mem);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "usage: p\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "refused (status 64): the reason given"));
	free(text);
}

static const struct selftest_case inside_cases[] = {
	{ "numbering goes on, alive until end, status back", test_numbering_and_status },
	{ "an inside returning non-zero reports that status", test_nonzero_status },
	{ "early death, failed start, end after both", test_early_death_and_failed_start },
	{ "twoside: pair messages, silent inside", test_twoside },
	{ "sync_fork: a pair between parent and child", test_sync_fork },
	{ "probe_main: --role inside refused with no_inside", test_no_inside },
	{ "fork_call: answer, the child's errno, a silent death", test_fork_call },
	{ "observations taken here and asked of a peer", test_observe },
	{ "probe_main --help", test_help },
	{ NULL, NULL }
};

SELFTEST_SUITE(inside_suite, "inside", inside_cases)
