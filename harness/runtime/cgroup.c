// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Container cgroups, the libcgroup side: naming, values, attaching,
 * destruction; creation is cgroup_create.c.  Reading (cgroup_value.c),
 * emptying and stale-group removal (cgroup_stale.c) work on cgroupfs
 * directly.
 *
 * What libcgroup 2.0.2 (Debian 12) did on the hybrid 6.18 machine, which
 * decides what goes through it and what does not:
 *   - cgroup_init() works and maps memory to /sys/fs/cgroup/memory (v1)
 *     and hugetlb to /sys/fs/cgroup/unified (v2); named hierarchies
 *     (name=systemd) are invisible to it.
 *   - cgroup_create_cgroup() mkdirs "a/b" like mkdir -p, writes the values
 *     in the order they were added, returns 0 when the group already
 *     existed, and leaves what it made behind when a value fails.  On a
 *     v2 controller it writes "+ctrl" to the subtree_control of every
 *     ancestor below the mount root, never of the root itself.
 *   - It cannot create or attach to a v2 group without a controller:
 *     the "cgroup" pseudo-controller fails with ECGROUPNOTEXIST.
 *   - cgroup_attach_task_pid() writes the v1 `tasks` file (one thread).
 *   - cgroup_delete_cgroup_ext() moves members into the parent group
 *     before rmdir (flags 0, IGNORE_MIGRATION, RECURSIVE), which would let
 *     a container escape its limit; with EMPTY_ONLY it returns 0 although
 *     rmdir failed with EBUSY, and on a removed group it fails ENOENT.
 *   - Its default logger prints errors on stdout, where probes write TAP.
 */
#include "runtime/cgroup.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <fcntl.h>

#include <libcgroup.h>

#include "lib/file.h"
#include "lib/runid.h"
#include "runtime/cgroup_int.h"

/* create attempts when a concurrent destroy removed the shared parent */
#define CREATE_TRIES 3


static const struct {
	int code;
	int errnum;
} lcg_errnos[] = {
	{ ECGROUPNOTCOMPILED, ENOSYS },	{ ECGROUPNOTMOUNTED, ENODEV },
	{ ECGROUPNOTEXIST, ENOENT },	{ ECGROUPNOTCREATED, ENOENT },
	{ ECGROUPSUBSYSNOTMOUNTED, ENODEV }, { ECGROUPNOTOWNER, EPERM },
	{ ECGROUPMULTIMOUNTED, EXDEV },	{ ECGROUPNOTALLOWED, EACCES },
	{ ECGMAXVALUESEXCEEDED, E2BIG }, { ECGCONTROLLEREXISTS, EEXIST },
	{ ECGVALUEEXISTS, EEXIST },	{ ECGINVAL, EINVAL },
	{ ECGROUPNOTINITIALIZED, EINVAL }, { ECGROUPVALUENOTEXIST, ENOENT },
	{ ECGROUPUNSUPP, EOPNOTSUPP },	{ ECGNONEMPTY, EBUSY },
};

static int lcg_errno(int rc)
{
	int last = cgroup_get_last_errno();

	/* ECGOTHER and a failed value write carry the errno of the syscall */
	if ((rc == ECGOTHER || rc == ECGCANTSETVALUE) && last)
		return last;
	for (size_t i = 0; i < sizeof(lcg_errnos) / sizeof(lcg_errnos[0]); i++)
		if (lcg_errnos[i].code == rc)
			return lcg_errnos[i].errnum;
	return EIO;
}

int core_cgroup_lcg_error(struct nsp_err *e, int rc, const char *fmt, ...)
{
	char ctx[NSP_ERR_MSG_MAX];
	int errnum = lcg_errno(rc);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ctx, sizeof(ctx), fmt, ap);
	va_end(ap);
	/* ECGOTHER's text is strerror(errno), which nsp_err_str adds anyway */
	if (rc == ECGOTHER)
		return nsp_err_set(e, errnum, "%s", ctx);
	return nsp_err_set(e, errnum, "%s: libcgroup: %s", ctx, cgroup_strerror(rc));
}

