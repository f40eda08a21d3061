// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Self-tests of the OOM probes' helpers (probes/lib/memhog.h): pid-list
 * parsing, wait-status words, oom_score_adj read-back, the bounded touch,
 * and the hog protocol over a real socketpair with small, unlimited
 * allocations (no cgroup, no OOM: that is the probes' business).
 * Children report through their exit status and leave with _exit();
 * nothing sleeps, and the runner's own oom_score_adj is never changed.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fixtures/memhog.h"
#include "tests/unit/selftest.h"
#include "lib/sync.h"
#include "lib/tap.h"

#define SMALL (1 * MEMHOG_MIB)

static void test_parse_pids(void)
{
	struct nsp_err e;
	pid_t p[2];

	CU_ASSERT_EQUAL(memhog_parse_pids("", p, 2, &e), 0);
	CU_ASSERT_EQUAL(memhog_parse_pids("12\n34\n", p, 2, &e), 2);
	CU_ASSERT_EQUAL(p[0], 12);
	CU_ASSERT_EQUAL(p[1], 34);
	/* counted beyond max, stored up to it */
	CU_ASSERT_EQUAL(memhog_parse_pids("5\n6\n7\n", p, 2, &e), 3);
	CU_ASSERT_EQUAL(p[1], 6);
	CU_ASSERT_EQUAL(memhog_parse_pids("9", p, 2, &e), 1);
	CU_ASSERT_EQUAL(memhog_parse_pids("12\nx\n", p, 2, &e), -1);
	CU_ASSERT_EQUAL(e.errnum, EINVAL);
	CU_ASSERT_EQUAL(memhog_parse_pids("0\n", p, 2, &e), -1);
	CU_ASSERT_EQUAL(memhog_parse_pids("-3\n", p, 2, &e), -1);
	CU_ASSERT_EQUAL(memhog_parse_pids("123456789012345678\n", p, 2, &e), -1);
}

static void test_task_state(void)
{
	const char *killed = "Name:\tx\nState:\tR (running)\nSigPnd:\t0000000000000000\n"
			     "ShdPnd:\t0000000000000100\n";
	const char *waiting = "State:\tD (disk sleep)\nSigPnd:\t0000000000000000\n";
	struct nsp_err e;
	bool pending;
	char state;

	CU_ASSERT_EQUAL(memhog_parse_task_state(killed, &state, &pending, &e), 0);
	CU_ASSERT_EQUAL(state, 'R');
	CU_ASSERT_TRUE(pending);
	CU_ASSERT_EQUAL(memhog_parse_task_state(waiting, &state, &pending, &e), 0);
	CU_ASSERT_EQUAL(state, 'D');
	CU_ASSERT_FALSE(pending);
	CU_ASSERT_EQUAL(memhog_parse_task_state("Name:\tx\n", &state, &pending, &e), -1);
	CU_ASSERT_EQUAL(e.errnum, EINVAL);
	CU_ASSERT_EQUAL(memhog_task_state(getpid(), &state, &pending, &e), 0);
	CU_ASSERT_EQUAL(state, 'R');
	CU_ASSERT_FALSE(pending);
}

static int wait_child(pid_t pid)
{
	int status = -1;

	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return status;
}

static void test_status_words(void)
{
	char buf[64];
	pid_t pid;
	int status;

	fflush(NULL);
	pid = fork();
	if (pid == 0)
		_exit(3);
	status = wait_child(pid);
	CU_ASSERT_STRING_EQUAL(memhog_status_str(status, buf, sizeof(buf)), "exit status 3");
	CU_ASSERT_FALSE(memhog_killed_by(status, SIGKILL));
	pid = fork();
	if (pid == 0) {
		raise(SIGKILL);
		_exit(0);
	}
	status = wait_child(pid);
	CU_ASSERT_STRING_EQUAL(memhog_status_str(status, buf, sizeof(buf)),
			       "killed by signal 9 (SIGKILL)");
	CU_ASSERT_TRUE(memhog_killed_by(status, SIGKILL));
	CU_ASSERT_FALSE(memhog_killed_by(status, SIGTERM));
}

/* Raising is allowed without CAP_SYS_RESOURCE; done in a child only. */
static void test_adj(void)
{
	struct nsp_err e;
	long adj;
	pid_t pid;

	CU_ASSERT_EQUAL(memhog_get_adj(0, &adj, &e), 0);
	CU_ASSERT_TRUE(adj >= -1000 && adj <= 1000);
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		long got;

		if (memhog_set_adj(0, MEMHOG_ADJ_VICTIM, &e) < 0 ||
		    memhog_get_adj(0, &got, &e) < 0 || got != MEMHOG_ADJ_VICTIM)
			_exit(1);
		_exit(0);
	}
	CU_ASSERT_EQUAL(wait_child(pid), 0);
	CU_ASSERT_EQUAL(memhog_set_adj(0, 1001, &e), -1);
}

