// SPDX-License-Identifier: GPL-2.0-or-later
#include "runner/job.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

static int spawn_attrs(posix_spawnattr_t *a)
{
	sigset_t none, dflt;

	sigemptyset(&none);
	sigemptyset(&dflt);
	/* the runner catches these; a probe must start with the defaults */
	for (int s = 1; s < NSIG; s++)
		if (s != SIGKILL && s != SIGSTOP)
			sigaddset(&dflt, s);
	if (posix_spawnattr_init(a) ||
	    posix_spawnattr_setflags(a, POSIX_SPAWN_SETPGROUP |
				     POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF) ||
	    posix_spawnattr_setpgroup(a, 0) ||
	    posix_spawnattr_setsigmask(a, &none) ||
	    posix_spawnattr_setsigdefault(a, &dflt))
		return -1;
	return 0;
}

static int spawn_files(posix_spawn_file_actions_t *f, const int wr[2])
{
	if (posix_spawn_file_actions_init(f) ||
	    posix_spawn_file_actions_addopen(f, 0, "/dev/null", O_RDONLY, 0) ||
	    posix_spawn_file_actions_adddup2(f, wr[0], 1) ||
	    posix_spawn_file_actions_adddup2(f, wr[1], 2))
		return -1;
	return 0;
}

static int open_pipes(struct job *j, int wr[2], struct nsp_err *e)
{
	for (int i = 0; i < 2; i++) {
		int p[2];

		if (pipe2(p, O_CLOEXEC) < 0)
			return nsp_err_sys(e, "pipe for %s", i ? "stderr" : "stdout");
		j->fd[i] = p[0];
		wr[i] = p[1];
		fcntl(p[0], F_SETFL, O_NONBLOCK);
	}
	return 0;
}

int job_start(struct job *j, const char *probes_dir, double timeout,
	      double now, struct nsp_err *e)
{
	char path[8192];

	snprintf(path, sizeof(path), "%s/%s", probes_dir, j->ent->argv[0]);
	return job_spawn(j, path, j->ent->argv, timeout, now, e);
}

int job_spawn(struct job *j, const char *path, char *const argv[], double timeout,
	      double now, struct nsp_err *e)
{
	int wr[2] = { -1, -1 }, rc;
	posix_spawnattr_t attr;
	posix_spawn_file_actions_t files;

	j->fd[0] = j->fd[1] = -1;
	j->started = now;
	j->deadline = now + timeout;
	j->outcome.timeout_s = timeout;
	if (open_pipes(j, wr, e) < 0 || spawn_attrs(&attr) < 0 ||
	    spawn_files(&files, wr) < 0) {
		for (int i = 0; i < 2; i++)
			if (wr[i] >= 0)
				close(wr[i]);
		job_close_fds(j);
		return e->errnum ? -1 : nsp_err_set(e, ENOMEM, "spawn attributes");
	}
	rc = posix_spawn(&j->pid, path, &files, &attr, argv, environ);
	posix_spawn_file_actions_destroy(&files);
	posix_spawnattr_destroy(&attr);
	close(wr[0]);
	close(wr[1]);
	j->state = JOB_RUNNING;
	if (rc) {
		/* glibc reports exec failure here: the probe never ran */
		j->pid = 0;
		j->outcome.exec_errno = rc;
		job_close_fds(j);
	}
	return 0;
}

static int buf_grow(struct job_buf *b, size_t want)
{
	size_t cap = b->cap ? b->cap : 4096;
	char *grown;

	while (cap < want)
		cap *= 2;
	if (cap == b->cap)
		return 0;
	grown = realloc(b->data, cap);
	if (!grown)
		return -1;
	b->data = grown;
	b->cap = cap;
	return 0;
}

static void note_err(struct job *j, const char *msg)
{
	size_t len = strlen(msg);

	if (buf_grow(&j->err, j->err.len + len + 1) == 0) {
		memcpy(j->err.data + j->err.len, msg, len + 1);
		j->err.len += len;
	}
}

void job_read(struct job *j, int i)
{
	struct job_buf *b = i ? &j->err : &j->out;
	ssize_t n;

	for (;;) {
		if (b->len + 4096 > JOB_OUTPUT_MAX || buf_grow(b, b->len + 4097) < 0) {
			note_err(j, "nsharness: output over 8 MiB; probe killed\n");
			job_kill(j);
			break;
		}
		b->data[b->len] = '\0';	/* a text even when nothing comes */
		n = read(j->fd[i], b->data + b->len, b->cap - b->len - 1);
		if (n > 0) {
			b->len += (size_t)n;
			b->data[b->len] = '\0';
			continue;
		}
		if (n < 0 && (errno == EINTR))
			continue;
		if (n < 0 && errno == EAGAIN)
			return;
		break;		/* EOF, or an error we cannot do better with */
	}
	close(j->fd[i]);
	j->fd[i] = -1;
}

void job_kill(struct job *j)
{
	if (j->pid > 0)
		kill(-j->pid, SIGKILL);
}

void job_reaped(struct job *j, int status, double now)
{
	j->outcome.wait_status = status;
	j->outcome.seconds = now - j->started;
	/* the leader is gone but the group may not be: end it */
	kill(-j->pid, SIGKILL);
	j->pid = 0;
}

void job_close_fds(struct job *j)
{
	for (int i = 0; i < 2; i++) {
		if (j->fd[i] >= 0)
			close(j->fd[i]);
		j->fd[i] = -1;
	}
}

bool job_finished(const struct job *j)
{
	return j->pid == 0 && j->fd[0] < 0 && j->fd[1] < 0;
}

int job_judge(struct job *j)
{
	j->outcome.stderr_text = j->err.data;
	if (verdict_judge(j->out.data ? j->out.data : "", j->out.len,
			  &j->outcome, &j->verdict) < 0)
		return -1;
	j->state = JOB_DONE;
	return 0;
}

void job_free(struct job *j)
{
	job_close_fds(j);
	free(j->out.data);
	free(j->err.data);
	if (j->state == JOB_DONE)
		verdict_free(&j->verdict);
}