static void lcg_silent(void *userdata, int level, const char *fmt, va_list ap)
{
	(void)userdata, (void)level, (void)fmt, (void)ap;
}

/* Once per process: libcgroup keeps its mount table in globals. */
int core_cgroup_lcg_init(struct nsp_err *e)
{
	static bool done;
	int rc;

	if (done)
		return 0;
	/* before cgroup_init(), or it installs its stdout logger */
	cgroup_set_logger(lcg_silent, CGROUP_LOG_ERROR, NULL);
	rc = cgroup_init();
	if (rc)
		return core_cgroup_lcg_error(e, rc, "libcgroup cgroup_init");
	done = true;
	return 0;
}

int core_cgroup_pathf(char *buf, size_t len, struct nsp_err *e, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= len)
		return nsp_err_set(e, ENAMETOOLONG, "path longer than %zu", len - 1);
	return 0;
}

int core_cgroup_run_name(char *buf, size_t len, struct nsp_err *e)
{
	char id[RUN_ID_MAX];
	struct run_id run;

	if (run_id_current(&run, e) < 0 || run_id_format(&run, id, sizeof(id), e) < 0)
		return nsp_err_wrap(e, "the run's cgroup name");
	return core_cgroup_pathf(buf, len, e, CORE_CG_PREFIX "%s", id);
}

void core_cgroup_parent_of(const char *dir, char *buf, size_t len)
{
	const char *slash = strrchr(dir, '/');
	size_t n = slash ? (size_t)(slash - dir) : 0;

	if (n >= len)
		n = len - 1;
	memcpy(buf, dir, n);
	buf[n] = '\0';
}

int core_cgroup_attach_v2(struct core_cgroup *cg, pid_t pid, struct nsp_err *e)
{
	char text[16];

	if (cg->v2_own || !cg->v2_dir[0])
		return 0;	/* libcgroup's, or none */
	/* the companion: libcgroup cannot address it (see cgroup_create.c) */
	snprintf(text, sizeof(text), "%d", (int)pid);
	if (cg_file_write(cg->v2_dir, CG_V2, CG_PROCS, text, e) < 0)
		return nsp_err_wrap(e, "attach pid %d to the cgroup2 companion of `%s'",
				    (int)pid, cg->name);
	return 0;
}

int core_cgroup_attach(struct core_cgroup *cg, pid_t pid, struct nsp_err *e)
{
	int rc;

	if (!cg->lcg)
		return nsp_err_set(e, ENOENT, "attach pid %d: no cgroup", (int)pid);
	rc = cgroup_attach_task_pid(cg->lcg, pid);
	if (rc)
		return core_cgroup_lcg_error(e, rc, "attach pid %d to cgroup `%s'",
					     (int)pid, cg->name);
	return core_cgroup_attach_v2(cg, pid, e);
}

int core_cgroup_clone_fd(const struct core_cgroup *cg)
{
	return cg->dir[0] && cg->nhier == 0 ? cg->v2_fd : -1;
}

int core_cgroup_lcg_write_name(const char *name, const char *ctrl, const char *file,
			       const char *value, struct nsp_err *e)
{
	struct cgroup_controller *c;
	struct cgroup *one;
	int rc;

	if (core_cgroup_lcg_init(e) < 0)
		return -1;
	one = cgroup_new_cgroup(name);
	c = one ? cgroup_add_controller(one, ctrl) : NULL;
	rc = c ? cgroup_set_value_string(c, file, value) : ECGFAIL;
	if (rc == 0)
		rc = cgroup_modify_cgroup(one);
	if (rc)
		core_cgroup_lcg_error(e, rc, "set %s=%s in cgroup `%s'", file, value, name);
	cgroup_free(&one);
	return rc ? -1 : 0;
}

int core_cgroup_lcg_write(const struct core_cgroup *cg, const char *ctrl, const char *file,
			  const char *value, struct nsp_err *e)
{
	return core_cgroup_lcg_write_name(cg->name, ctrl, file, value, e);
}

