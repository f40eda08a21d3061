// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Joining a running container (the docker exec path).  A pidfd joins all
 * requested namespaces in one setns() and cannot be confused by pid reuse
 * (5.8+); on older kernels, /proc/<pid>/ns files are joined one by one
 * in the registry's join order (lib/nstype.c says why).
 */
#include "runtime/launch.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "runtime/child.h"
#include "lib/nsfile.h"

static int join_by_files(pid_t target, int namespaces, struct nsp_err *e)
{
	int fds[NS_NTYPES];
	size_t n = NS_NTYPES;
	int rc = 0;

	/* open all first: after joining a mount ns, /proc may be another one */
	for (size_t i = 0; i < n; i++) {
		char path[64];

		const struct ns_type *t = ns_type_by_join_rank(i);

		fds[i] = -1;
		if (!(namespaces & t->flag))
			continue;
		snprintf(path, sizeof(path), "/proc/%d/ns/%s", (int)target, t->name);
		fds[i] = open(path, O_RDONLY | O_CLOEXEC);
		if (fds[i] < 0 && rc == 0)
			rc = nsp_err_sys(e, "open %s", path);
	}
	for (size_t i = 0; i < n && rc == 0; i++)
		if (fds[i] >= 0 && setns(fds[i], ns_type_by_join_rank(i)->flag) < 0)
			rc = nsp_err_sys(e, "setns %s namespace of %d",
					 ns_type_by_join_rank(i)->name, (int)target);
	for (size_t i = 0; i < n; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	return rc;
}

int core_join(pid_t target, int namespaces, struct nsp_err *e)
{
	int pidfd = (int)syscall(SYS_pidfd_open, target, 0);

	if (pidfd < 0 && errno == ESRCH)
		return nsp_err_set(e, ESRCH, "join %d: no such process", (int)target);
	if (pidfd >= 0) {
		int rc = setns(pidfd, namespaces);

		close(pidfd);
		if (rc == 0)
			return 0;
		if (errno == ESRCH)
			return nsp_err_set(e, ESRCH, "join %d: the process exited", (int)target);
		if (errno != EINVAL)	/* EINVAL: a kernel without setns(pidfd) */
			return nsp_err_sys(e, "setns(pidfd of %d, 0x%x)", (int)target,
					   (unsigned)namespaces);
	}
	if (join_by_files(target, namespaces, e) < 0)
		return e->errnum == ENOENT ?
			nsp_err_set(e, ESRCH, "join %d: the process exited", (int)target) : -1;
	return 0;
}

int core_join_exec(pid_t target, int namespaces, char *const argv[],
		   int *status, struct nsp_err *e)
{
	int pipefd[2], err = 0;
	pid_t pid;

	if (pipe2(pipefd, O_CLOEXEC) < 0)
		return nsp_err_sys(e, "pipe");
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return nsp_err_sys(e, "fork");
	if (pid == 0) {
		struct nsp_err ce;
		pid_t inner;

		close(pipefd[0]);
		if (core_join(target, namespaces, &ce) < 0) {
			err = ce.errnum ? ce.errnum : EIO;
			if (write(pipefd[1], &err, sizeof(err)) < 0)
				_exit(CORE_EXIT_SETUP);
			_exit(CORE_EXIT_SETUP);
		}
		/* a pid namespace join applies to children: fork once more */
		inner = (namespaces & CLONE_NEWPID) ? fork() : 0;
		if (inner == 0) {
			execvp(argv[0], argv);
			err = errno;
			if (write(pipefd[1], &err, sizeof(err)) < 0)
				_exit(CORE_EXIT_NOEXEC);
			_exit(err == ENOENT ? CORE_EXIT_NOTFOUND : CORE_EXIT_NOEXEC);
		}
		close(pipefd[1]);
		if (inner < 0)
			_exit(CORE_EXIT_SETUP);
		while (waitpid(inner, &err, 0) < 0 && errno == EINTR)
			;
		_exit(WIFEXITED(err) ? WEXITSTATUS(err) : 128 + WTERMSIG(err));
	}
	close(pipefd[1]);
	if (read(pipefd[0], &err, sizeof(err)) != sizeof(err))
		err = 0;
	close(pipefd[0]);
	while (waitpid(pid, status, 0) < 0)
		if (errno != EINTR)
			return nsp_err_sys(e, "wait for joined command");
	if (err)
		return nsp_err_set(e, err, "join %d and run %s", (int)target, argv[0]);
	return 0;
}
