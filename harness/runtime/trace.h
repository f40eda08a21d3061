/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Where a launch spends its time: timestamps at the boundaries of its
 * phases, written by the launcher and by the container's own setup into
 * one page both share (mapped before the clone), read by `nsharness bench
 * --phases`.  Off unless core_trace_on() was called: then a mark is one
 * clock_gettime() and one store, and nothing at all otherwise.
 */
#ifndef NSP_RUNTIME_TRACE_H
#define NSP_RUNTIME_TRACE_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/err.h"

/*
 * The critical path in the order a launch passes it (a phase runs from
 * one mark to the next one passed), then the launcher's work that runs in
 * parallel with the child's setup (each from its own starting mark).
 */
enum core_mark {
	CORE_MARK_START,	/* core_launch called */
	CORE_MARK_CGROUP,	/* groups created (and limits set) */
	CORE_MARK_CLONED,	/* clone returned: namespaces exist */
	CORE_MARK_GO,		/* the child runs its setup (after its maps) */
	CORE_MARK_PROPAGATED,	/* mount propagation set */
	CORE_MARK_ROOTFS,	/* the new root's tree is built */
	CORE_MARK_PIVOTED,	/* pivot_root done, the old root detached */
	CORE_MARK_NAMED,	/* hostname and domainname set */
	CORE_MARK_PLACED,	/* the child learnt it is in its groups */
	CORE_MARK_LINKS,	/* links up */
	CORE_MARK_READY,	/* setup done, about to exec */
	CORE_MARK_EXECED,	/* the launcher saw the exec succeed */
	CORE_MARK_REAPED,	/* the container's init reaped */
	CORE_MARK_DESTROYED,	/* its groups removed, nothing left */
	/* the launcher's work in parallel with the child's setup */
	CORE_MARK_MAPPED,	/* uid/gid maps written, GO sent */
	CORE_MARK_PCREATED,	/* groups made there (v1, hybrid) */
	CORE_MARK_ATTACHED,	/* the child is in its groups */
	CORE_MARK_VETH,		/* veth pair made, one end inside */
	CORE_MARK_WATCHED,	/* exec mode: the watcher forked (watch.h) */
	CORE_MARK_COUNT
};

/* The first mark that is not on the critical path. */
#define CORE_MARK_PARALLEL CORE_MARK_MAPPED

/* Map the shared page and start recording (idempotent). */
int core_trace_on(struct nsp_err *e);
bool core_trace_enabled(void);
/* Forget the last launch's marks. */
void core_trace_reset(void);
/* Record "now" for mark m (a no-op when tracing is off). */
void core_mark(enum core_mark m);
/* The marks in ns of CLOCK_MONOTONIC; 0 where a launch did not pass. */
const uint64_t *core_trace_marks(void);
/* "cgroup create", "clone + namespaces", ...: the phase ending at mark m. */
const char *core_mark_phase(enum core_mark m);
/* Where the parallel phase ending at m starts (m >= CORE_MARK_PARALLEL);
 * CORE_MARK_CLONED where that mark was not passed. */
enum core_mark core_mark_from(enum core_mark m);

#endif
