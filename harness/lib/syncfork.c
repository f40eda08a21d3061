// SPDX-License-Identifier: GPL-2.0-or-later
#include "lib/syncfork.h"

#include <errno.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/sync.h"

pid_t sync_fork(int *fd, struct nsp_err *e)
{
	struct nsp_sync s;
	pid_t pid;

	*fd = -1;
	if (nsp_sync_open(&s, e) < 0)
		return -1;
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		nsp_sync_close(&s);
		return nsp_err_sys(e, "fork");
	}
	*fd = nsp_sync_side(&s, pid == 0 ? NSP_SYNC_CHILD : NSP_SYNC_PARENT);
	return pid;
}

/* The child: its outcome first, then (on success) its answer. */
static _Noreturn void call_child(int fd, fork_fn fn, void *arg, void *out, size_t len)
{
	struct nsp_err mine = { 0 }, e;
	int rc = fn(arg, out, &mine);

	if (rc < 0 && !mine.errnum && !mine.msg[0])
		nsp_err_set(&mine, EIO, "the forked helper failed without a reason");
	if (nsp_sync_send_result(fd, &mine, &e) < 0 ||
	    (rc == 0 && nsp_sync_send(fd, out, len, &e) < 0))
		_exit(2);
	_exit(rc == 0 ? 0 : 1);
}

void sync_fork_end(pid_t *pid, int *fd)
{
	if (*pid <= 0)
		return;
	close(*fd);
	while (waitpid(*pid, NULL, 0) < 0 && errno == EINTR)
		;
	*pid = 0;
	*fd = -1;
}

int fork_call(fork_fn fn, void *arg, void *out, size_t len, pid_t *child,
	      struct nsp_err *e)
{
	int fd, rc;
	pid_t pid = sync_fork(&fd, e);

	if (child)
		*child = pid;
	if (pid < 0)
		return -1;
	if (pid == 0)
		call_child(fd, fn, arg, out, len);
	rc = nsp_sync_recv_result(fd, e);
	if (rc == 0)
		rc = nsp_sync_recv(fd, out, len, e);
	close(fd);
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
	return rc;
}
