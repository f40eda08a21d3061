/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Namespaces lent to the container's init at clone time, instead of asked
 * of clone as new ones:
 *
 *   --net-from PID   PID's network namespace is joined, then the clone
 *                    (without CLONE_NEWNET) inherits it (docker run --net
 *                    container:ID);
 *   time offsets     a time namespace is unshared (only time_for_children
 *                    changes), its offsets written while nobody is in it,
 *                    then the clone enters it at fork: offsets can be
 *                    written only before the first process enters, which
 *                    a clone(CLONE_NEWTIME) child always has already.
 *
 * This happens in a helper the launcher forks, which clones the container
 * as the launcher's child (CLONE_PARENT) and exits: nobody ever has to go
 * back, which a user namespace may forbid (setns into a namespace an
 * ancestor user namespace owns is EPERM).  See launch.c.
 */
#ifndef NSP_RUNTIME_LEND_H
#define NSP_RUNTIME_LEND_H

#include <stdbool.h>

#include "lib/err.h"
#include "runtime/spec.h"

/* Whether the spec lends anything (then the launch goes through a helper). */
bool lend_needed(const struct core_spec *s);
/* The clone flags the spec's namespaces become once these are lent. */
int lend_clone_flags(const struct core_spec *s, int namespaces);
/* In the helper: move into what the child is to inherit. */
int lend_enter(const struct core_spec *s, struct nsp_err *e);

#endif
