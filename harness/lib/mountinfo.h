/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * /proc/<pid>/mountinfo, see proc(5):
 *   36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue
 *   (1)(2)(3)   (4)   (5)      (6)      (7)   (8) (9)   (10)         (11)
 * Field (7) is zero or more optional fields ending at the "-" separator:
 * shared:N, master:N, propagate_from:N and unbindable are the ones that
 * describe propagation; unknown tags are kept as-is in `unknown_tags`
 * count but otherwise ignored, as proc(5) asks parsers to do.
 * Path fields escape space, tab, newline and backslash as octal (\040).
 */
#ifndef NSP_LIB_MOUNTINFO_H
#define NSP_LIB_MOUNTINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "lib/err.h"

struct mount_entry {
	int mount_id;
	int parent_id;
	unsigned int major, minor;
	char *root;		/* unescaped */
	char *mount_point;	/* unescaped */
	char *mount_opts;
	int shared;		/* peer group id, 0 if not shared */
	int master;		/* master's peer group id, 0 if not a slave */
	int propagate_from;	/* 0 if absent */
	bool unbindable;
	int unknown_tags;	/* optional fields we did not recognise */
	char *fstype;
	char *source;		/* unescaped */
	char *super_opts;
};

struct mount_table {
	size_t n;
	struct mount_entry *v;
};

/*
 * Parse whole mountinfo text.  A line with too few fields, a missing "-"
 * separator, a bad number or a bad escape fails the whole parse with
 * EINVAL and a message naming the line number; nothing is returned then.
 */
int mount_table_parse(const char *text, struct mount_table *out, struct nsp_err *e);
int mount_table_read(pid_t pid, struct mount_table *out, struct nsp_err *e);
void mount_table_free(struct mount_table *t);

/* The last entry mounted at `path` (the one visible there), or NULL. */
const struct mount_entry *mount_table_find(const struct mount_table *t,
					   const char *path);

/* Decode proc's octal escapes (\040 \011 \012 \134) in place; -1 if bad. */
int mountinfo_unescape(char *s);

#endif
