/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The initial namespaces, recognised by their fixed inode numbers
 * (include/linux/proc_ns.h: PROC_IPC_INIT_INO 0xEFFFFFFF down to
 * PROC_TIME_INIT_INO 0xEFFFFFFA; mnt and net have none), and the absolute
 * level of our pid namespace where it can be known.  These are the
 * references a probe's --role inside judges against when the process that
 * started it is out of sight.
 */
#ifndef NSP_LIB_NSINIT_H
#define NSP_LIB_NSINIT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "lib/err.h"
#include "lib/nsfile.h"

/* The fixed inode of the initial namespace of `type` ("uts", "pid",
 * "pid_for_children"...), or 0 for a type without one (mnt, net). */
ino_t ns_initial_ino(const char *type);
/* True when id is the initial namespace of `type` (never for mnt, net). */
bool ns_is_initial(const char *type, const struct ns_ident*id);
/* True when our own namespace of `type` is the initial one. */
bool ns_self_is_initial(const char *type);

/*
 * The absolute level of our pid namespace (0: the initial one): from the
 * NSpid of /proc/self/status when that /proc is the initial namespace's
 * (its pid 2, kthreadd, is in the initial pid namespace), or when it is
 * the nsharness sandbox's, whose level the runner exports in
 * $NSHARNESS_PID_LEVEL.  Returns 0 with *level and a note of how it was
 * learnt in `how`; 1 when it cannot be known here (a nested pid
 * namespace whose own /proc shows no ancestor), with the reason in `how`;
 * -1 with *e when /proc/self/status could not be read.
 */
int pid_ns_level(int *level, char *how, size_t len, struct nsp_err *e);

/*
 * The level of our user namespace (0: the initial one, by its fixed
 * inode).  A nested one cannot see its ancestors (NS_GET_PARENT of our
 * own is EPERM), so its level is known only from $NSHARNESS_USER_LEVEL,
 * "LEVEL@INODE", which the runner exports for the user namespace of its
 * rootless sandbox and which holds only where our namespace has that
 * inode.  Returns 0 with *level and how it was learnt, 1 unknown (the
 * reason in `how`), -1 with *e.
 */
int user_ns_level(int *level, char *how, size_t len, struct nsp_err *e);
/* "LEVEL@INODE" for our current user namespace, known to be at `level`:
 * the value of $NSHARNESS_USER_LEVEL. */
int user_ns_level_env(char *buf, size_t len, int level, struct nsp_err *e);

#endif
