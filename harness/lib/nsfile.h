/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Namespace files: /proc/<pid>/ns/<type> identity and joining. */
#ifndef NSP_LIB_NSFILE_H
#define NSP_LIB_NSFILE_H

#include <stdbool.h>
#include <sched.h>
#include <stddef.h>
#include <sys/types.h>

#include "lib/err.h"

#include "lib/nstype.h"

struct ns_ident {
	dev_t dev;
	ino_t ino;
};

/* Identity of /proc/<pid>/ns/<type> (pid 0: self). */
int ns_ident_of(pid_t pid, const char *type, struct ns_ident *id,
		struct nsp_err *e);
bool ns_ident_eq(const struct ns_ident *a, const struct ns_ident *b);

/* setns() into /proc/<pid>/ns/<type>; nstype as for setns(2). */
int ns_join(pid_t pid, const char *type, int nstype, struct nsp_err *e);

/*
 * The runner's sandbox (fixtures/sandbox.h) exports the identity of its
 * namespaces in $NSHARNESS_SANDBOX as "uts=DEV:INO ipc=DEV:INO …".  True
 * when our own namespace of `type` is that sandbox namespace, i.e. it is
 * safe to change as "the outside" because it is not the host's.
 */
bool ns_is_sandbox(const char *type);
/* Format the value of $NSHARNESS_SANDBOX for our current namespaces. */
int ns_sandbox_describe(char *buf, size_t len, struct nsp_err *e);

/*
 * The same "type=DEV:INO ..." form for other references: our namespaces
 * of every type in `types` (NULL-terminated; a type the kernel lacks is
 * left out), and the identity $var gives for `type` (false: none).
 * `nsharness --runtime` exports its own as $NSHARNESS_LAUNCHER, the
 * namespaces the runtime under test was started from.
 */
int ns_describe(const char *const *types, char *buf, size_t len, struct nsp_err *e);
bool ns_env_ident(const char *var, const char *type, struct ns_ident *id);

/*
 * Identity of <name> under an open /proc/<pid>/ns directory.  Open the
 * directory before changing namespaces: after joining another mount
 * namespace, /proc may be a different one where our pid does not exist.
 */
int ns_ident_at(int ns_dirfd, const char *name, struct ns_ident *id,
		struct nsp_err *e);

#endif
