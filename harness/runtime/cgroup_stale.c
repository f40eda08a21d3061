// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The cgroupfs side of the core, where libcgroup is not used: empty a
 * group (kill its members and wait until they are gone), remove a tree of
 * groups, and find the trees of runs whose owner died.  libcgroup cannot
 * do these: it has no cgroup.kill, no way to wait for a group to empty,
 * no view of named or controller-less hierarchies, and its delete
 * migrates members instead of failing (see cgroup.c).  Files are named
 * through the model (runtime/cgfile.h).
 *
 * No sleeps: a v2 group is waited on with poll() on cgroup.events, a v1
 * member with poll() on its pidfd; both are bounded by
 * CORE_CG_KILL_TIMEOUT_MS.
 */
#include "runtime/cgroup.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "lib/file.h"
#include "lib/mountinfo.h"
#include "lib/nsinit.h"
#include "lib/runid.h"

/* same numbers on every architecture (the generic syscall table) */
#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal 424
#endif
#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif

#define MAX_DEPTH 32

static void closep(int *fd)
{
	if (*fd >= 0)
		close(*fd);
}
#define autoclose __attribute__((cleanup(closep)))

static void freep(void *p)
{
	free(*(void **)p);
}
#define autofree __attribute__((cleanup(freep)))

static void closedirp(DIR **d)
{
	if (*d)
		closedir(*d);
}
#define autoclosedir __attribute__((cleanup(closedirp)))

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static int join(char *buf, const char *dir, const char *name, struct nsp_err *e)
{
	int n = snprintf(buf, CORE_CG_PATH_MAX, "%s/%s", dir, name);

	if (n < 0 || n >= CORE_CG_PATH_MAX)
		return nsp_err_set(e, ENAMETOOLONG, "%s/%s: path too long", dir, name);
	return 0;
}

static DIR *open_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d;

	if (fd < 0)
		return NULL;
	d = fdopendir(fd);
	if (!d)
		close(fd);
	return d;
}

/*
 * Wait for "populated 0" in cgroup.events (fd, at path).  It signals
 * POLLPRI on change; a pread from 0 re-arms it, so each wakeup is one
 * fresh look.
 */
static int wait_unpopulated(int fd, const char *path, struct nsp_err *e)
{
	long long deadline = now_ms() + CORE_CG_KILL_TIMEOUT_MS, populated, left;
	struct pollfd p = { .fd = fd, .events = POLLPRI };
	char buf[256];
	ssize_t n;

	for (;;) {
		n = pread(fd, buf, sizeof(buf) - 1, 0);
		if (n < 0)
			return nsp_err_sys(e, "read %s", path);
		buf[n] = '\0';
		if (cg_file_parse(CG_POPULATED, CG_V2, buf, NULL, &populated, e) < 0)
			return nsp_err_wrap(e, "%s", path);
		if (!populated)
			return 0;
		left = deadline - now_ms();	/* never negative: that would be forever */
		if (left <= 0)
			return nsp_err_set(e, ETIMEDOUT, "%s: still populated after %d ms",
					   path, CORE_CG_KILL_TIMEOUT_MS);
		if (poll(&p, 1, (int)left) < 0 && errno != EINTR)
			return nsp_err_sys(e, "poll %s", path);
	}
}

