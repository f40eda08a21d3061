// SPDX-License-Identifier: GPL-2.0-or-later
#include "lib/nstype.h"

#include <string.h>

/*
 * The kernel's fixed inodes of the initial namespaces (enum init_ns_ino in
 * <linux/nsfs.h> of 6.18; PROC_*_INIT_INO before).  uts, ipc, user and pid
 * have had theirs since 3.8, cgroup and time since they exist; mnt and net
 * got one only recently, so for them a different inode proves nothing.
 *
 * Join order (setns one file at a time, when a pidfd cannot join them all
 * at once): the user namespace first, so that the others are joined with
 * the privilege it grants; the mount namespace last but one, because /proc
 * may be another one after it; pid last, since it only affects children.
 */
const struct ns_type ns_files[NS_NFILES] = {
	{ "mnt", CLONE_NEWNS, 0xEFFFFFF8U, false, false, 6 },
	{ "uts", CLONE_NEWUTS, 0xEFFFFFFEU, true, false, 3 },
	{ "ipc", CLONE_NEWIPC, 0xEFFFFFFFU, true, false, 2 },
	{ "pid", CLONE_NEWPID, 0xEFFFFFFCU, true, false, 7 },
	{ "pid_for_children", CLONE_NEWPID, 0xEFFFFFFCU, true, true, 0 },
	{ "net", CLONE_NEWNET, 0xEFFFFFF9U, false, false, 4 },
	{ "user", CLONE_NEWUSER, 0xEFFFFFFDU, true, false, 0 },
	{ "cgroup", CLONE_NEWCGROUP, 0xEFFFFFFBU, true, false, 1 },
	{ "time", CLONE_NEWTIME, 0xEFFFFFFAU, true, false, 5 },
	{ "time_for_children", CLONE_NEWTIME, 0xEFFFFFFAU, true, true, 0 },
};

const struct ns_type *ns_type_at(size_t i)
{
	for (size_t f = 0; f < NS_NFILES; f++)
		if (!ns_files[f].for_children && i-- == 0)
			return &ns_files[f];
	return NULL;
}

const struct ns_type *ns_type_by_join_rank(size_t rank)
{
	for (size_t f = 0; f < NS_NFILES; f++)
		if (!ns_files[f].for_children && ns_files[f].join_rank == rank)
			return &ns_files[f];
	return NULL;
}

const struct ns_type *ns_type_by_flag(int flag)
{
	for (size_t f = 0; f < NS_NFILES; f++)
		if (!ns_files[f].for_children && ns_files[f].flag == flag)
			return &ns_files[f];
	return NULL;
}

const struct ns_type *ns_type_by_name(const char *name, size_t len)
{
	for (size_t f = 0; f < NS_NFILES; f++)
		if (!ns_files[f].for_children && strlen(ns_files[f].name) == len &&
		    strncmp(ns_files[f].name, name, len) == 0)
			return &ns_files[f];
	return NULL;
}

const char *ns_type_name(int flag)
{
	const struct ns_type *t = ns_type_by_flag(flag);

	return t ? t->name : "?";
}
