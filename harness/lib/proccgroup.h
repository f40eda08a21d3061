/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * /proc/<pid>/cgroup, see cgroups(7):
 *   v1:  4:memory:/user.slice            hierarchy-id:controller-list:path
 *        1:name=systemd:/init.scope      named hierarchy, no controller
 *   v2:  0::/user.slice/session-1.scope  id 0, empty controller list
 * The path may contain ':' (only the first two separate fields).  A path
 * ending in " (deleted)" belongs to a removed group and is reported so.
 */
#ifndef NSP_LIB_PROCCGROUP_H
#define NSP_LIB_PROCCGROUP_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "lib/err.h"

struct cgroup_entry {
	int hierarchy_id;	/* 0 for the v2 unified hierarchy */
	char *controllers;	/* "cpu,cpuacct", "name=systemd" or "" */
	char *path;
	bool deleted;		/* " (deleted)" was stripped from the path */
};

struct cgroup_list {
	size_t n;
	struct cgroup_entry *v;
};

int cgroup_list_parse(const char *text, struct cgroup_list *out, struct nsp_err *e);
int cgroup_list_read(pid_t pid, struct cgroup_list *out, struct nsp_err *e);
void cgroup_list_free(struct cgroup_list *l);

/*
 * The entry whose controller list names `controller` exactly (as one of its
 * comma-separated items), or the v2 entry when controller is NULL.
 */
const struct cgroup_entry *cgroup_list_find(const struct cgroup_list *l,
					    const char *controller);

#endif
