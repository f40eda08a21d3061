// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Self-tests of nsharness as a whole program, driven by the tiny probes in
 * suites/selftest/progs: pass, fail, skip, hang, crash, garbage, and one
 * that leaves a grandchild ignoring SIGTERM.  Suite files are written to a
 * temporary directory per test run; leftovers are found by a token that
 * every spawned probe carries in its argv.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <poll.h>
#include <sys/syscall.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/file.h"
#include "lib/nsfile.h"
#include "runner/suite.h"
#include "tests/unit/selftest.h"

struct result {
	int status;		/* exit code, or 128+signal */
	char *out;
	char *err;
};

static char dir[PATH_MAX];	/* temporary suite directory */
static char token[64];		/* marks the argv of every spawned probe */

static void write_text(const char *name, const char *text)
{
	char path[PATH_MAX + 64];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "we");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs(text, f);
	fclose(f);
}

static char *slurp_fd(int fd)
{
	size_t cap = 4096, len = 0;
	char *buf = malloc(cap);
	ssize_t n;

	while (buf && (n = read(fd, buf + len, cap - len - 1)) > 0) {
		len += (size_t)n;
		if (len + 1 == cap)
			buf = realloc(buf, cap *= 2);
	}
	if (buf)
		buf[len] = '\0';
	close(fd);
	return buf;
}

/* Spawn nsharness with our probe and suite directories; *pid for signals. */
static pid_t start(char *const args[], int *out_fd, int *err_fd)
{
	char probes[PATH_MAX], exe[PATH_MAX];
	int o[2], e[2];
	pid_t pid;

	snprintf(probes, sizeof(probes), "%s/selftest/progs", selftest_build_dir());
	snprintf(exe, sizeof(exe), "%s/nsharness", selftest_build_dir());
	if (pipe2(o, O_CLOEXEC) < 0 || pipe2(e, O_CLOEXEC) < 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		char *argv[32] = { exe };
		int n = 1;

		for (; args[n - 1] && n < 31; n++)
			argv[n] = args[n - 1];
		argv[n] = NULL;
		dup2(o[1], 1);
		dup2(e[1], 2);
		setenv("NSHARNESS_PROBES", probes, 1);
		setenv("NSHARNESS_SUITES", dir, 1);
		execv(exe, argv);
		_exit(127);
	}
	close(o[1]);
	close(e[1]);
	*out_fd = o[0];
	*err_fd = e[0];
	return pid;
}

static int finish(pid_t pid, int out_fd, int err_fd, struct result *r)
{
	int status;

	r->out = slurp_fd(out_fd);
	r->err = slurp_fd(err_fd);
	if (waitpid(pid, &status, 0) < 0)
		return -1;
	r->status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	return 0;
}

static void run(struct result *r, char *const args[])
{
	int o, e;
	pid_t pid = start(args, &o, &e);

	CU_ASSERT_FATAL(pid > 0);
	CU_ASSERT_EQUAL_FATAL(finish(pid, o, e, r), 0);
}

static void result_free(struct result *r)
{
	free(r->out);
	free(r->err);
}