int core_cgroup_kill_all(struct core_cgroup *cg, struct nsp_err *e)
{
	if (!cg->dir[0])
		return 0;
	/* cgroup2 side first: cgroup.kill also catches tasks forking now */
	if (cg->v2_dir[0] && core_cgroup_empty_dir(cg->v2_dir, e) < 0)
		return nsp_err_wrap(e, "kill cgroup `%s'", cg->name);
	for (int i = 0; i < cg->nhier; i++)
		if (!cg->hier[i].alias && core_cgroup_empty_dir(cg->hier[i].dir, e) < 0)
			return nsp_err_wrap(e, "kill cgroup `%s'", cg->name);
	return 0;
}

/* rmdir; a group already gone is fine */
static int remove_group(const char *dir, struct nsp_err *e)
{
	if (dir[0] && rmdir(dir) < 0 && errno != ENOENT)
		return nsp_err_sys(e, "rmdir %s", dir);
	return 0;
}

/*
 * Is the run's parent group another process's to remove?  A runner that
 * exported its identity in $NSHARNESS_RUN_ID removes its whole tree when it
 * ends (core_cgroup_remove_run).  Its probes must leave the parent alone:
 * one probe's rmdir of a momentarily empty parent races with another's
 * libcgroup create under it, which then finds the parent gone or made
 * again without its controllers enabled (ENOENT on a limit file).
 */
static bool parent_is_runners(void)
{
	struct run_id run, self;
	struct nsp_err ignored;

	return getenv(RUN_ID_ENV) && run_id_current(&run, &ignored) == 0 &&
	       (run_id_self(&self, &ignored) < 0 || !run_id_eq(&run, &self));
}

/* The run's parent, unless another group of the run still lives in it. */
static int remove_parent(const struct core_cgroup *cg, const char *dir, struct nsp_err *e)
{
	char parent[CORE_CG_PATH_MAX];

	if (!dir[0] || cg->nested)	/* a nested group's parent is its owner's */
		return 0;
	if (parent_is_runners())
		return 0;
	core_cgroup_parent_of(dir, parent, sizeof(parent));
	if (rmdir(parent) < 0 && errno != ENOENT && errno != EBUSY &&
	    errno != ENOTEMPTY)
		return nsp_err_sys(e, "rmdir %s", parent);
	return 0;
}

/* Every directory of the group: each v1 hierarchy's, then cgroup2's. */
static int remove_all(struct core_cgroup *cg, struct nsp_err *e)
{
	for (int i = 0; i < cg->nhier; i++)
		if (!cg->hier[i].alias && remove_group(cg->hier[i].dir, e) < 0)
			return -1;
	if (remove_group(cg->v2_dir, e) < 0)
		return -1;
	for (int i = 0; i < cg->nhier; i++)
		if (!cg->hier[i].alias && remove_parent(cg, cg->hier[i].dir, e) < 0)
			return -1;
	return remove_parent(cg, cg->v2_dir, e);
}

int core_cgroup_destroy(struct core_cgroup *cg, struct nsp_err *e)
{
	if (cg->dir[0]) {
		/* rmdir, not libcgroup: see the top of this file */
		if (core_cgroup_kill_all(cg, e) < 0 || remove_all(cg, e) < 0)
			return nsp_err_wrap(e, "destroy cgroup `%s'", cg->name);
	}
	if (cg->dir[0] && cg->v2_fd >= 0)
		close(cg->v2_fd);
	cgroup_free(&cg->lcg);
	memset(cg, 0, sizeof(*cg));
	cg->v2_fd = -1;
	return 0;
}

int core_cgroup_destroy_emptied(struct core_cgroup *cg, struct nsp_err *e)
{
	struct nsp_err first;

	/* the kill and the wait on cgroup.events cost a round trip each */
	if (cg->dir[0] && remove_all(cg, &first) == 0) {
		if (cg->v2_fd >= 0)
			close(cg->v2_fd);
		cgroup_free(&cg->lcg);
		memset(cg, 0, sizeof(*cg));
		cg->v2_fd = -1;
		return 0;
	}
	return core_cgroup_destroy(cg, e);	/* EBUSY: a member after all */
}

void core_cgroup_autodestroy(struct core_cgroup *cg)
{
	struct nsp_err ignored;

	core_cgroup_destroy(cg, &ignored);
}
