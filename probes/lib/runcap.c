// SPDX-License-Identifier: GPL-2.0-or-later
#include "runcap.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

struct sink {
	char *buf;
	size_t len, cap;
};

static int sink_read(struct sink *s, int fd)
{
	char tmp[4096];
	ssize_t n = read(fd, tmp, sizeof(tmp));

	if (n <= 0)
		return n < 0 && errno == EINTR ? 1 : 0;
	if (s->len + (size_t)n + 1 > s->cap) {
		size_t cap = (s->len + (size_t)n + 1) * 2;
		char *g = realloc(s->buf, cap);

		if (!g)
			return -1;
		s->buf = g;
		s->cap = cap;
	}
	memcpy(s->buf + s->len, tmp, (size_t)n);
	s->len += (size_t)n;
	s->buf[s->len] = '\0';
	return 1;
}

/* Parent: drain both pipes until both reach end-of-file. */
static int drain(int fo, int fe, struct sink *so, struct sink *se)
{
	struct pollfd p[2] = { { fo, POLLIN, 0 }, { fe, POLLIN, 0 } };

	while (p[0].fd >= 0 || p[1].fd >= 0) {
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		for (int i = 0; i < 2; i++) {
			int rc;

			if (p[i].fd < 0 || !p[i].revents)
				continue;
			rc = sink_read(i ? se : so, p[i].fd);
			if (rc < 0)
				return -1;
			if (rc == 0)
				p[i].fd = -1;
		}
	}
	return 0;
}

int nsp_run_capture(char *const argv[], struct nsp_capture *c, struct nsp_err *e)
{
	struct sink so = { 0 }, se = { 0 };
	int po[2], pe[2], rc;
	pid_t pid;

	memset(c, 0, sizeof(*c));
	if (pipe2(po, O_CLOEXEC) < 0)
		return nsp_err_sys(e, "pipe for %s", argv[0]);
	if (pipe2(pe, O_CLOEXEC) < 0) {
		close(po[0]);
		close(po[1]);
		return nsp_err_sys(e, "pipe for %s", argv[0]);
	}
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		/* child: stdout/stderr to the pipes, then the program */
		if (dup2(po[1], 1) < 0 || dup2(pe[1], 2) < 0)
			_exit(127);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(po[1]);
	close(pe[1]);
	rc = pid < 0 ? nsp_err_sys(e, "fork for %s", argv[0]) :
	     drain(po[0], pe[0], &so, &se) < 0 ? nsp_err_sys(e, "read output of %s", argv[0]) : 0;
	close(po[0]);
	close(pe[0]);
	while (pid > 0 && waitpid(pid, &c->status, 0) < 0)
		if (errno != EINTR) {
			rc = nsp_err_sys(e, "wait for %s", argv[0]);
			break;
		}
	c->out = so.buf ? so.buf : strdup("");
	c->err = se.buf ? se.buf : strdup("");
	if (rc == 0 && (!c->out || !c->err))
		rc = nsp_err_set(e, ENOMEM, "output of %s", argv[0]);
	if (rc < 0)
		nsp_capture_free(c);
	return rc;
}

void nsp_capture_free(struct nsp_capture *c)
{
	free(c->out);
	free(c->err);
	c->out = c->err = NULL;
}

static bool try_path(char *buf, size_t len, const char *dir, const char *rel)
{
	char *real;

	snprintf(buf, len, "%s/%s", dir, rel);
	real = realpath(buf, NULL);
	if (!real)
		return false;
	snprintf(buf, len, "%s", real);
	free(real);
	return access(buf, X_OK) == 0;
}

int nsp_find_nsprobe(char *buf, size_t len)
{
	const char *probes = getenv("NSHARNESS_PROBES");
	char self[PATH_MAX], *slash;
	ssize_t n;

	if (probes && *probes && try_path(buf, len, probes, "../nsprobe"))
		return 0;
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n > 0) {
		self[n] = '\0';
		slash = strrchr(self, '/');
		if (slash) {
			*slash = '\0';
			if (try_path(buf, len, self, "../nsprobe") ||
			    try_path(buf, len, self, "../../bin/nsprobe"))
				return 0;
		}
	}
	snprintf(buf, len, "nsprobe");
	return 1;
}
