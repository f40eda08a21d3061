/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The namespace types, in one table: the file under /proc/<pid>/ns, the
 * CLONE_NEW* flag, the kernel's fixed inode of the initial namespace and
 * the order in which they are joined one by one.  The library, the
 * runtime, the runner and nsprobe all read this table and no other.
 */
#ifndef NSP_LIB_NSTYPE_H
#define NSP_LIB_NSTYPE_H

#include <sched.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

#define NS_NTYPES 8	/* mnt uts ipc pid net user cgroup time */
#define NS_NFILES 10	/* and pid_for_children, time_for_children */

struct ns_type {
	const char *name;	/* file name in /proc/<pid>/ns */
	int flag;		/* CLONE_NEW* */
	uint32_t init_ino;	/* the kernel's fixed inode of the initial one */
	bool init_ino_always;	/* true: every kernel with the type has it */
	bool for_children;	/* the namespace the process's children get */
	unsigned char join_rank;	/* setns() order, 0 first (types only) */
};

/*
 * Every namespace file, in the order nsprobe lists them; a *_for_children
 * file follows the type it belongs to.
 */
extern const struct ns_type ns_files[NS_NFILES];

/* The i-th namespace type (i < NS_NTYPES), *_for_children files left out. */
const struct ns_type *ns_type_at(size_t i);
/* The type that is joined at position `rank` (< NS_NTYPES) one by one. */
const struct ns_type *ns_type_by_join_rank(size_t rank);
/* The type of a CLONE_NEW* flag, or NULL. */
const struct ns_type *ns_type_by_flag(int flag);
/* The type (not a *_for_children file) named by len bytes at name, or NULL. */
const struct ns_type *ns_type_by_name(const char *name, size_t len);
/* The file name for one CLONE_NEW* flag, or "?". */
const char *ns_type_name(int flag);

#endif
