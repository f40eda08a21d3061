/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fork() with a fresh SOCK_SEQPACKET pair (sync.h) between parent and
 * child: the helper a probe forks to look from somewhere else (a joiner,
 * the first child of a new pid namespace) and report back.
 */
#ifndef NSP_LIB_SYNCFORK_H
#define NSP_LIB_SYNCFORK_H

#include <sys/types.h>

#include "lib/err.h"

/*
 * Returns as fork() does; *fd is this side's end of the pair (the child's
 * in the child, which must _exit()).  stdio is flushed first, so the child
 * never writes the parent's buffered output again.  -1 with *e set when
 * the pair or the fork failed; nothing is left open then.
 */
pid_t sync_fork(int *fd, struct nsp_err *e);

#endif
