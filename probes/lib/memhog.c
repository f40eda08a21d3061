// SPDX-License-Identifier: GPL-2.0-or-later
#include "memhog.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "file.h"
#include "sync.h"
#include "tap.h"

static int adj_path(pid_t pid, char *buf, size_t len)
{
	if (pid)
		return snprintf(buf, len, "/proc/%d/oom_score_adj", (int)pid);
	return snprintf(buf, len, "/proc/self/oom_score_adj");
}

int memhog_get_adj(pid_t pid, long *adj, struct nsp_err *e)
{
	char path[64], line[32];

	adj_path(pid, path, sizeof(path));
	if (nsp_read_line(path, line, sizeof(line), e) < 0)
		return -1;
	if (nsp_parse_long(line, -1000, 1000, adj) < 0)
		return nsp_err_set(e, EINVAL, "%s: \"%s\" is not an adj", path, line);
	return 0;
}

int memhog_set_adj(pid_t pid, long adj, struct nsp_err *e)
{
	char path[64], text[16];
	long got;

	adj_path(pid, path, sizeof(path));
	snprintf(text, sizeof(text), "%ld", adj);
	if (nsp_write_file(path, text, e) < 0 || memhog_get_adj(pid, &got, e) < 0)
		return -1;
	if (got != adj)
		return nsp_err_set(e, EIO, "%s reads %ld after writing %ld", path, got, adj);
	return 0;
}

