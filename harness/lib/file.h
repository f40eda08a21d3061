/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Small file helpers for /proc and /sys, where sizes are lies (st_size 0). */
#ifndef NSP_LIB_FILE_H
#define NSP_LIB_FILE_H

#include <stddef.h>
#include <sys/types.h>

#include "lib/err.h"

/* Whole file as a NUL-terminated malloc'd string; *len (if set) excludes NUL. */
char *nsp_read_file(const char *path, size_t *len, struct nsp_err *e);
/* Like nsp_read_file on /proc/<pid>/<name> (pid 0: self). */
char *nsp_read_proc(pid_t pid, const char *name, struct nsp_err *e);
/* First line without its newline into buf. */
int nsp_read_line(const char *path, char *buf, size_t len, struct nsp_err *e);
/* Write a whole string in one write(2), as sysfs/cgroupfs files want. */
int nsp_write_file(const char *path, const char *text, struct nsp_err *e);
/* Strict decimal parsing: whole string, no sign games, range checked. */
int nsp_parse_long(const char *s, long min, long max, long *out);

#endif
