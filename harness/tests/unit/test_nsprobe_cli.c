// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nsprobe's bad-input catalogue: each input gives exactly one line
 * "nsprobe: TARGET: reason" on stderr, nothing on stdout, and its
 * documented exit status (nsprobe.1).  Runs build/nsprobe.
 */
#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fixtures/runcap.h"
#include "tests/unit/selftest.h"

enum { NSPROBE_GONE = 1, NSPROBE_USAGE = 2, NSPROBE_PERM = 3 };

struct cli_case {
	const char *args[4];	/* "@ZOMBIE" is replaced by a zombie's pid */
	const char *message;	/* expected stderr line, "@" is the target */
	int status;
};

static const struct cli_case cases[] = {
	{ { "999999999" }, "nsprobe: 999999999: no such process", NSPROBE_GONE },
	{ { "2147483647" }, "nsprobe: 2147483647: no such process", NSPROBE_GONE },
	{ { "99999999999999" }, "nsprobe: 99999999999999: not a valid pid", NSPROBE_USAGE },
	{ { "abc" }, "nsprobe: abc: not a pid, /proc/<pid>[/ns] or namespace file", NSPROBE_USAGE },
	{ { "-1" }, "nsprobe: unknown or incomplete option -1 (try nsprobe --help)", NSPROBE_USAGE },
	{ { "/nonexistent/ns/net" }, "nsprobe: /nonexistent/ns/net: no such file or directory",
	  NSPROBE_GONE },
	{ { "/etc/passwd" }, "nsprobe: /etc/passwd: not a namespace file or a /proc/<pid> directory",
	  NSPROBE_USAGE },
	{ { "/tmp" }, "nsprobe: /tmp: not a namespace file or a /proc/<pid> directory",
	  NSPROBE_USAGE },
	{ { "/proc/self/task" }, "nsprobe: /proc/self/task: not a namespace file or a /proc/<pid> directory",
	  NSPROBE_USAGE },
	{ { "@ZOMBIE" }, "nsprobe: @: process has exited (zombie, its namespaces are gone)",
	  NSPROBE_GONE },
	{ { NULL }, "nsprobe: missing TARGET (try nsprobe --help)", NSPROBE_USAGE },
	{ { "1", "2" }, "nsprobe: unexpected argument 2 (try nsprobe --help)", NSPROBE_USAGE },
	{ { "--bogus" }, "nsprobe: unknown or incomplete option --bogus (try nsprobe --help)",
	  NSPROBE_USAGE },
	{ { "--compare" }, "nsprobe: unknown or incomplete option --compare (try nsprobe --help)",
	  NSPROBE_USAGE },
	{ { "--compare", "999999999", "self-placeholder" }, NULL, NSPROBE_GONE },
};

static void nsprobe_path(char *buf, size_t len)
{
	snprintf(buf, len, "%s/nsprobe", selftest_build_dir());
}

/* A child that has exited and is not reaped yet: a zombie.  waitid()
 * with WNOWAIT blocks until it has exited and leaves it unreaped. */
static pid_t make_zombie(void)
{
	siginfo_t si;
	pid_t pid = fork();

	if (pid == 0)
		_exit(0);
	if (pid > 0 && waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT) < 0)
		return -1;
	return pid;
}

static void run_case(const struct cli_case *k, pid_t zombie)
{
	char bin[PATH_MAX], zpid[16], self[16], want[256];
	char *argv[6] = { bin };
	struct nsp_capture c;
	struct nsp_err e;
	int n = 1;

	nsprobe_path(bin, sizeof(bin));
	snprintf(zpid, sizeof(zpid), "%d", (int)zombie);
	snprintf(self, sizeof(self), "%d", (int)getpid());
	for (int i = 0; i < 3 && k->args[i]; i++)
		argv[n++] = strcmp(k->args[i], "@ZOMBIE") == 0 ? zpid :
			    strcmp(k->args[i], "self-placeholder") == 0 ? self : (char *)k->args[i];
	argv[n] = NULL;
	if (nsp_run_capture(argv, &c, &e) < 0) {
		CU_FAIL("nsp_run_capture");
		return;
	}
	CU_ASSERT_TRUE(WIFEXITED(c.status));
	CU_ASSERT_EQUAL(WEXITSTATUS(c.status), k->status);
	CU_ASSERT_STRING_EQUAL(c.out, "");
	if (k->message) {
		const char *at = strchr(k->message, '@');

		if (at)
			snprintf(want, sizeof(want), "%.*s%s%s\n", (int)(at - k->message), k->message,
				 zpid, at + 1);
		else
			snprintf(want, sizeof(want), "%s\n", k->message);
		CU_ASSERT_STRING_EQUAL(c.err, want);
		if (strcmp(c.err, want) != 0)
			fprintf(stderr, "\n  case %s: got %s", argv[1] ? argv[1] : "(none)", c.err);
	} else {	/* just one line */
		CU_ASSERT_PTR_NOT_NULL(strchr(c.err, '\n'));
		CU_ASSERT_EQUAL(strchr(c.err, '\n') - c.err + 1, (long)strlen(c.err));
	}
	nsp_capture_free(&c);
}

static void test_catalogue(void)
{
	pid_t zombie = make_zombie();
	int st;

	CU_ASSERT_TRUE_FATAL(zombie > 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_case(&cases[i], zombie);
	waitpid(zombie, &st, 0);
}

/* Without ptrace access to the target: exit 3 with one line. */
static void test_permission(void)
{
	char bin[PATH_MAX], target[16], want[128];
	int p[2], st;
	pid_t holder, prober;

	if (geteuid() != 0)
		return;		/* needs a process of another user: root only */
	nsprobe_path(bin, sizeof(bin));
	CU_ASSERT_EQUAL_FATAL(pipe(p), 0);
	holder = fork();	/* root process, blocks until we close the pipe */
	if (holder == 0) {
		char c;

		close(p[1]);
		_exit(read(p[0], &c, 1) < 0);
	}
	close(p[0]);
	snprintf(target, sizeof(target), "%d", (int)holder);
	snprintf(want, sizeof(want), "nsprobe: %s: permission denied: /proc/%s/ns/mnt", target, target);
	int q[2];
	CU_ASSERT_EQUAL_FATAL(pipe(q), 0);
	prober = fork();
	if (prober == 0) {	/* nobody: no ptrace access to root's process */
		close(q[0]);
		dup2(q[1], 2);
		if (setgroups(0, NULL) < 0 || setresgid(65534, 65534, 65534) < 0 ||
		    setresuid(65534, 65534, 65534) < 0)
			_exit(99);
		execl(bin, bin, target, (char *)NULL);
		_exit(98);
	}
	close(q[1]);
	char buf[512] = { 0 };
	ssize_t n = read(q[0], buf, sizeof(buf) - 1);
	close(q[0]);
	waitpid(prober, &st, 0);
	close(p[1]);
	waitpid(holder, NULL, 0);
	CU_ASSERT_TRUE(n > 0);
	CU_ASSERT_EQUAL(WEXITSTATUS(st), NSPROBE_PERM);
	CU_ASSERT_EQUAL(strncmp(buf, want, strlen(want)), 0);
}

static const struct selftest_case tcases[] = {
	{ "bad-input catalogue: message and exit status", test_catalogue },
	{ "no ptrace access: permission denied, exit 3", test_permission },
	{ NULL, NULL },
};
SELFTEST_SUITE(nsprobe_cli_suite, "nsprobe-cli", tcases)
