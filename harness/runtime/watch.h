/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The container's watcher: it dies with its launcher whatever its command
 * does to its credentials.
 *
 * PR_SET_PDEATHSIG, which the container's init sets, is cleared by the
 * kernel when that process changes its effective or filesystem uid or gid
 * (`setpriv --reuid=65534 … sleep`, any daemon dropping root) or execs a
 * set-id binary; a SIGKILLed launcher would then leave the container, its
 * groups and its veth behind.  So for a command (exec mode) the launcher
 * forks a watcher before the command starts: a small process of ours, a
 * sibling of the container in the launcher's namespaces and groups, that
 * never changes its credentials.  It holds the read end of a pipe only the
 * launcher writes to and the container's pidfd.  A launcher that ends the
 * container itself says so on the pipe, and the watcher exits; a pipe that
 * reaches end-of-file without that word means the launcher is gone, and
 * the watcher kills the container (by pidfd: never a reused pid), waits
 * for it, removes its groups and a bridge the launch made, and exits.
 *
 * Inside the container nothing changes: its command is pid 1, `ps` there
 * shows it and its children only.  Outside, `ps` shows one more process,
 * named nsharness-watch, for the container's lifetime.
 */
#ifndef NSP_RUNTIME_WATCH_H
#define NSP_RUNTIME_WATCH_H

#include <sys/types.h>

#include "lib/err.h"

struct core_container;

struct core_watch {
	pid_t pid;	/* the watcher, 0: none */
	int fd;		/* the launcher's end of the pipe, -1: none */
};

#define CORE_WATCH_INIT { .pid = 0, .fd = -1 }

/* Fork the watcher of c (its groups and pidfd as they are now). */
int core_watch_start(struct core_watch *w, const struct core_container *c,
		     struct nsp_err *e);
/* The launcher ends the container itself: tell the watcher, reap it. */
void core_watch_stop(struct core_watch *w);

#endif