int memhog_touch(long long bytes, struct nsp_err *e)
{
	long page = sysconf(_SC_PAGESIZE);
	char *p;

	if (bytes > MEMHOG_TOUCH)
		bytes = MEMHOG_TOUCH;	/* the bound that keeps the machine safe */
	if (page <= 0 || bytes <= 0)
		return nsp_err_set(e, EINVAL, "touch %lld bytes with page size %ld",
				   bytes, page);
	p = mmap(NULL, (size_t)bytes, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return nsp_err_sys(e, "mmap %lld bytes", bytes);
	/* one page at a time: each memset faults one page in and charges it */
	for (long long off = 0; off < bytes; off += page)
		memset(p + off, 0xa5, (size_t)page);
	munmap(p, (size_t)bytes);
	return 0;
}

/* Runs in the hog: its own process, in the group under test or not. */
static int hog(int fd, long long bytes, bool victim)
{
	struct nsp_err res = { 0 }, e;

	if (victim)
		memhog_set_adj(0, MEMHOG_ADJ_VICTIM, &res);
	if (nsp_sync_send_result(fd, &res, &e) < 0 || res.msg[0] ||
	    nsp_sync_wait(fd, MEMHOG_GO, &e) < 0 ||
	    nsp_sync_wake(fd, MEMHOG_ALLOCATING, &e) < 0)
		return 2;
	if (memhog_touch(bytes, &e) < 0 || nsp_sync_wake(fd, MEMHOG_SURVIVED, &e) < 0)
		return 2;
	memhog_hold(fd);
	return 0;
}

void memhog_hold(int fd)
{
	char c;

	while (read(fd, &c, 1) < 0 && errno == EINTR)
		;
}

int memhog_victim(int fd, long long bytes)
{
	return hog(fd, bytes, true);
}

int memhog_bystander(int fd, long long bytes)
{
	return hog(fd, bytes, false);
}

int memhog_ready(int fd, struct nsp_err *e)
{
	if (nsp_sync_recv_result(fd, e) < 0)
		return nsp_err_wrap(e, "hog: raise its oom_score_adj");
	return 0;
}

int memhog_go(int fd, struct nsp_err *e)
{
	if (nsp_sync_wake(fd, MEMHOG_GO, e) < 0 ||
	    nsp_sync_wait(fd, MEMHOG_ALLOCATING, e) < 0)
		return nsp_err_wrap(e, "hog: start allocating");
	return 0;
}

bool memhog_survived(int fd)
{
	struct nsp_err e;

	return nsp_sync_wait(fd, MEMHOG_SURVIVED, &e) == 0;
}

int memhog_spawn_sleepers(int fd, int drop_fd, pid_t *pids, size_t n,
			  struct nsp_err *e)
{
	for (size_t i = 0; i < n; i++) {
		pids[i] = fork();
		if (pids[i] < 0)
			return nsp_err_sys(e, "fork group member %zu", i);
		if (pids[i] == 0) {
			if (drop_fd >= 0)
				close(drop_fd);
			memhog_hold(fd);	/* until the probe closes its end */
			_exit(0);
		}
	}
	return 0;
}

int memhog_adopt_orphans(struct nsp_err *e)
{
	if (prctl(PR_SET_CHILD_SUBREAPER, 1) < 0)
		return nsp_err_sys(e, "prctl(PR_SET_CHILD_SUBREAPER)");
	return 0;
}

void memhog_reap_all(void)
{
	while (waitpid(-1, NULL, __WALL) > 0 || errno == EINTR)
		;
}

int memhog_run_victims(long long bytes, int *statuses, size_t n,
		       struct nsp_err *e)
{
	for (size_t i = 0; i < n; i++) {
		pid_t pid = fork();

		if (pid < 0)
			return nsp_err_sys(e, "fork victim %zu", i);
		if (pid == 0) {
			struct nsp_err ignored;

			if (memhog_set_adj(0, MEMHOG_ADJ_VICTIM, &ignored) < 0)
				_exit(2);
			_exit(memhog_touch(bytes, &ignored) < 0 ? 2 : 0);
		}
		while (waitpid(pid, &statuses[i], 0) < 0)
			if (errno != EINTR)
				return nsp_err_sys(e, "wait for victim %zu", i);
	}
	return 0;
}

/* The hex mask after "\n<key>:\t", or 0 when the line is absent. */
static unsigned long long status_mask(const char *status, const char *key)
{
	const char *p = strstr(status, key);

	return p ? strtoull(p + strlen(key), NULL, 16) : 0;
}

int memhog_parse_task_state(const char *status, char *state, bool *kill_pending,
			    struct nsp_err *e)
{
	const unsigned long long kill_bit = 1ULL << (SIGKILL - 1);
	const char *p = strncmp(status, "State:\t", 7) == 0 ? status - 1
			: strstr(status, "\nState:\t");

	if (!p || !p[8])
		return nsp_err_set(e, EINVAL, "no State line in /proc/<pid>/status");
	*state = p[8];
	*kill_pending = ((status_mask(status, "\nSigPnd:\t") |
			  status_mask(status, "\nShdPnd:\t")) & kill_bit) != 0;
	return 0;
}

int memhog_task_state(pid_t pid, char *state, bool *kill_pending, struct nsp_err *e)
{
	char *status = nsp_read_proc(pid, "status", e);
	int rc;

	if (!status)
		return -1;
	rc = memhog_parse_task_state(status, state, kill_pending, e);
	free(status);
	return rc;
}

const char *memhog_status_str(int status, char *buf, size_t len)
{
	if (WIFSIGNALED(status))
		snprintf(buf, len, "killed by signal %d (%s)", WTERMSIG(status),
			 nsp_signal_name(WTERMSIG(status)));
	else if (WIFEXITED(status))
		snprintf(buf, len, "exit status %d", WEXITSTATUS(status));
	else
		snprintf(buf, len, "wait status 0x%x", (unsigned)status);
	return buf;
}

bool memhog_killed_by(int status, int sig)
{
	return WIFSIGNALED(status) && WTERMSIG(status) == sig;
}

void memhog_expect_sigkill(struct tap *t, int status, const char *fmt, ...)
{
	char desc[256], got[64];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(desc, sizeof(desc), fmt, ap);
	va_end(ap);
	tap_expect(t, memhog_killed_by(status, SIGKILL), "killed by signal 9 (SIGKILL)",
		   memhog_status_str(status, got, sizeof(got)), "%s", desc);
}

int memhog_parse_pids(const char *text, pid_t *pids, size_t max,
		      struct nsp_err *e)
{
	size_t n = 0;

	for (const char *line = text; *line;) {
		const char *end = strchrnul(line, '\n');
		char num[16];
		long v;

		if (end - line >= (long)sizeof(num))
			return nsp_err_set(e, EINVAL, "\"%.20s\" is not a pid", line);
		memcpy(num, line, (size_t)(end - line));
		num[end - line] = '\0';
		if (nsp_parse_long(num, 1, INT_MAX, &v) < 0)
			return nsp_err_set(e, EINVAL, "\"%s\" is not a pid", num);
		if (n < max)
			pids[n] = (pid_t)v;
		n++;
		line = *end ? end + 1 : end;
	}
	return (int)n;
}