static bool has_line(const char *text, const char *line)
{
	size_t len = strlen(line);

	for (const char *p = text; p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (strncmp(p, line, len) == 0 && (p[len] == '\n' || p[len] == '\0'))
			return true;
	return false;
}

static const char *last_line(char *text)
{
	size_t len = strlen(text);
	char *p;

	while (len && text[len - 1] == '\n')
		text[--len] = '\0';
	p = strrchr(text, '\n');
	return p ? p + 1 : text;
}

/* Any process, anywhere, whose argv carries our token? */
static int leftovers(void)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	int found = 0;

	while (d && (de = readdir(d))) {
		char path[300], buf[4096];
		ssize_t n;
		int fd;

		if (de->d_name[0] < '1' || de->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/cmdline", de->d_name);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		for (ssize_t i = 0; i < n; i++)
			if (buf[i] == '\0')
				buf[i] = ' ';
		if (n > 0 && (buf[n] = '\0', strstr(buf, token)))
			found++;
	}
	if (d)
		closedir(d);
	return found;
}

static const char basic_suite[] =
	"pass     tap_pass\n"
	"fail     tap_fail\n"
	"skip     tap_skip\n"
	"segv     tap_segv\n"
	"garbage  tap_garbage\n"
	"orphan   tap_orphan %s\n"
	"hang     timeout=1 tap_hang /dev/null %s\n";

static void write_basic(void)
{
	char text[1024];

	snprintf(text, sizeof(text), basic_suite, token, token);
	write_text("basic.suite", text);
}

static void check_basic_output(const struct result *r)
{
	CU_ASSERT_EQUAL(r->status, 3);	/* a failure and broken entries */
	CU_ASSERT(strncmp(r->out, "TAP version 13\n", 15) == 0);
	CU_ASSERT(has_line(r->out, "# Subtest: basic.pass"));
	CU_ASSERT(has_line(r->out, "ok 1 - basic.pass"));
	CU_ASSERT(has_line(r->out, "not ok 2 - basic.fail"));
	CU_ASSERT(has_line(r->out, "ok 3 - basic.skip # SKIP selftest skip reason"));
	CU_ASSERT(has_line(r->out, "not ok 4 - basic.segv"));
	CU_ASSERT(strstr(r->out, "SIGSEGV") != NULL);
	CU_ASSERT(has_line(r->out, "not ok 5 - basic.garbage"));
	CU_ASSERT(has_line(r->out, "ok 6 - basic.orphan"));
	/* a probe's diagnostics stay with the point they came before */
	CU_ASSERT(has_line(r->out, "    # the grandchild ignores SIGTERM"));
	CU_ASSERT(strstr(r->out, "not ok 7 - basic.hang # TIMEOUT") != NULL);
	CU_ASSERT(has_line(r->out, "1..7"));
}

static void test_basic_parallel_and_serial(void)
{
	char *j1[] = { "-j", "1", "basic", NULL }, *j4[] = { "-j", "4", "basic", NULL };
	struct result a, b;

	write_basic();
	run(&a, j1);
	run(&b, j4);
	check_basic_output(&a);
	check_basic_output(&b);
	/* same stream whatever -j: only the order of completion differs */
	CU_ASSERT_STRING_EQUAL(a.out, b.out);
	CU_ASSERT_EQUAL(leftovers(), 0);
	result_free(&a);
	result_free(&b);
}

static void test_no_sandbox(void)
{
	char *args[] = { "--no-sandbox", "-j", "3", "basic", NULL };
	struct result r;

	write_basic();
	run(&r, args);
	check_basic_output(&r);
	CU_ASSERT_EQUAL(leftovers(), 0);
	result_free(&r);
}

static void test_closing_line(void)
{
	char *args[] = { "basic", NULL };
	struct result r;
	unsigned p, f, s;
	char tail[8];

	write_basic();
	run(&r, args);
	/* on stderr, so stdout stays strict TAP */
	CU_ASSERT_EQUAL(sscanf(last_line(r.err), "%u passed, %u failed, %u skipped%7s",
			       &p, &f, &s, tail), 3);
	CU_ASSERT_EQUAL(p, 8);		/* the passing points of the basic suite */
	CU_ASSERT_EQUAL(f, 6);		/* 1 kernel-style failure + 5 broken */
	CU_ASSERT_EQUAL(s, 1);
	CU_ASSERT(strstr(r.out, "\n# Totals: 8 passed, 6 failed (5 broken), 1 skipped, "
			 "1 timed out, in 7 entries\n") != NULL);
	CU_ASSERT(strncmp(last_line(r.out), "# Totals:", 9) == 0);
	result_free(&r);
}

static void test_malformed_suite_runs_nothing(void)
{
	char *args[] = { "good", "bad", NULL };
	struct result r;

	write_text("good.suite", "pass tap_pass\n");
	write_text("bad.suite", "pass tap_pass\n\nbroken\n");
	run(&r, args);
	CU_ASSERT_EQUAL(r.status, 65);
	CU_ASSERT_STRING_EQUAL(r.out, "");
	CU_ASSERT(strstr(r.err, "bad.suite:3: no probe named after the entry name") != NULL);
	result_free(&r);
}

static void test_unknown_probe_and_suite(void)
{
	char *a1[] = { "unknown", NULL }, *a2[] = { "nosuch", NULL };
	struct result r;

	write_text("unknown.suite", "x no_such_probe\n");
	run(&r, a1);
	CU_ASSERT_EQUAL(r.status, 65);
	CU_ASSERT(strstr(r.err, "unknown.suite:1: probe no_such_probe") != NULL);
	CU_ASSERT_STRING_EQUAL(r.out, "");
	result_free(&r);
	run(&r, a2);
	CU_ASSERT_EQUAL(r.status, 66);
	CU_ASSERT(strstr(r.err, "nosuch.suite") != NULL);
	result_free(&r);
}

/* The bad-input catalogue of nsharness: each input, its one-line message
 * and its documented exit status; nothing may run (stdout stays empty). */
static const struct {
	char *args[5];
	int status;
	const char *message;
} bad_inputs[] = {
	{ { "-j", "0" }, 64, "nsharness: -j wants 1..1024, not '0'" },
	{ { "-j", "x" }, 64, "nsharness: -j wants 1..1024, not 'x'" },
	{ { "--timeout", "-5" }, 64, "nsharness: --timeout wants seconds 1..86400, not '-5'" },
	{ { "--tap-version", "12" }, 64, "nsharness: --tap-version is 13 or 14, not '12'" },
	{ { "--bogus" }, 64, "unrecognized option '--bogus'" },
	{ { "nosuch" }, 66, "nsharness: open " },
	{ { "/nonexistent/x.suite" }, 66, "nsharness: open /nonexistent/x.suite: No such file or directory" },
	{ { "/etc" }, 65, "nsharness: /etc: a directory, not a regular file" },
	{ { "/dev/null" }, 65, "nsharness: /dev/null: a device, not a regular file" },
	{ { "fifo" }, 65, "fifo.suite: a FIFO, not a regular file" },
	{ { "big" }, 65, "big.suite is larger than 1048576 bytes" },
	{ { "dots" }, 65, "dots.suite:1: probe must be a plain program name" },
	{ { "hidden" }, 65, "hidden.suite:1: entry name must be" },
	{ { "empty" }, 66, "nsharness: nothing to run: " },
	{ { "--filter", "nomatch.*", "basic" }, 66,
	  "nsharness: nothing to run: --filter 'nomatch.*' matches none of the 7 entries" },
	{ { "--list", "--filter", "nomatch.*", "basic" }, 66,
	  "nsharness: nothing to run: --filter 'nomatch.*' matches none of the 7 entries" },
	{ { "--tap", "/nonexistent/dir/x.tap", "basic" }, 73,
	  "nsharness: open /nonexistent/dir/x.tap for writing: No such file or directory" },
	{ { "--junit", "/nonexistent/dir/x.xml", "basic" }, 73,
	  "nsharness: open /nonexistent/dir/x.xml for writing: No such file or directory" },
	{ { "--runtime", "nosuch", "basic" }, 64, "nsharness: --runtime nosuch: no such runtime" },
	{ { "--runtime-ns", "pid", "basic" }, 64,
	  "nsharness: --runtime-arg and --runtime-ns need --runtime" },
	{ { "--runtime", "/nonexistent/x.profile", "basic" }, 64,
	  "nsharness: runtime profile: open /nonexistent/x.profile" },
};

/* Suite files that must be refused: not regular, too large, bad names, empty. */
static void write_bad_suites(void)
{
	char path[PATH_MAX + 64];

	snprintf(path, sizeof(path), "%s/fifo.suite", dir);
	CU_ASSERT(mkfifo(path, 0600) == 0 || errno == EEXIST);
	snprintf(path, sizeof(path), "%s/big.suite", dir);
	write_text("big.suite", "pass tap_pass\n");
	CU_ASSERT_EQUAL(truncate(path, SUITE_MAX_BYTES + 1), 0);
	write_text("dots.suite", "up ..\n");
	write_text("hidden.suite", ".x tap_pass\n");
	write_text("empty.suite", "# nothing here\n");
}

static void test_bad_inputs(void)
{
	struct result r;

	write_basic();
	write_bad_suites();
	for (size_t i = 0; i < sizeof(bad_inputs) / sizeof(bad_inputs[0]); i++) {
		run(&r, bad_inputs[i].args);
		CU_ASSERT_EQUAL(r.status, bad_inputs[i].status);
		CU_ASSERT_STRING_EQUAL(r.out, "");
		CU_ASSERT_PTR_NOT_NULL(strstr(r.err, bad_inputs[i].message));
		if (r.status != bad_inputs[i].status || !strstr(r.err, bad_inputs[i].message))
			fprintf(stderr, "\n  case %zu: status %d, stderr: %s", i, r.status, r.err);
		result_free(&r);
	}
}

/* As root, a suite directory others may write to is refused (exit 77). */
static void test_untrusted_dir(void)
{
	char *args[] = { "basic", NULL };
	struct result r;
	struct ns_ident user;
	struct nsp_err e;

	/* only root of the host gives others something to gain */
	if (geteuid() != 0 || ns_ident_of(0, "user", &user, &e) < 0 ||
	    user.ino != (ino_t)ns_type_by_flag(CLONE_NEWUSER)->init_ino)
		return;
	write_basic();
	CU_ASSERT_EQUAL_FATAL(chmod(dir, 0777), 0);
	run(&r, args);
	CU_ASSERT_EQUAL(chmod(dir, 0700), 0);
	CU_ASSERT_EQUAL(r.status, 77);
	CU_ASSERT_STRING_EQUAL(r.out, "");
	CU_ASSERT_PTR_NOT_NULL(strstr(r.err, ": it is writable by others (refused as root)"));
	result_free(&r);
}

/* A bad option: what is wrong on one line, then where to look; no usage dump. */
static void test_bad_option_lines(void)
{
	char *top[] = { "--bogus", NULL }, *exec[] = { "exec", "--bogus", "--", "true", NULL };
	char *const *cases[] = { top, exec };
	static const char *const hint[] = {
		"Try 'nsharness --help' for more information.\n",
		"Try 'nsharness exec --help' for more information.\n",
	};
	struct result r;

	for (size_t i = 0; i < 2; i++) {
		const char *nl;

		run(&r, cases[i]);
		CU_ASSERT_EQUAL(r.status, 64);
		nl = strchr(r.err, '\n');
		CU_ASSERT_PTR_NOT_NULL_FATAL(nl);
		CU_ASSERT_STRING_EQUAL(nl + 1, hint[i]);
		result_free(&r);
	}
}

static void test_list_and_filter(void)
{
	char *list[] = { "--list", "--filter", "basic.s*", "basic", NULL };
	char *filtered[] = { "--filter", "basic.pa*", "basic", NULL };
	struct result r;

	write_basic();
	run(&r, list);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT_STRING_EQUAL(r.out, "basic.skip\nbasic.segv\n");
	result_free(&r);
	run(&r, filtered);
	CU_ASSERT_EQUAL(r.status, 0);
	CU_ASSERT(has_line(r.out, "ok 1 - basic.pass"));
	CU_ASSERT(has_line(r.out, "1..1"));
	result_free(&r);
}

static void test_tap14_and_junit(void)
{
	char junit[PATH_MAX + 16], tap[PATH_MAX + 16];
	char *args[] = { "--tap-version", "14", "--junit", junit, "--tap", tap,
			 "basic", NULL };
	struct nsp_err e;
	struct result r;
	char *xml, *copy;

	snprintf(junit, sizeof(junit), "%s/out.xml", dir);
	snprintf(tap, sizeof(tap), "%s/out.tap", dir);
	write_basic();
	run(&r, args);
	CU_ASSERT(strncmp(r.out, "TAP version 14\n", 15) == 0);
	xml = nsp_read_file(junit, NULL, &e);
	copy = nsp_read_file(tap, NULL, &e);
	CU_ASSERT_PTR_NOT_NULL_FATAL(xml);
	CU_ASSERT_PTR_NOT_NULL_FATAL(copy);
	CU_ASSERT(strstr(xml, "<testsuite name=\"basic\"") != NULL);
	CU_ASSERT(strstr(xml, "<skipped") != NULL);
	CU_ASSERT(strstr(xml, "<failure") != NULL);
	CU_ASSERT_STRING_EQUAL(copy, r.out);
	free(xml);
	free(copy);
	result_free(&r);
}

/* fd readable before process pid exits (polled on a pidfd; 60 s at most). */
static bool wait_readable_or_exit(int fd, pid_t pid)
{
	int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	struct pollfd p[2] = { { .fd = fd, .events = POLLIN }, { .fd = pidfd, .events = POLLIN } };
	int n;

	do
		n = poll(p, pidfd >= 0 ? 2 : 1, 60000);
	while (n < 0 && errno == EINTR);
	if (pidfd >= 0)
		close(pidfd);
	return n > 0 && (p[0].revents & POLLIN);
}

/* SIGINT while a probe hangs: completed entries reported, the hanging
 * group killed, exit 130, nothing left. */
static void test_interrupt(void)
{
	char fifo[PATH_MAX + 16], line[16], text[PATH_MAX + 200];
	/* -j1: the hang starts only after the pass entry was judged */
	char *args[] = { "-j", "1", "intr", NULL };
	struct result r;
	int o, e, fd;
	pid_t pid;

	snprintf(fifo, sizeof(fifo), "%s/notify", dir);
	CU_ASSERT_EQUAL_FATAL(mkfifo(fifo, 0600), 0);
	snprintf(text, sizeof(text), "pass tap_pass\nhang tap_hang %s %s\n", fifo, token);
	write_text("intr.suite", text);
	pid = start(args, &o, &e);
	CU_ASSERT_FATAL(pid > 0);
	/* until the probe wrote, or nsharness ended without running it: a
	 * runner that dies early must fail this test, never hang it */
	fd = open(fifo, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	CU_ASSERT(fd >= 0 && wait_readable_or_exit(fd, pid));
	CU_ASSERT(fd >= 0 && read(fd, line, sizeof(line)) > 0);
	close(fd);
	kill(pid, SIGINT);
	CU_ASSERT_EQUAL_FATAL(finish(pid, o, e, &r), 0);
	CU_ASSERT_EQUAL(r.status, 130);
	CU_ASSERT(has_line(r.out, "ok 1 - intr.pass"));
	CU_ASSERT(strstr(r.out, "not ok 2 - intr.hang") != NULL);
	CU_ASSERT(strstr(r.out, "interrupted") != NULL);
	CU_ASSERT_EQUAL(leftovers(), 0);
	unlink(fifo);
	result_free(&r);
}

static void setup_dir(void)
{
	snprintf(dir, sizeof(dir), "/tmp/nsp-runner-XXXXXX");
	if (!mkdtemp(dir))
		dir[0] = '\0';
	snprintf(token, sizeof(token), "nsp-selftest-token-%d", (int)getpid());
}

/*
 * The sandbox is proved before it is trusted: with unshare() made a no-op
 * (an LD_PRELOAD shim, as some CI sandboxes have) the run refuses, exit
 * 70, one line naming the namespaces that were not made, and no probe
 * ran (the basic suite's probes would have printed their TAP).
 */
static void test_sandbox_not_made(void)
{
	char *args[] = { "basic", NULL };
	char shim[PATH_MAX], opts[512], *asan;
	struct result r;

	if (geteuid() != 0) {
		CU_PASS("skipped: the sandbox needs root");
		return;
	}
	snprintf(shim, sizeof(shim), "%s/selftest/noop_unshare.so", selftest_build_dir());
	CU_ASSERT_EQUAL_FATAL(access(shim, R_OK), 0);
	asan = getenv("ASAN_OPTIONS") ? strdup(getenv("ASAN_OPTIONS")) : NULL;
	setenv("LD_PRELOAD", shim, 1);
	/* under ASan (make check SANITIZE=...) its runtime must come first
	 * unless told otherwise; the shim is not instrumented */
	snprintf(opts, sizeof(opts), "verify_asan_link_order=0%s%s", asan ? ":" : "",
		 asan ? asan : "");
	setenv("ASAN_OPTIONS", opts, 1);
	run(&r, args);
	unsetenv("LD_PRELOAD");
	if (asan)
		setenv("ASAN_OPTIONS", asan, 1);
	else
		unsetenv("ASAN_OPTIONS");
	free(asan);
	CU_ASSERT_EQUAL(r.status, 70);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.err, "made no new mount, uts, ipc, network namespaces"));
	CU_ASSERT_PTR_NULL(strchr(r.err, '\n') ? strchr(strchr(r.err, '\n') + 1, '\n') : NULL);
	CU_ASSERT_STRING_EQUAL(r.out, "");
	result_free(&r);
}

