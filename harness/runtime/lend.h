/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Namespaces the launcher lends the container's init at clone time,
 * instead of asking clone for new ones:
 *
 *   --net-from PID   the launcher joins PID's network namespace, clones
 *                    (without CLONE_NEWNET: the child inherits it), and
 *                    goes back to its own (docker run --net container:ID);
 *   time offsets     the launcher unshares a time namespace (only its
 *                    time_for_children changes), writes the offsets while
 *                    no process is in it yet, clones (the child enters
 *                    it at fork), and goes back: offsets can be written
 *                    only before the first process enters, which a
 *                    clone(CLONE_NEWTIME) child always has already.
 *
 * Runs in the launcher (single-threaded: setns of a time namespace wants
 * it), with the privilege it was started with.  Between enter and leave
 * nothing but the clone may happen.
 */
#ifndef NSP_RUNTIME_LEND_H
#define NSP_RUNTIME_LEND_H

#include "lib/err.h"
#include "runtime/spec.h"

struct lend {
	int net_home;		/* our own netns while we are in another, or -1 */
	int time_home;		/* our own time ns while lending one, or -1 */
};

/* The clone flags the spec's namespaces become once these are lent. */
int lend_clone_flags(const struct core_spec *s, int namespaces);
/* Move into what the child is to inherit; on failure nothing moved. */
int lend_enter(const struct core_spec *s, struct lend *l, struct nsp_err *e);
/* Back to our own namespaces (after the clone, whatever it did). */
int lend_leave(struct lend *l, struct nsp_err *e);

#endif
