// SPDX-License-Identifier: GPL-2.0-or-later
#include "runtime/watch.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "runtime/bridge.h"
#include "runtime/launch.h"

#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal 424
#endif
#ifndef SYS_close_range
#define SYS_close_range 436
#endif

#define WATCH_BYE 'b'	/* the launcher ended the container itself */
#define WATCH_FD 3	/* the pipe's read end in the watcher */
#define WATCH_PIDFD 4	/* the container's pidfd in the watcher */

/*
 * Only what the watcher needs stays open: its end of the pair at 3, the
 * pidfd at 4, /dev/null for 0-2 (a reader of the launcher's output must
 * see its end when the launcher's is gone).  Both are moved up first, so
 * that neither dup2() closes the other.
 */
static void keep_only(int rfd, int pidfd)
{
	int r = fcntl(rfd, F_DUPFD_CLOEXEC, 64);
	int p = pidfd >= 0 ? fcntl(pidfd, F_DUPFD_CLOEXEC, 64) : -1;
	int null = open("/dev/null", O_RDWR | O_CLOEXEC);

	if (r < 0 || (pidfd >= 0 && p < 0) || dup2(r, WATCH_FD) < 0 ||
	    (p >= 0 && dup2(p, WATCH_PIDFD) < 0))
		_exit(1);
	for (int fd = 0; fd < 3 && null >= 0; fd++)
		dup2(null, fd);
	if (syscall(SYS_close_range, WATCH_PIDFD + 1, ~0U, 0) < 0)
		for (int fd = WATCH_PIDFD + 1; fd < 1024; fd++)
			close(fd);	/* before 5.9 */
	if (p < 0)
		close(WATCH_PIDFD);
}

/* The launcher is gone: the container, its groups, its bridge go too. */
static void take_down(struct core_container *c, bool have_pidfd)
{
	struct pollfd p = { .fd = WATCH_PIDFD, .events = POLLIN };
	struct nsp_err ignored;

	/* never kill(pid): the container was reparented and may be reaped */
	if (have_pidfd && syscall(SYS_pidfd_send_signal, WATCH_PIDFD, SIGKILL, NULL, 0) == 0)
		while (poll(&p, 1, -1) < 0 && errno == EINTR)
			;	/* its exit, and with it its pid namespace's */
	c->cg.v2_fd = -1;	/* the launcher's fd number, closed in keep_only */
	if (c->has_cgroup)
		core_cgroup_destroy(&c->cg, &ignored);	/* whatever is left in it */
	core_bridge_release(c, &ignored);
}

static _Noreturn void watch_main(struct core_container *c, int rfd)
{
	bool have_pidfd = c->pidfd >= 0;
	char word;
	ssize_t n;

	prctl(PR_SET_NAME, "nsharness-watch");
	/* out of the terminal's process group and the runner's probe group:
	 * Ctrl-C or a timeout's kill of the launcher's group leaves us to
	 * clean up after it */
	setpgid(0, 0);
	for (int sig = 1; sig < NSIG; sig++)
		if (sig != SIGKILL && sig != SIGSTOP && sig != SIGCHLD)
			signal(sig, SIG_IGN);
	keep_only(rfd, c->pidfd);
	do
		n = read(WATCH_FD, &word, 1);
	while (n < 0 && errno == EINTR);
	if (n == 1 && word == WATCH_BYE)
		_exit(0);
	take_down(c, have_pidfd);
	_exit(0);
}

int core_watch_start(struct core_watch *w, const struct core_container *c,
		     struct nsp_err *e)
{
	struct core_container copy = *c;
	int p[2];

	/* a socket, not a pipe: a dead watcher is EPIPE to send(), not SIGPIPE */
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, p) < 0)
		return nsp_err_sys(e, "socketpair for the container's watcher");
	w->pid = fork();
	if (w->pid == 0) {
		close(p[1]);
		watch_main(&copy, p[0]);
	}
	close(p[0]);
	if (w->pid < 0) {
		w->pid = 0;
		close(p[1]);
		return nsp_err_sys(e, "fork the container's watcher");
	}
	w->fd = p[1];
	return 0;
}

void core_watch_stop(struct core_watch *w)
{
	const char bye = WATCH_BYE;

	if (w->fd >= 0) {
		if (send(w->fd, &bye, 1, MSG_NOSIGNAL) != 1) {
			/* it died already: nothing listens */
		}
		close(w->fd);
		w->fd = -1;
	}
	while (w->pid > 0 && waitpid(w->pid, NULL, 0) < 0 && errno == EINTR)
		;
	w->pid = 0;
}
