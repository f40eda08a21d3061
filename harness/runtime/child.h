/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The container's side of a launch (see launch.h for the protocol). */
#ifndef NSP_RUNTIME_CHILD_H
#define NSP_RUNTIME_CHILD_H

#include "runtime/spec.h"

/*
 * GO: set yourself up, your user namespace's maps are written (only with
 * spec.map_root: without a user namespace the child starts at once).
 * PLACED: you are in your
 * groups and your veth end is in your netns — given while the child
 * builds its root, so the slow attach overlaps with it; the child needs it
 * before links, its cgroup namespace and its command.
 */
enum { CORE_STEP_GO = 1, CORE_STEP_PLACED = 2 };

/* Exit statuses of a child that never reached its command. */
enum {
	CORE_EXIT_SETUP = 125,	/* setup failed (as docker/podman do) */
	CORE_EXIT_NOEXEC = 126,	/* found but not executable */
	CORE_EXIT_NOTFOUND = 127,
};

/* Runs in the cloned child: wait for GO, set up, report, exec or run fn. */
_Noreturn void core_child_main(const struct core_spec *s, int fd);

#endif