static void test_touch(void)
{
	struct nsp_err e;

	CU_ASSERT_EQUAL(memhog_touch(SMALL, &e), 0);
	CU_ASSERT_EQUAL(memhog_touch(0, &e), -1);
	CU_ASSERT_EQUAL(e.errnum, EINVAL);
}

/* A forked hog: child(fd) on its end of a new socketpair; *fd gets ours. */
static pid_t fork_hog(struct nsp_sync *s, int (*child)(int fd), int *fd)
{
	struct nsp_err e;
	pid_t pid;

	if (nsp_sync_open(s, &e) < 0)
		return -1;
	fflush(NULL);
	pid = fork();
	if (pid == 0)
		_exit(child(nsp_sync_side(s, NSP_SYNC_CHILD)));
	*fd = nsp_sync_side(s, NSP_SYNC_PARENT);
	return pid;
}

static int survivor(int fd)
{
	return memhog_victim(fd, SMALL);
}

/* The protocol up to MEMHOG_ALLOCATING, then death as the OOM killer deals it. */
static int killed(int fd)
{
	struct nsp_err e;

	if (nsp_sync_send_result(fd, &(struct nsp_err){ 0 }, &e) < 0 ||
	    nsp_sync_wait(fd, MEMHOG_GO, &e) < 0 ||
	    nsp_sync_wake(fd, MEMHOG_ALLOCATING, &e) < 0)
		return 2;
	raise(SIGKILL);
	return 0;
}

/*
 * ready, go, then: a survivor says SURVIVED and is released by end-of-file
 * (exit 0); a victim's socket ends instead (killed by SIGKILL).
 */
static void check_protocol(int (*child)(int fd), bool survives)
{
	struct nsp_sync s;
	struct nsp_err e;
	int fd = -1;
	pid_t pid = fork_hog(&s, child, &fd);

	CU_ASSERT_FATAL(pid > 0);
	CU_ASSERT_EQUAL(memhog_ready(fd, &e), 0);
	CU_ASSERT_EQUAL(memhog_go(fd, &e), 0);
	CU_ASSERT_EQUAL(memhog_survived(fd), survives);
	shutdown(fd, SHUT_WR);
	if (survives) {
		CU_ASSERT_EQUAL(wait_child(pid), 0);
	} else {
		CU_ASSERT_TRUE(memhog_killed_by(wait_child(pid), SIGKILL));
	}
	nsp_sync_close(&s);
}

static void test_protocol_survivor(void)
{
	check_protocol(survivor, true);
}

static void test_protocol_victim(void)
{
	check_protocol(killed, false);
}

/* Sleepers live until the peer hangs up; victims run one after another. */
static void test_sleepers_and_victims(void)
{
	int sv[2], statuses[2] = { -1, -1 };
	struct nsp_err e;
	pid_t pids[2];

	CU_ASSERT_FATAL(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) == 0);
	fflush(NULL);
	CU_ASSERT_EQUAL(memhog_spawn_sleepers(sv[1], sv[0], pids, 2, &e), 0);
	close(sv[1]);
	/* both still there: a non-blocking wait finds nobody exited */
	CU_ASSERT_EQUAL(waitpid(pids[0], NULL, WNOHANG), 0);
	close(sv[0]);
	CU_ASSERT_EQUAL(wait_child(pids[0]), 0);
	CU_ASSERT_EQUAL(wait_child(pids[1]), 0);
	CU_ASSERT_EQUAL(memhog_run_victims(SMALL, statuses, 2, &e), 0);
	CU_ASSERT_EQUAL(statuses[0], 0);
	CU_ASSERT_EQUAL(statuses[1], 0);
}

/* One point: ok for a SIGKILL death, not ok with the status in words else. */
static void test_expect_sigkill(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct tap t;

	CU_ASSERT_FATAL(f != NULL);
	tap_init(&t, f);
	memhog_expect_sigkill(&t, SIGKILL, "victim %d of %d", 1, 2);
	memhog_expect_sigkill(&t, 3 << 8, "victim %d of %d", 2, 2);
	fclose(f);
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "ok 1 - victim 1 of 2\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "not ok 2 - victim 2 of 2\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "killed by signal 9 (SIGKILL)"));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "exit status 3"));
	CU_ASSERT_PTR_NULL(strstr(buf, "not ok 1"));
	free(buf);
}

static const struct selftest_case memhog_cases[] = {
	{ "cgroup.procs pid lists", test_parse_pids },
	{ "wait status in words", test_status_words },
	{ "task state and pending SIGKILL", test_task_state },
	{ "oom_score_adj read-back", test_adj },
	{ "bounded touch", test_touch },
	{ "hog protocol: survivor", test_protocol_survivor },
	{ "hog protocol: killed victim", test_protocol_victim },
	{ "sleepers and sequential victims", test_sleepers_and_victims },
	{ "SIGKILL point", test_expect_sigkill },
	{ NULL, NULL },
};

SELFTEST_SUITE(memhog_suite, "memhog", memhog_cases)
