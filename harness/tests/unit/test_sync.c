// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Self-tests of the two-side sync (sync.h) and of handing TAP numbering
 * from a forked child back to its parent (tap.h), over a real socketpair
 * and fork().  Children report through their exit status only, never
 * through CUnit, and leave with _exit().  No test sleeps: every wait ends
 * by the peer's write or exit.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/unit/selftest.h"
#include "lib/sync.h"
#include "lib/tap.h"

/* What a child runs with its end of the socketpair; returns its exit code. */
typedef int (*child_fn)(int fd);

struct peer {
	struct nsp_sync s;
	pid_t pid;
	int fd;			/* the parent's end */
};

/* Opens the pair and forks; the child runs fn and _exit()s its result. */
static int spawn(struct peer *p, child_fn fn)
{
	struct nsp_err e;

	if (nsp_sync_open(&p->s, &e) < 0)
		return -1;
	fflush(NULL);	/* nothing buffered may be written twice */
	p->pid = fork();
	if (p->pid < 0) {
		nsp_sync_close(&p->s);
		return -1;
	}
	if (p->pid == 0)	/* child: same namespaces, only its own end */
		_exit(fn(nsp_sync_side(&p->s, NSP_SYNC_CHILD)));
	p->fd = nsp_sync_side(&p->s, NSP_SYNC_PARENT);
	return 0;
}

