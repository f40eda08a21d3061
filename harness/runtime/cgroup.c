// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Container memory cgroups, the libcgroup side: naming, creation, values,
 * attaching, destruction.  Reading, emptying and stale-group removal work
 * on cgroupfs directly and are in cgroup_stale.c.
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
#include "runtime/cgroup_int.h"

/* nsfs inode of the initial pid namespace, fixed by the kernel (proc_ns.h) */
#define PROC_PID_INIT_INO 0xEFFFFFFCU
/* create attempts when a concurrent destroy removed the shared parent */
#define CREATE_TRIES 3

static void freep(void *p)
{
	free(*(void **)p);
}
#define autofree __attribute__((cleanup(freep)))

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
static int lcg_init(struct nsp_err *e)
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

/* snprintf that fails with ENAMETOOLONG instead of truncating */
static __attribute__((format(printf, 4, 5)))
int pathf(char *buf, size_t len, struct nsp_err *e, const char *fmt, ...)
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

int core_cgroup_owner_pid(pid_t *pid, struct nsp_err *e)
{
	const char *env = getenv(CORE_CG_OWNER_ENV);
	long v;

	if (!env) {
		*pid = getpid();
		return 0;
	}
	if (nsp_parse_long(env, 1, INT_MAX, &v) < 0)
		return nsp_err_set(e, EINVAL, "$%s=\"%.32s\" is not a pid",
				   CORE_CG_OWNER_ENV, env);
	*pid = (pid_t)v;
	return 0;
}

bool core_cgroup_host_pids(void)
{
	struct stat st;

	return stat("/proc/self/ns/pid", &st) == 0 && st.st_ino == PROC_PID_INIT_INO;
}

int core_cgroup_run_name(char *buf, size_t len, struct nsp_err *e)
{
	struct stat st;
	pid_t owner;

	if (core_cgroup_owner_pid(&owner, e) < 0)
		return -1;
	if (getenv(CORE_CG_OWNER_ENV) || core_cgroup_host_pids())
		return pathf(buf, len, e, CORE_CG_PREFIX "%d", (int)owner);
	if (stat("/proc/self/ns/pid", &st) < 0)
		return nsp_err_sys(e, "stat /proc/self/ns/pid");
	return pathf(buf, len, e, CORE_CG_PREFIX "%d-pidns%lu", (int)owner,
		     (unsigned long)st.st_ino);
}

