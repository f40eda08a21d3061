/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Where programs and files we run as root may come from, in the spirit
 * of sudo's secure_path and ssh's StrictModes: as root, an external
 * program (lsns, runc, ...) is looked up in a fixed path, never in the
 * caller's PATH, and a directory of probes or suites that someone else
 * could write to is refused.
 */
#ifndef NSP_LIB_SECUREPATH_H
#define NSP_LIB_SECUREPATH_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/err.h"

/* sudo's default secure_path */
#define NSP_SECURE_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

/* True when path names a regular file (after symlinks) we may execute. */
bool nsp_is_executable_file(const char *path);
/* The search path for `name`: NSP_SECURE_PATH as root, else $PATH (or
 * NSP_SECURE_PATH when it is unset). */
const char *nsp_program_path(void);
/*
 * A program given by name (no '/'): the first regular executable file of
 * that name in nsp_program_path(), its resolved path into buf.  A name
 * with a '/' is taken as it is.  ENOENT naming the path searched.
 */
int nsp_find_program(const char *name, char *buf, size_t len, struct nsp_err *e);
/*
 * As root of the host: EPERM when dir or a directory above it may be changed by
 * someone else — owned by a user other than root and us, writable by
 * others (a sticky directory above is fine: others cannot rename what is
 * ours in it), or writable by a group other than root's and ours.
 * `what` names it in the message ("probe directory").  Only as root of
 * the initial user namespace: elsewhere nothing runs with more privilege
 * than the caller has (and unmapped owners show as the overflow uid).
 */
int nsp_check_dir_trusted(const char *dir, const char *what, struct nsp_err *e);

#endif