/* v2 (5.14+): one write kills the whole subtree, forks in flight too. */
static int kill_v2(const char *dir, struct nsp_err *e)
{
	char path[CORE_CG_PATH_MAX], events[CORE_CG_PATH_MAX];
	autoclose int fd = -1;

	/* open cgroup.events before the kill so no change goes unseen */
	if (cg_file_path(dir, CG_V2, CG_POPULATED, events, sizeof(events), e) < 0)
		return -1;
	fd = open(events, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return nsp_err_sys(e, "open %s", events);
	if (cg_file_path(dir, CG_V2, CG_KILL, path, sizeof(path), e) < 0 ||
	    nsp_write_file(path, "1", e) < 0)
		return -1;
	return wait_unpopulated(fd, events, e);
}

/*
 * SIGKILL one member and wait for it to exit (a zombie no longer counts
 * as a member).  A pidfd makes both race-free against pid reuse; without
 * pidfd_open (before 5.3) it is kill() and *yield asks for a yield.
 */
static int kill_member(pid_t pid, bool *yield, struct nsp_err *e)
{
	struct pollfd p = { .events = POLLIN };
	autoclose int fd = (int)syscall(SYS_pidfd_open, pid, 0);
	int r;

	if (fd < 0 && errno == ESRCH)
		return 0;
	if (fd < 0 && errno != ENOSYS)
		return nsp_err_sys(e, "pidfd_open %d", (int)pid);
	if (fd < 0) {
		*yield = true;
		if (kill(pid, SIGKILL) < 0 && errno != ESRCH)
			return nsp_err_sys(e, "kill %d", (int)pid);
		return 0;
	}
	if (syscall(SYS_pidfd_send_signal, fd, SIGKILL, NULL, 0) < 0 && errno != ESRCH)
		return nsp_err_sys(e, "pidfd_send_signal %d SIGKILL", (int)pid);
	p.fd = fd;
	do
		r = poll(&p, 1, CORE_CG_KILL_TIMEOUT_MS);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return nsp_err_sys(e, "poll pidfd of %d", (int)pid);
	if (r == 0)
		return nsp_err_set(e, ETIMEDOUT, "pid %d alive %d ms after SIGKILL",
				   (int)pid, CORE_CG_KILL_TIMEOUT_MS);
	return 0;
}

/* One round over cgroup.procs text; *empty when it listed nobody. */
static int kill_listed(char *procs, bool *empty, struct nsp_err *e)
{
	bool yield = false;
	char *save;
	long pid;

	*empty = true;
	for (char *w = strtok_r(procs, "\n", &save); w; w = strtok_r(NULL, "\n", &save)) {
		*empty = false;
		if (nsp_parse_long(w, 1, INT_MAX, &pid) < 0)
			return nsp_err_set(e, EINVAL, "member line \"%.20s\"", w);
		if (pid == getpid())
			return nsp_err_set(e, EDEADLK, "we are a member ourselves");
		if (kill_member((pid_t)pid, &yield, e) < 0)
			return -1;
	}
	if (yield)
		sched_yield();
	return 0;
}

/* v1 (and v2 before cgroup.kill): this group only, not its children. */
static int kill_rounds(const char *dir, struct nsp_err *e)
{
	char path[CORE_CG_PATH_MAX];
	bool empty;

	/* cgroup.procs: the same file on both versions */
	if (cg_file_path(dir, CG_V1, CG_PROCS, path, sizeof(path), e) < 0)
		return -1;
	for (int round = 0; round < CORE_CG_KILL_ROUNDS; round++) {
		autofree char *procs = nsp_read_file(path, NULL, e);

		if (!procs)
			return e->errnum == ENOENT ? 0 : -1;
		if (kill_listed(procs, &empty, e) < 0)
			return nsp_err_wrap(e, "%s", path);
		if (empty)
			return 0;
	}
	return nsp_err_set(e, EBUSY, "%s still lists members after %d rounds",
			   path, CORE_CG_KILL_ROUNDS);
}

int core_cgroup_empty_dir(const char *dir, struct nsp_err *e)
{
	if (access(dir, F_OK) < 0)
		return errno == ENOENT ? 0 : nsp_err_sys(e, "empty cgroup %s", dir);
	if (cg_file_exists(dir, CG_V2, CG_KILL))
		return kill_v2(dir, e) < 0 ? nsp_err_wrap(e, "empty cgroup %s", dir) : 0;
	return kill_rounds(dir, e) < 0 ? nsp_err_wrap(e, "empty cgroup %s", dir) : 0;
}

static int remove_tree_at(const char *dir, int depth, struct nsp_err *e)
{
	autoclosedir DIR *d = NULL;
	char sub[CORE_CG_PATH_MAX];
	struct dirent *de;

	if (depth > MAX_DEPTH)
		return nsp_err_set(e, ELOOP, "remove %s: deeper than %d levels", dir, MAX_DEPTH);
	if (core_cgroup_empty_dir(dir, e) < 0)
		return -1;
	d = open_dir(dir);
	if (!d)
		return errno == ENOENT ? 0 : nsp_err_sys(e, "opendir %s", dir);
	while ((errno = 0, de = readdir(d))) {
		if (de->d_type != DT_DIR || strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (join(sub, dir, de->d_name, e) < 0 || remove_tree_at(sub, depth + 1, e) < 0)
			return -1;
	}
	if (errno)
		return nsp_err_sys(e, "readdir %s", dir);
	if (rmdir(dir) < 0 && errno != ENOENT)
		return nsp_err_sys(e, "rmdir %s", dir);
	return 0;
}

int core_cgroup_remove_tree(const char *dir, struct nsp_err *e)
{
	return remove_tree_at(dir, 0, e);
}

/* Called for each cgroup hierarchy mount point; see for_each_hierarchy. */
typedef int hier_fn(const char *mount, void *arg, struct nsp_err *e);

static bool is_hierarchy(const struct mount_entry *m)
{
	size_t n = strlen(CG_ROOT);

	if (strcmp(m->fstype, "cgroup") != 0 && strcmp(m->fstype, "cgroup2") != 0)
		return false;
	/* /sys/fs/cgroup itself (v2) or one level below it (v1, unified) */
	return strncmp(m->mount_point, CG_ROOT, n) == 0 &&
	       (m->mount_point[n] == '\0' ||
		(m->mount_point[n] == '/' && !strchr(m->mount_point + n + 1, '/')));
}

static bool seen_before(const struct mount_table *t, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (is_hierarchy(&t->v[j]) &&
		    strcmp(t->v[j].mount_point, t->v[i].mount_point) == 0)
			return true;
	return false;
}

/* Runs fn on every hierarchy, on past failures; returns the first error. */
static int for_each_hierarchy(hier_fn *fn, void *arg, struct nsp_err *e)
{
	struct mount_table t;
	struct nsp_err one;
	int rc = 0;

	if (mount_table_read(0, &t, e) < 0)
		return nsp_err_wrap(e, "list cgroup hierarchies");
	for (size_t i = 0; i < t.n; i++) {
		if (!is_hierarchy(&t.v[i]) || seen_before(&t, i))
			continue;
		if (fn(t.v[i].mount_point, arg, &one) < 0 && rc == 0) {
			*e = one;
			rc = -1;
		}
	}
	mount_table_free(&t);
	return rc;
}

/* "nsprobe-N" of earlier versions: N a pid of the initial pid namespace */
static bool legacy_name(const char *num, pid_t *pid)
{
	long v;

	if (num[0] < '1' || num[0] > '9' || strspn(num, "0123456789") != strlen(num) ||
	    nsp_parse_long(num, 1, INT_MAX, &v) < 0)
		return false;
	*pid = (pid_t)v;
	return true;
}

/*
 * Is the tree `name` provably of a run that is gone?  "nsprobe-<run>"
 * (lib/runid.h): its owner was judged gone.  The earlier "nsprobe-<N>":
 * only from the initial pid namespace, where kill(N, 0) speaks of host
 * pids.  A live owner, one we cannot judge (counted), any other name:
 * never.
 */
static bool stale_tree(const char *name, const struct run_id *self, unsigned *unjudged)
{
	const char *rest = name + strlen(CORE_CG_PREFIX);
	struct nsp_err ignored;
	enum run_liveness l;
	struct run_id owner;
	pid_t pid;

	if (strncmp(name, CORE_CG_PREFIX, strlen(CORE_CG_PREFIX)) != 0)
		return false;
	if (run_id_parse(rest, &owner) == 0) {
		if (run_id_eq(&owner, self))
			return false;
		l = run_id_alive(&owner, &ignored);
		*unjudged += l == RUN_UNKNOWN;
		return l == RUN_GONE;
	}
	return legacy_name(rest, &pid) && ns_self_is_initial("pid") &&
	       kill(pid, 0) < 0 && errno == ESRCH;
}

struct stale_ctx {
	struct run_id self;
	struct core_stale count;
	int failed;
	struct nsp_err first;
};

static int clean_hierarchy(const char *mount, void *arg, struct nsp_err *e)
{
	struct stale_ctx *c = arg;
	autoclosedir DIR *d = open_dir(mount);
	char path[CORE_CG_PATH_MAX];
	struct dirent *de;

	if (!d)
		return nsp_err_sys(e, "opendir %s", mount);
	while ((de = readdir(d))) {
		if (de->d_type != DT_DIR || !stale_tree(de->d_name, &c->self, &c->count.unjudged))
			continue;
		if (join(path, mount, de->d_name, e) == 0 &&
		    core_cgroup_remove_tree(path, e) == 0) {
			c->count.removed++;
		} else if (!c->failed++) {
			c->first = *e;
		}
	}
	return 0;
}

int core_cgroup_clean_stale(struct core_stale *out, struct nsp_err *e)
{
	struct stale_ctx c = { 0 };
	int rc;

	if (out)
		*out = (struct core_stale){ 0 };
	if (run_id_current(&c.self, e) < 0)
		return nsp_err_wrap(e, "clean stale cgroups");
	rc = for_each_hierarchy(clean_hierarchy, &c, e);
	if (out)
		*out = c.count;
	if (rc == 0 && c.failed) {
		*e = c.first;
		rc = -1;
	}
	return rc < 0 ? nsp_err_wrap(e, "clean stale cgroups") : 0;
}

static int remove_run_in(const char *mount, void *arg, struct nsp_err *e)
{
	char path[CORE_CG_PATH_MAX];

	if (join(path, mount, arg, e) < 0)
		return -1;
	return core_cgroup_remove_tree(path, e);
}

int core_cgroup_remove_run(struct nsp_err *e)
{
	char run[CORE_CG_NAME_MAX];

	if (core_cgroup_run_name(run, sizeof(run), e) < 0 ||
	    for_each_hierarchy(remove_run_in, run, e) < 0)
		return nsp_err_wrap(e, "remove this run's cgroups");
	return 0;
}