static bool valid_name(const char *name)
{
	static const char ok[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
				 "0123456789_.-";
	size_t n = strlen(name);

	return n > 0 && n < CORE_CG_NAME_MAX && name[0] != '.' &&
	       strspn(name, ok) == n;
}

/* The root of the hierarchy that has "memory", and its version. */
static int memory_root(struct cg_layout *l, struct core_cgroup *cg,
		       char *root, size_t len, struct nsp_err *e)
{
	char v1[CORE_CG_PATH_MAX];

	if (cg_layout_detect(l, e) < 0)
		return -1;
	cg->version = cg_controller_version(l, "memory", v1, sizeof(v1));
	if (cg->version == CG_V1)
		return pathf(root, len, e, "%s", v1);
	if (cg->version == CG_V2)
		return pathf(root, len, e, "%s", l->v2_root);
	return nsp_err_set(e, ENODEV, "no memory controller in the %s cgroup layout",
			   cg_mode_name(l->mode));
}

/* libcgroup must write where we will look (it takes the first mount). */
static int lcg_check_root(const char *root, struct nsp_err *e)
{
	autofree char *mp = NULL;
	int rc = cgroup_get_subsys_mount_point("memory", &mp);

	if (rc)
		return core_cgroup_lcg_error(e, rc, "libcgroup: memory mount point");
	if (strcmp(mp, root) != 0)
		return nsp_err_set(e, EXDEV, "libcgroup finds memory at %s, the kernel at %s",
				   mp, root);
	return 0;
}

/*
 * cgroup2: memory must be on in the root's subtree_control for anything
 * below to have it.  libcgroup 2.0.2 only enables it below the root.  The
 * root is exempt from the no-internal-process rule, and on a systemd host
 * it is on already, so this writes only on bare systems (QEMU initramfs).
 */
static int enable_root_memory(const char *root, struct nsp_err *e)
{
	char text[256];

	if (cg_file_read_text(root, CG_V2, CG_SUBTREE_CONTROL, text, sizeof(text), e) < 0)
		return -1;
	for (char *save, *w = strtok_r(text, " ", &save); w; w = strtok_r(NULL, " ", &save))
		if (strcmp(w, "memory") == 0)
			return 0;
	return cg_file_write(root, CG_V2, CG_SUBTREE_CONTROL, "+memory", e);
}

/* Parent directory of an absolute group dir (the run's group). */
static void parent_of(const char *dir, char *buf, size_t len)
{
	const char *slash = strrchr(dir, '/');
	size_t n = slash ? (size_t)(slash - dir) : 0;

	if (n >= len)
		n = len - 1;
	memcpy(buf, dir, n);
	buf[n] = '\0';
}

static bool exists(const char *path)
{
	return access(path, F_OK) == 0;
}

static int lcg_create_once(struct core_cgroup *cg, long long limit)
{
	struct cgroup_controller *mem;
	int rc;

	cgroup_free(&cg->lcg);
	cg->lcg = cgroup_new_cgroup(cg->name);
	mem = cg->lcg ? cgroup_add_controller(cg->lcg, "memory") : NULL;
	if (!mem)
		return ECGFAIL;		/* out of memory: the only way these fail */
	if (limit > 0) {
		rc = cgroup_set_value_int64(mem, cg_file_name(CG_MEMORY_MAX, cg->version),
					    limit);
		if (rc)
			return rc;
	}
	/* 1: no chown/chmod walk; we are root and keep root's ownership */
	return cgroup_create_cgroup(cg->lcg, 1);
}

/*
 * The memory group through libcgroup.  Another container of this run may
 * remove the shared parent between libcgroup's mkdir of it and of ours
 * (core_cgroup_destroy rmdirs an empty parent): then try again.
 */
static int create_memory_group(struct core_cgroup *cg, long long limit,
			       struct nsp_err *e)
{
	char parent[CORE_CG_PATH_MAX];
	int rc = 0;

	parent_of(cg->dir, parent, sizeof(parent));
	for (int i = 0; i < CREATE_TRIES; i++) {
		rc = lcg_create_once(cg, limit);
		if (rc == 0 || exists(parent))
			break;
	}
	if (rc)
		return core_cgroup_lcg_error(e, rc, "libcgroup cgroup_create_cgroup%s",
					     limit > 0 ? " with a memory limit" : "");
	return 0;
}

/*
 * Close swap so that it cannot absorb the overage and turn an OOM kill into
 * a pass (v1 memsw = limit, v2 swap.max = 0: the model's closed value).
 * Without swap accounting the file is absent and the kernel has no knob
 * for it.
 */
static int close_swap(struct core_cgroup *cg, struct nsp_err *e)
{
	if (!core_cgroup_has(cg, CG_MEMORY_SWAP_MAX))
		return 0;
	return core_cgroup_set_limit(cg, CG_MEMORY_SWAP_MAX, cg_file(CG_MEMORY_SWAP_MAX)->closed, e);
}

/*
 * Hybrid: the controller-less cgroup2 twin, for cgroup.kill and
 * cgroup.events.  mkdir by hand: libcgroup 2.0.2 cannot address a v2
 * hierarchy without a controller.  v2_dir is set only once the mkdir
 * succeeded, so a rollback never removes a group that was not ours.
 */
static int create_companion(struct core_cgroup *cg, const char *v2_root,
			    struct nsp_err *e)
{
	char dir[CORE_CG_PATH_MAX], parent[CORE_CG_PATH_MAX];

	if (pathf(dir, sizeof(dir), e, "%s/%s", v2_root, cg->name) < 0)
		return -1;
	parent_of(dir, parent, sizeof(parent));
	if (mkdir(parent, 0755) < 0 && errno != EEXIST)
		return nsp_err_sys(e, "cgroup2 companion: mkdir %s", parent);
	if (mkdir(dir, 0755) < 0) {
		nsp_err_sys(e, "cgroup2 companion: mkdir %s", dir);
		/* the run's parent goes too unless another group is in it */
		rmdir(parent);
		return -1;
	}
	memcpy(cg->v2_dir, dir, sizeof(dir));
	return 0;
}

static int open_v2_fd(struct core_cgroup *cg, struct nsp_err *e)
{
	if (!cg->v2_dir[0])
		return 0;
	cg->v2_fd = open(cg->v2_dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (cg->v2_fd < 0)
		return nsp_err_sys(e, "open %s", cg->v2_dir);
	return 0;
}

/* Everything after the checks; any failure is rolled back by the caller. */
static int build(struct core_cgroup *cg, const struct cg_layout *l,
		 long long limit, struct nsp_err *e)
{
	if (create_memory_group(cg, limit, e) < 0 ||
	    (limit > 0 && close_swap(cg, e) < 0))
		return -1;
	if (cg->version == CG_V2)
		memcpy(cg->v2_dir, cg->dir, sizeof(cg->dir));
	else if (l->v2_root[0] && create_companion(cg, l->v2_root, e) < 0)
		return -1;
	return open_v2_fd(cg, e);
}

int core_cgroup_create(struct core_cgroup *cg, const char *name,
		       long long memory_limit_bytes, struct nsp_err *e)
{
	char run[CORE_CG_NAME_MAX], root[CORE_CG_PATH_MAX], dir[CORE_CG_PATH_MAX];
	char full[sizeof(cg->name)];
	struct nsp_err ignored;
	struct cg_layout l;

	memset(cg, 0, sizeof(*cg));
	cg->v2_fd = -1;
	if (!valid_name(name))
		return nsp_err_set(e, EINVAL, "create cgroup: invalid name `%.80s'", name);
	if (core_cgroup_run_name(run, sizeof(run), e) < 0 ||
	    pathf(full, sizeof(full), e, "%s/%s", run, name) < 0)
		return nsp_err_wrap(e, "create cgroup `%s'", name);
	memcpy(cg->name, full, sizeof(full));
	if (memory_root(&l, cg, root, sizeof(root), e) < 0 ||
	    pathf(dir, sizeof(dir), e, "%s/%s", root, full) < 0 ||
	    lcg_init(e) < 0 || lcg_check_root(root, e) < 0 ||
	    (cg->version == CG_V2 && enable_root_memory(root, e) < 0))
		return nsp_err_wrap(e, "create cgroup `%s'", full);
	/* libcgroup would silently take over an existing group */
	if (exists(dir))
		return nsp_err_set(e, EEXIST, "create cgroup `%s': %s exists", full, dir);
	memcpy(cg->dir, dir, sizeof(dir));
	if (build(cg, &l, memory_limit_bytes, e) < 0) {
		/* destroy copes with every half-built state */
		core_cgroup_destroy(cg, &ignored);
		return nsp_err_wrap(e, "create cgroup `%s'", full);
	}
	return 0;
}

int core_cgroup_attach(struct core_cgroup *cg, pid_t pid, struct nsp_err *e)
{
	char text[16];
	int rc;

	if (!cg->lcg)
		return nsp_err_set(e, ENOENT, "attach pid %d: no cgroup", (int)pid);
	rc = cgroup_attach_task_pid(cg->lcg, pid);
	if (rc)
		return core_cgroup_lcg_error(e, rc, "attach pid %d to cgroup `%s'",
					     (int)pid, cg->name);
	if (cg->version == CG_V2 || !cg->v2_dir[0])
		return 0;
	/* the companion: libcgroup cannot address it (see create_companion) */
	snprintf(text, sizeof(text), "%d", (int)pid);
	if (cg_file_write(cg->v2_dir, CG_V2, CG_PROCS, text, e) < 0)
		return nsp_err_wrap(e, "attach pid %d to the cgroup2 companion of `%s'",
				    (int)pid, cg->name);
	return 0;
}

int core_cgroup_clone_fd(const struct core_cgroup *cg)
{
	return cg->version == CG_V2 && cg->dir[0] ? cg->v2_fd : -1;
}

int core_cgroup_lcg_write(const struct core_cgroup *cg, const char *ctrl, const char *file,
			  const char *value, struct nsp_err *e)
{
	struct cgroup_controller *c;
	struct cgroup *one;
	int rc;

	if (lcg_init(e) < 0)
		return -1;
	one = cgroup_new_cgroup(cg->name);
	c = one ? cgroup_add_controller(one, ctrl) : NULL;
	rc = c ? cgroup_set_value_string(c, file, value) : ECGFAIL;
	if (rc == 0)
		rc = cgroup_modify_cgroup(one);
	if (rc)
		core_cgroup_lcg_error(e, rc, "set %s=%s in cgroup `%s'", file, value, cg->name);
	cgroup_free(&one);
	return rc ? -1 : 0;
}

int core_cgroup_kill_all(struct core_cgroup *cg, struct nsp_err *e)
{
	if (!cg->dir[0])
		return 0;
	/* cgroup2 side first: cgroup.kill also catches tasks forking now */
	if (cg->v2_dir[0] && core_cgroup_empty_dir(cg->v2_dir, e) < 0)
		return nsp_err_wrap(e, "kill cgroup `%s'", cg->name);
	if (cg->version == CG_V1 && core_cgroup_empty_dir(cg->dir, e) < 0)
		return nsp_err_wrap(e, "kill cgroup `%s'", cg->name);
	return 0;
}

/* rmdir; a group already gone is fine */
static int remove_group(const char *dir, struct nsp_err *e)
{
	if (rmdir(dir) < 0 && errno != ENOENT)
		return nsp_err_sys(e, "rmdir %s", dir);
	return 0;
}

/* The run's parent, unless another group of the run still lives in it. */
static int remove_parent(const char *dir, struct nsp_err *e)
{
	char parent[CORE_CG_PATH_MAX];

	parent_of(dir, parent, sizeof(parent));
	if (rmdir(parent) < 0 && errno != ENOENT && errno != EBUSY &&
	    errno != ENOTEMPTY)
		return nsp_err_sys(e, "rmdir %s", parent);
	return 0;
}

int core_cgroup_destroy(struct core_cgroup *cg, struct nsp_err *e)
{
	bool twin = cg->v2_dir[0] && strcmp(cg->v2_dir, cg->dir) != 0;

	if (cg->dir[0]) {
		/* rmdir, not libcgroup: see the top of this file */
		if (core_cgroup_kill_all(cg, e) < 0 ||
		    remove_group(cg->dir, e) < 0 ||
		    (twin && remove_group(cg->v2_dir, e) < 0) ||
		    remove_parent(cg->dir, e) < 0 ||
		    (twin && remove_parent(cg->v2_dir, e) < 0))
			return nsp_err_wrap(e, "destroy cgroup `%s'", cg->name);
	}
	if (cg->dir[0] && cg->v2_fd >= 0)
		close(cg->v2_fd);
	cgroup_free(&cg->lcg);
	memset(cg, 0, sizeof(*cg));
	cg->v2_fd = -1;
	return 0;
}

void core_cgroup_autodestroy(struct core_cgroup *cg)
{
	struct nsp_err ignored;

	core_cgroup_destroy(cg, &ignored);
}
