// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The v1 self-join (cgroup.h): the launcher opens the `tasks` files, the
 * child writes "0" to them.  Why not the pid from the launcher: see
 * core_cgroup_companion_first in cgroup.h (the threadgroup rwsem's grace
 * period).
 */
#include "runtime/cgroup.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

int core_cgroup_open_joins(const struct core_cgroup *cg, int *fds, size_t max, size_t *n,
			   struct nsp_err *e)
{
	char path[CORE_CG_PATH_MAX + 16];

	*n = 0;
	for (int i = 0; i < cg->nhier; i++) {
		if (cg->hier[i].alias)
			continue;	/* "cpu,cpuacct": one directory, joined once */
		if (*n == max || cg_file_path(cg->hier[i].dir, CG_V1, CG_TASKS, path,
					      sizeof(path), e) < 0)
			goto fail;
		fds[*n] = open(path, O_WRONLY | O_CLOEXEC);
		if (fds[*n] < 0) {
			nsp_err_sys(e, "open %s", path);
			goto fail;
		}
		(*n)++;
	}
	return 0;
fail:
	if (*n == max)
		nsp_err_set(e, E2BIG, "more than %zu v1 hierarchies to join", max);
	while (*n)
		close(fds[--(*n)]);
	return nsp_err_wrap(e, "cgroup `%s'", cg->name);
}

int core_cgroup_join_self(int *fds, size_t n, struct nsp_err *e)
{
	int rc = 0;

	for (size_t i = 0; i < n; i++) {
		if (rc == 0 && write(fds[i], "0", 1) != 1)
			rc = nsp_err_sys(e, "join v1 group %zu of %zu (\"0\" to its tasks)",
					 i + 1, n);
		close(fds[i]);
	}
	return rc;
}