static void test_setup(void)
{
	setup_dir();
	CU_ASSERT_FATAL(dir[0] != '\0');
}

static void remove_dir(void)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	while (d && (de = readdir(d))) {
		char path[PATH_MAX + 300];

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		unlink(path);
	}
	if (d)
		closedir(d);
	rmdir(dir);
}

static void test_teardown(void)
{
	remove_dir();
	CU_ASSERT_EQUAL(access(dir, F_OK), -1);
}

static const struct selftest_case cases[] = {
	{ "setup", test_setup },
	{ "pass/fail/skip/crash/garbage/orphan/timeout, -j1 == -j4", test_basic_parallel_and_serial },
	{ "same without the sandbox", test_no_sandbox },
	{ "closing line and totals", test_closing_line },
	{ "malformed suite: file:line, nothing runs", test_malformed_suite_runs_nothing },
	{ "unknown probe, unknown suite", test_unknown_probe_and_suite },
	{ "bad input: one line, documented status, nothing runs", test_bad_inputs },
	{ "bad option: one line and where to get help", test_bad_option_lines },
	{ "as root, a suite directory others may change is refused", test_untrusted_dir },
	{ "--list and --filter", test_list_and_filter },
	{ "TAP 14 header, --junit, --tap copy", test_tap14_and_junit },
	{ "SIGINT mid-run", test_interrupt },
	{ "a sandbox unshare did not make is refused", test_sandbox_not_made },
	{ "teardown", test_teardown },
	{ NULL, NULL },
};

SELFTEST_SUITE(runner_suite, "runner (nsharness)", cases)
