/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Small file helpers for /proc and /sys, where sizes are lies (st_size 0). */
#ifndef NSP_LIB_FILE_H
#define NSP_LIB_FILE_H

#include <stddef.h>
#include <sys/types.h>

#include "lib/err.h"

/* A source of bytes: read() fills at most len bytes of buf, 0 at the end,
 * -1 with errno set. */
struct nsp_source {
	ssize_t (*read)(void *handle, char *buf, size_t len);
	void *handle;
	const char *name;	/* for messages */
	size_t max;		/* more bytes than this: EFBIG; 0: no cap */
};
/* All a source gives, as a NUL-terminated malloc'd string; *len (if set)
 * excludes the NUL. */
char *nsp_read_all(const struct nsp_source *src, size_t *len, struct nsp_err *e);
/* The same from an open fd (left open), named `name` in errors. */
char *nsp_read_fd(int fd, const char *name, size_t max, size_t *len, struct nsp_err *e);
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