/* Waits for the child; its exit code, or 128 + signal. */
static int reap(struct peer *p)
{
	int status;
	pid_t r;

	do
		r = waitpid(p->pid, &status, 0);
	while (r < 0 && errno == EINTR);
	nsp_sync_close(&p->s);
	if (r != p->pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* Child: answers steps 1 and 3 with 2 and 4. */
static int child_steps(int fd)
{
	struct nsp_err e;

	if (nsp_sync_wait(fd, 1, &e) < 0)
		return 10;
	if (nsp_sync_wake(fd, 2, &e) < 0)
		return 11;
	if (nsp_sync_wait(fd, 3, &e) < 0)
		return 12;
	if (nsp_sync_wake(fd, 4, &e) < 0)
		return 13;
	return 0;
}

static void test_steps(void)
{
	struct nsp_err e;
	struct peer p;

	CU_ASSERT_EQUAL_FATAL(spawn(&p, child_steps), 0);
	CU_ASSERT_EQUAL(nsp_sync_wake(p.fd, 1, &e), 0);
	CU_ASSERT_EQUAL(nsp_sync_wait(p.fd, 2, &e), 0);
	CU_ASSERT_EQUAL(nsp_sync_wake(p.fd, 3, &e), 0);
	CU_ASSERT_EQUAL(nsp_sync_wait(p.fd, 4, &e), 0);
	/* the child is done: the next wait ends with EPIPE, it does not hang */
	CU_ASSERT_EQUAL(nsp_sync_wait(p.fd, 5, &e), -1);
	CU_ASSERT_EQUAL(e.errnum, EPIPE);
	CU_ASSERT_EQUAL(reap(&p), 0);
}

/* We wait for step 1 and the child sends something else: EPROTO, saying msg. */
static void expect_step1_eproto(child_fn child, const char *msg)
{
	struct nsp_err e;
	struct peer p;

	CU_ASSERT_EQUAL_FATAL(spawn(&p, child), 0);
	CU_ASSERT_EQUAL(nsp_sync_wait(p.fd, 1, &e), -1);
	CU_ASSERT_EQUAL(e.errnum, EPROTO);
	CU_ASSERT_STRING_EQUAL(e.msg, msg);
	CU_ASSERT_EQUAL(reap(&p), 0);
}

static int child_wrong_step(int fd)
{
	struct nsp_err e;

	return nsp_sync_wake(fd, 2, &e) < 0 ? 10 : 0;
}

static void test_wrong_step(void)
{
	expect_step1_eproto(child_wrong_step, "waited for step 1, peer sent 2");
}

/* A two-byte message where a one-byte step is due is not a step. */
static int child_long_message(int fd)
{
	struct nsp_err e;

	return nsp_sync_send(fd, "\001\002", 2, &e) < 0 ? 10 : 0;
}

static void test_wrong_size(void)
{
	expect_step1_eproto(child_long_message,
			    "wait for step 1: sync message of 2 bytes, want 1");
}

static int child_exit_silently(int fd)
{
	(void)fd;
	return 7;
}

/* A peer that exits without a word: EPIPE on read and on write. */
static void test_peer_exit(void)
{
	struct nsp_err e;
	struct peer p;
	int fd;

	CU_ASSERT_EQUAL_FATAL(spawn(&p, child_exit_silently), 0);
	CU_ASSERT_EQUAL(nsp_sync_wait(p.fd, 1, &e), -1);
	CU_ASSERT_EQUAL(e.errnum, EPIPE);
	CU_ASSERT_STRING_EQUAL(e.msg, "wait for step 1: peer exited before sending");
	CU_ASSERT_EQUAL(nsp_sync_recv_result(p.fd, &e), -1);
	CU_ASSERT_EQUAL(e.errnum, EPIPE);
	/* reap first, so that the child's end is surely closed; keep our fd */
	fd = dup(p.fd);
	CU_ASSERT_EQUAL(reap(&p), 7);
	/* MSG_NOSIGNAL: EPIPE rather than a SIGPIPE that would kill us */
	CU_ASSERT_EQUAL(nsp_sync_wake(fd, 1, &e), -1);
	CU_ASSERT_EQUAL(e.errnum, EPIPE);
	close(fd);
}

/* Child: fails like library code does and sends the error across. */
static int child_send_error(int fd)
{
	struct nsp_err r, e;

	errno = EACCES;
	nsp_err_sys(&r, "open %s", "/sys/fs/cgroup/x");
	nsp_err_wrap(&r, "create cgroup");
	return nsp_sync_send_result(fd, &r, &e) < 0 ? 10 : 0;
}

static void test_result_error(void)
{
	struct nsp_err e;
	struct peer p;
	char buf[256];

	CU_ASSERT_EQUAL_FATAL(spawn(&p, child_send_error), 0);
	CU_ASSERT_EQUAL(nsp_sync_recv_result(p.fd, &e), -1);
	CU_ASSERT_EQUAL(e.errnum, EACCES);
	CU_ASSERT_STRING_EQUAL(e.msg, "create cgroup: open /sys/fs/cgroup/x");
	CU_ASSERT_STRING_EQUAL(nsp_err_str(&e, buf, sizeof(buf)),
			       "create cgroup: open /sys/fs/cgroup/x: Permission denied");
	CU_ASSERT_EQUAL(reap(&p), 0);
}

/* Child: success, then an error with no errno (a logic error). */
static int child_send_ok(int fd)
{
	struct nsp_err r, e;

	nsp_err_clear(&r);
	if (nsp_sync_send_result(fd, &r, &e) < 0)
		return 10;
	nsp_err_set(&r, 0, "uid_map has %d lines", 3);
	return nsp_sync_send_result(fd, &r, &e) < 0 ? 11 : 0;
}

static void test_result_ok(void)
{
	struct nsp_err e;
	struct peer p;

	CU_ASSERT_EQUAL_FATAL(spawn(&p, child_send_ok), 0);
	nsp_err_set(&e, EBUSY, "stale");
	CU_ASSERT_EQUAL(nsp_sync_recv_result(p.fd, &e), 0);
	CU_ASSERT_EQUAL(nsp_sync_recv_result(p.fd, &e), -1);
	CU_ASSERT_EQUAL(e.errnum, 0);
	CU_ASSERT_STRING_EQUAL(e.msg, "uid_map has 3 lines");
	CU_ASSERT_EQUAL(reap(&p), 0);
}

/* The TAP stream both sides write to, and the parent's writer on it. */
static struct tap shared_tap;

/* Child: goes on numbering where the parent was, then hands back. */
static int child_tap(int fd)
{
	struct nsp_err e;

	tap_pass(&shared_tap, "child one");
	tap_result(&shared_tap, TAP_FAIL, NULL, "child two");
	return tap_send_state(&shared_tap, fd, &e) < 0 ? 10 : 0;
}

/* The whole stream, read back from the start of the shared memfd. */
static char *read_back(int fd)
{
	static char buf[1024];
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);

	buf[n > 0 ? n : 0] = '\0';
	return buf;
}

static void test_tap_state(void)
{
	struct nsp_err e;
	struct peer p;
	FILE *f;
	int fd;

	/* one open file, one offset, shared across fork() */
	fd = memfd_create("tap", MFD_CLOEXEC);
	CU_ASSERT_FATAL(fd >= 0);
	f = fdopen(fd, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	tap_init(&shared_tap, f);
	tap_pass(&shared_tap, "parent before");
	CU_ASSERT_EQUAL_FATAL(spawn(&p, child_tap), 0);
	CU_ASSERT_EQUAL(tap_recv_state(&shared_tap, p.fd, &e), 0);
	CU_ASSERT_EQUAL(reap(&p), 0);
	CU_ASSERT_EQUAL(shared_tap.last, 3);
	CU_ASSERT_EQUAL(shared_tap.counts[TAP_PASS], 2);
	CU_ASSERT_EQUAL(shared_tap.counts[TAP_FAIL], 1);
	tap_pass(&shared_tap, "parent after");
	CU_ASSERT_EQUAL(tap_done(&shared_tap), TAP_EXIT_FAIL);
	CU_ASSERT_STRING_EQUAL(read_back(fd),
		"TAP version 13\n"
		"ok 1 - parent before\n"
		"ok 2 - child one\n"
		"not ok 3 - child two\n  ---\n  severity: fail\n  ...\n"
		"ok 4 - parent after\n"
		"1..4\n");
	fclose(f);
}

static int child_tap_bail(int fd)
{
	struct nsp_err e;

	tap_bail(&shared_tap, "no rootfs");
	return tap_send_state(&shared_tap, fd, &e) < 0 ? 10 : 0;
}

/* A child's bail-out, and a child that dies before handing anything back. */
static void test_tap_state_bail_and_death(void)
{
	struct nsp_err e;
	struct peer p;
	FILE *f = fopen("/dev/null", "we");

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	tap_init(&shared_tap, f);
	CU_ASSERT_EQUAL_FATAL(spawn(&p, child_tap_bail), 0);
	CU_ASSERT_EQUAL(tap_recv_state(&shared_tap, p.fd, &e), 0);
	CU_ASSERT_EQUAL(reap(&p), 0);
	CU_ASSERT_TRUE(shared_tap.bailed);
	CU_ASSERT_EQUAL(tap_exit_code(&shared_tap), TAP_EXIT_BROKEN);

	tap_init(&shared_tap, f);
	CU_ASSERT_EQUAL_FATAL(spawn(&p, child_exit_silently), 0);
	CU_ASSERT_EQUAL(tap_recv_state(&shared_tap, p.fd, &e), -1);
	CU_ASSERT_EQUAL(e.errnum, EPIPE);
	CU_ASSERT_STRING_EQUAL(e.msg, "take TAP numbering from child: "
			       "peer exited before sending");
	CU_ASSERT_EQUAL(reap(&p), 7);
	CU_ASSERT_EQUAL(shared_tap.last, 0);
	fclose(f);
}

/* Numbering never goes backwards (no fork needed to send a stale state). */
static void test_tap_state_behind(void)
{
	struct tap parent, stale;
	struct nsp_sync s;
	struct nsp_err e;
	FILE *f = fopen("/dev/null", "we");

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_EQUAL_FATAL(nsp_sync_open(&s, &e), 0);
	tap_init(&parent, f);
	tap_pass(&parent, "a");
	stale = parent;
	tap_pass(&parent, "b");
	tap_pass(&parent, "c");
	CU_ASSERT_EQUAL(tap_send_state(&stale, s.fd[1], &e), 0);
	CU_ASSERT_EQUAL(tap_recv_state(&parent, s.fd[0], &e), -1);
	CU_ASSERT_EQUAL(e.errnum, EPROTO);
	CU_ASSERT_STRING_EQUAL(e.msg, "child's TAP number 1 is behind 3");
	CU_ASSERT_EQUAL(parent.last, 3);
	nsp_sync_close(&s);
	CU_ASSERT_EQUAL(s.fd[0], -1);
	CU_ASSERT_EQUAL(s.fd[1], -1);
	fclose(f);
}

/* Child: takes the files of step 5 and writes its answer through each. */
static int child_files(int fd)
{
	struct nsp_err e;
	int fds[2];
	size_t n;

	if (nsp_sync_wait_fds(fd, 5, fds, 2, &n, &e) < 0)
		return 10;
	for (size_t i = 0; i < n; i++)
		if (write(fds[i], "k", 1) != 1 || close(fds[i]) < 0)
			return 11;
	return n == 2 ? 0 : 12;
}

/* Files cross with a step: the child writes through the pipes it got. */
static void test_files_cross(void)
{
	struct nsp_err e;
	struct peer p;
	int a[2], b[2], fds[2];
	char got[2] = { 0 };

	CU_ASSERT_FATAL(pipe(a) == 0 && pipe(b) == 0);
	fds[0] = a[1];
	fds[1] = b[1];
	CU_ASSERT_FATAL(spawn(&p, child_files) == 0);
	CU_ASSERT_EQUAL(nsp_sync_wake_fds(p.fd, 5, fds, 2, &e), 0);
	close(a[1]);
	close(b[1]);
	CU_ASSERT_EQUAL(reap(&p), 0);
	CU_ASSERT(read(a[0], &got[0], 1) == 1 && read(b[0], &got[1], 1) == 1);
	CU_ASSERT(got[0] == 'k' && got[1] == 'k');
	close(a[0]);
	close(b[0]);
}

/* Child: room for one file where two come: EPROTO, none kept open. */
static int child_one_file(int fd)
{
	struct nsp_err e;
	size_t n = 99;
	int f;

	if (nsp_sync_wait_fds(fd, 5, &f, 1, &n, &e) == 0)
		return 10;
	if (e.errnum != EPROTO || n != 0)
		return 11;
	/* both were closed: the parent's reads see end-of-file */
	return 0;
}

static void test_files_too_many(void)
{
	struct nsp_err e;
	struct peer p;
	int a[2], fds[2];
	char c;

	CU_ASSERT_FATAL(pipe(a) == 0);
	fds[0] = fds[1] = a[1];
	CU_ASSERT_FATAL(spawn(&p, child_one_file) == 0);
	CU_ASSERT_EQUAL(nsp_sync_wake_fds(p.fd, 5, fds, 2, &e), 0);
	close(a[1]);
	CU_ASSERT_EQUAL(reap(&p), 0);
	CU_ASSERT_EQUAL(read(a[0], &c, 1), 0);	/* no write end left anywhere */
	close(a[0]);
}

static const struct selftest_case sync_cases[] = {
	{ "wake/wait steps across fork", test_steps },
	{ "wrong step is EPROTO", test_wrong_step },
	{ "wrong message size is EPROTO", test_wrong_size },
	{ "peer exit is EPIPE, no hang", test_peer_exit },
	{ "error result crosses with errno", test_result_error },
	{ "success and errno-less results", test_result_ok },
	{ "files cross with a step (SCM_RIGHTS)", test_files_cross },
	{ "more files than expected: EPROTO, none kept", test_files_too_many },
	{ "TAP numbering handed back", test_tap_state },
	{ "TAP state: bail, dead child", test_tap_state_bail_and_death },
	{ "TAP state: stale numbering", test_tap_state_behind },
	{ NULL, NULL }
};

SELFTEST_SUITE(sync_suite, "sync", sync_cases)
