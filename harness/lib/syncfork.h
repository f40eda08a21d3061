/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fork() with a fresh SOCK_SEQPACKET pair (sync.h) between parent and
 * child: the one way a probe forks a helper to look from somewhere else
 * (a joiner, the first child of a new pid namespace, a member that holds
 * a namespace) and hear back from it.
 *
 *   sync_fork    the primitive: both sides keep talking on the pair
 *   fork_call    one question, one answer: fn runs in the child, its
 *                result (errno kept) and its answer come back, the child
 *                is reaped
 */
#ifndef NSP_LIB_SYNCFORK_H
#define NSP_LIB_SYNCFORK_H

#include <stddef.h>
#include <sys/types.h>

#include "lib/err.h"

/*
 * Returns as fork() does; *fd is this side's end of the pair (the child's
 * in the child, which must _exit()).  stdio is flushed first, so the child
 * never writes the parent's buffered output again.  -1 with *e set when
 * the pair or the fork failed; nothing is left open then.
 */
pid_t sync_fork(int *fd, struct nsp_err *e);

/*
 * The parent's end of a sync_fork child: close *fd (the child reads
 * end-of-file) and reap *pid; then *pid is 0 and *fd -1.  Nothing to do
 * when *pid is not a child (0, or -1 from a failed sync_fork).
 */
void sync_fork_end(pid_t *pid, int *fd);

/* Runs in the child: fill out (len bytes); 0, or -1 with *e set. */
typedef int (*fork_fn)(void *arg, void *out, struct nsp_err *e);

/*
 * fn(arg, out, e) in a forked child; its outcome and, when it succeeded,
 * its `len` bytes of *out come back into *out.  *child (may be NULL) gets
 * the child's pid as fork() returned it.  0, or -1 with *e: the child's
 * own error as it set it, or ours (the pair, the fork, or EPIPE when the
 * child died without answering).  The child is reaped either way.
 */
int fork_call(fork_fn fn, void *arg, void *out, size_t len, pid_t *child,
	      struct nsp_err *e);

#endif
