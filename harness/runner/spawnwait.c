// SPDX-License-Identifier: GPL-2.0-or-later
#include "runner/spawnwait.h"

#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static int file_actions(posix_spawn_file_actions_t *f, int wr, const char *cwd)
{
	if (posix_spawn_file_actions_init(f) ||
	    posix_spawn_file_actions_addopen(f, 0, "/dev/null", O_RDONLY, 0) ||
	    posix_spawn_file_actions_adddup2(f, wr, 1) ||
	    posix_spawn_file_actions_adddup2(f, wr, 2) ||
	    (cwd && posix_spawn_file_actions_addchdir_np(f, cwd)))
		return -1;
	return 0;
}

/* The runner blocks signals it reads from a signalfd: the helper starts
 * with none blocked and the default actions. */
static int attrs(posix_spawnattr_t *a)
{
	sigset_t none, all;

	sigemptyset(&none);
	sigfillset(&all);
	if (posix_spawnattr_init(a) ||
	    posix_spawnattr_setflags(a, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF) ||
	    posix_spawnattr_setsigmask(a, &none) || posix_spawnattr_setsigdefault(a, &all))
		return -1;
	return 0;
}

static void drain(int fd, char *out, size_t len)
{
	size_t used = 0;
	char sink[512];
	ssize_t n;

	for (;;) {
		bool room = used + 1 < len;

		n = read(fd, room ? out + used : sink, room ? len - 1 - used : sizeof(sink));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (room)
			used += (size_t)n;
	}
	if (len)
		out[used] = '\0';
}

int spawn_wait(char *const argv[], const char *cwd, char *out, size_t len,
	       int *status, struct nsp_err *e)
{
	posix_spawn_file_actions_t f;
	posix_spawnattr_t a;
	int p[2], rc;
	pid_t pid;

	if (pipe2(p, O_CLOEXEC) < 0)
		return nsp_err_sys(e, "pipe for %s", argv[0]);
	if (file_actions(&f, p[1], cwd) < 0 || attrs(&a) < 0) {
		close(p[0]);
		close(p[1]);
		return nsp_err_set(e, ENOMEM, "spawn attributes for %s", argv[0]);
	}
	rc = posix_spawn(&pid, argv[0], &f, &a, argv, environ);
	posix_spawn_file_actions_destroy(&f);
	posix_spawnattr_destroy(&a);
	close(p[1]);
	if (rc) {
		close(p[0]);
		return nsp_err_set(e, rc, "run %s", argv[0]);
	}
	drain(p[0], out, len);
	close(p[0]);
	while (waitpid(pid, status, 0) < 0)
		if (errno != EINTR)
			return nsp_err_sys(e, "wait for %s", argv[0]);
	return 0;
}
