// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Self-tests of the runtime core's cgroup code (harness/core/cgroup.h) on
 * the real cgroupfs of this machine: they need root and skip (CU_PASS
 * with the reason) without it.  Parsers and naming are tested everywhere.
 *
 * Nothing may stay behind in /sys/fs/cgroup, whatever fails: no assertion
 * is fatal (a fatal one would longjmp past the cleanup), each test ends in
 * one cleanup path that copes with every half-built state, and that path
 * ends with core_cgroup_remove_run() as a net under everything made in
 * this run.  Children block on a socketpair or in pause(); no test sleeps.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libcgroup.h>

#include "runtime/cgroup.h"
#include "lib/file.h"
#include "lib/proccgroup.h"
#include "lib/runid.h"
#include "tests/unit/selftest.h"

/* A failed check is recorded, then the test goes to its cleanup. */
#define CHECK(cond)							\
	do {								\
		bool ok_ = (cond);					\
		CU_assertImplementation(ok_, __LINE__, #cond, __FILE__, "", CU_FALSE); \
		if (!ok_)						\
			goto out;					\
	} while (0)

/* A core call that must succeed; on failure its error becomes the message. */
#define CHECK_OK(call)							\
	do {								\
		char m_[NSP_ERR_MSG_MAX + 160], s_[NSP_ERR_MSG_MAX + 64]; \
		bool ok_ = (call) == 0;					\
		snprintf(m_, sizeof(m_), "%s: %s", #call,		\
			 ok_ ? "ok" : nsp_err_str(&e, s_, sizeof(s_)));	\
		CU_assertImplementation(ok_, __LINE__, m_, __FILE__, "", CU_FALSE); \
		if (!ok_)						\
			goto out;					\
	} while (0)

#define MIB (1024LL * 1024)

/*
 * A child blocked on a socketpair until it is killed or we hang up.  A
 * forker first waits for one byte, forks a grandchild that pauses, sends
 * its pid back, then blocks the same way.
 */
struct waiter {
	pid_t pid;
	int fd;
};

#define WAITER_INIT { -1, -1 }

/* $NSHARNESS_RUN_ID as we found it, while a test runs without it */
static char *owner_env;

static bool is_root(void)
{
	const char *env = getenv(RUN_ID_ENV);

	if (geteuid() != 0) {
		CU_PASS("skipped: needs root to create cgroups");
		return false;
	}
	/* groups named after us, never after a runner we might run under:
	 * cleanup() removes the whole run tree */
	if (env && !owner_env)
		owner_env = strdup(env);
	unsetenv(RUN_ID_ENV);
	return true;
}

static _Noreturn void waiter_child(int fd, bool forker)
{
	pid_t g;
	char c;

	if (forker && read(fd, &c, 1) == 1) {
		g = fork();
		if (g == 0)
			for (;;)
				pause();
		if (write(fd, &g, sizeof(g)) != sizeof(g))
			_exit(1);
	}
	_exit(read(fd, &c, 1) < 0);
}

static int waiter_start(struct waiter *w, bool forker)
{
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		return -1;
	fflush(NULL);
	w->pid = fork();
	if (w->pid == 0) {
		close(sv[0]);
		waiter_child(sv[1], forker);
	}
	close(sv[1]);
	if (w->pid < 0) {
		close(sv[0]);
		return -1;
	}
	w->fd = sv[0];
	return 0;
}

/* Forker: fork the grandchild now (after the attach); its pid, or -1. */
static pid_t waiter_fork(struct waiter *w)
{
	pid_t g;

	if (write(w->fd, "g", 1) != 1 || read(w->fd, &g, sizeof(g)) != sizeof(g))
		return -1;
	return g;
}

/* Reaps the child: its raw wait status, or -1. */
static int waiter_reap(struct waiter *w)
{
	int status = -1;

	if (w->pid > 0 && waitpid(w->pid, &status, 0) != w->pid)
		status = -1;
	w->pid = -1;
	if (w->fd >= 0)
		close(w->fd);
	w->fd = -1;
	return status;
}

static bool killed(int status)
{
	return status != -1 && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
}

static void waiter_stop(struct waiter *w)
{
	if (w->pid > 0)
		kill(w->pid, SIGKILL);
	waiter_reap(w);
}

/* The one cleanup path of a root test (once per test): no child, no
 * group, nothing of this run left, the environment as it was. */
static void cleanup(struct core_cgroup *cg, struct waiter *w)
{
	struct nsp_err e;

	if (w)
		waiter_stop(w);
	if (cg)
		core_cgroup_destroy(cg, &e);
	core_cgroup_remove_run(&e);
	if (owner_env)
		setenv(RUN_ID_ENV, owner_env, 1);
	free(owner_env);
	owner_env = NULL;
}

static bool exists(const char *path)
{
	return access(path, F_OK) == 0;
}

/* Does cgroup.procs-style text list pid? */
static bool lists(const char *text, pid_t pid)
{
	char want[16];
	size_t n;

	n = (size_t)snprintf(want, sizeof(want), "%d", (int)pid);
	for (const char *l = text; *l; l = strchrnul(l, '\n'), l += *l == '\n')
		if (strncmp(l, want, n) == 0 && (l[n] == '\n' || l[n] == '\0'))
			return true;
	return false;
}

/* /proc/<pid>/cgroup puts pid at /<cg name> in the given hierarchy. */
static bool proc_cgroup_is(pid_t pid, const char *controller, const char *name)
{
	const struct cgroup_entry *c;
	struct cgroup_list l;
	struct nsp_err e;
	bool ok;

	if (cgroup_list_read(pid, &l, &e) < 0)
		return false;
	c = cgroup_list_find(&l, controller);
	ok = c && c->path[0] == '/' && strcmp(c->path + 1, name) == 0;
	cgroup_list_free(&l);
	return ok;
}

static void test_parse_key(void)
{
	static const char events[] = "low 0\nhigh 0\nmax 3\noom 2\noom_kill 1\n"
				     "oom_group_kill 0\n";
	static const char oomctl[] = "oom_kill_disable 0\nunder_oom 0\noom_kill 7";
	struct nsp_err e;
	long long v = -1;

	CU_ASSERT(cg_parse_key(events, "oom", &v, &e) == 0 && v == 2);
	CU_ASSERT(cg_parse_key(events, "oom_kill", &v, &e) == 0 && v == 1);
	CU_ASSERT(cg_parse_key(events, "oom_group_kill", &v, &e) == 0 && v == 0);
	CU_ASSERT(cg_parse_key(events, "max", &v, &e) == 0 && v == 3);
	CU_ASSERT(cg_parse_key(oomctl, "oom_kill", &v, &e) == 0 && v == 7);
	CU_ASSERT(cg_parse_key(oomctl, "under_oom", &v, &e) == 0 && v == 0);
	CU_ASSERT(cg_parse_key("a -1\nb 9223372036854775807\n", "b", &v, &e) == 0 &&
		  v == 9223372036854775807LL);
	CU_ASSERT(cg_parse_key("a -1\n", "a", &v, &e) == 0 && v == -1);
	CU_ASSERT(cg_parse_key(oomctl, "oom_kil", &v, &e) == -1 && e.errnum == ENODATA);
	CU_ASSERT(strstr(e.msg, "oom_kil") != NULL);
	CU_ASSERT(cg_parse_key("", "oom", &v, &e) == -1 && e.errnum == ENODATA);
	static const char *const bad[] = { "oom_kill x\n", "oom_kill \n", "oom_kill 1 2\n",
					   "oom_kill 9223372036854775808\n", "oom_kill +1\n",
					   "oom_kill 0x1\n", NULL };
	for (const char *const *b = bad; *b; b++)
		CU_ASSERT(cg_parse_key(*b, "oom_kill", &v, &e) == -1 &&
			  e.errnum == EINVAL);
	CU_ASSERT(cg_parse_key(events, "", &v, &e) == -1 && e.errnum == EINVAL);
}

/* A zeroed struct is "nothing created": no fd 0 closed, nothing removed. */
static void test_zeroed(void)
{
	bool had_fd0 = fcntl(0, F_GETFD) >= 0;
	struct core_cgroup cg;
	struct nsp_err e;
	char buf[8];

	memset(&cg, 0, sizeof(cg));
	CU_ASSERT(core_cgroup_kill_all(&cg, &e) == 0);
	CU_ASSERT(core_cgroup_destroy(&cg, &e) == 0);
	CU_ASSERT(core_cgroup_destroy(&cg, &e) == 0);
	CU_ASSERT((fcntl(0, F_GETFD) >= 0) == had_fd0);
	CU_ASSERT(cg.v2_fd == -1);
	CU_ASSERT(core_cgroup_clone_fd(&cg) == -1);
	CU_ASSERT(core_cgroup_get_text(&cg, CG_PROCS, buf, sizeof(buf), &e) == -1 &&
		  e.errnum == ENOENT);
	CU_ASSERT(core_cgroup_attach(&cg, getpid(), &e) == -1 && e.errnum == ENOENT);
}

/* Limit in place, member listed, killed by SIGKILL, everything removed. */
static void test_lifecycle(void)
{
	struct core_cgroup cg = CORE_CGROUP_INIT;
	struct waiter w = WAITER_INIT;
	char name[32], dir[CORE_CG_PATH_MAX], v2[CORE_CG_PATH_MAX], buf[4096];
	char parent[CORE_CG_PATH_MAX];
	struct nsp_err e = { 0 };
	long long v = 0;

	if (!is_root())
		return;
	snprintf(name, sizeof(name), "life-%d", (int)getpid());
	CHECK_OK(core_cgroup_create(&cg, name, 32 * MIB, &e));
	CHECK(strstr(cg.dir, cg.name) != NULL && (cg.v2_fd >= 0) == (cg.v2_dir[0] != 0));
	memcpy(dir, cg.dir, sizeof(dir));
	memcpy(v2, cg.v2_dir, sizeof(v2));
	snprintf(parent, sizeof(parent), "%.*s", (int)(strrchr(dir, '/') - dir), dir);
	CHECK_OK(core_cgroup_get(&cg, CG_MEMORY_MAX, &v, &e));
	CHECK(v == 33554432);
	if (core_cgroup_has(&cg, CG_MEMORY_SWAP_MAX)) {	/* swap closed */
		CHECK_OK(core_cgroup_get(&cg, CG_MEMORY_SWAP_MAX, &v, &e));
		CHECK(v == 0);
		/* as the kernel has it: v1 memsw == the limit, v2 swap.max 0 */
		CHECK_OK(cg_file_read_text(cg.dir, cg.version, CG_MEMORY_SWAP_MAX, buf,
					   sizeof(buf), &e));
		CHECK(strcmp(buf, cg.version == CG_V1 ? "33554432" : "0") == 0);
	}
	CHECK(waiter_start(&w, false) == 0);
	CHECK_OK(core_cgroup_attach(&cg, w.pid, &e));
	CHECK_OK(core_cgroup_get_text(&cg, CG_PROCS, buf, sizeof(buf), &e));
	CHECK(lists(buf, w.pid));
	CHECK(proc_cgroup_is(w.pid, cg.version == CG_V1 ? "memory" : NULL, cg.name));
	if (cg.version == CG_V1 && v2[0])	/* hybrid: the companion too */
		CHECK(proc_cgroup_is(w.pid, NULL, cg.name));
	CHECK_OK(core_cgroup_kill_all(&cg, &e));
	CHECK(killed(waiter_reap(&w)));
	CHECK_OK(core_cgroup_get_text(&cg, CG_PROCS, buf, sizeof(buf), &e));
	CHECK(buf[0] == '\0');
	CHECK_OK(core_cgroup_destroy(&cg, &e));
	CHECK(!exists(dir) && (!v2[0] || !exists(v2)));
	CHECK(!exists(parent));		/* the run's parent held only this group */
	CHECK(cg.dir[0] == '\0' && cg.lcg == NULL && cg.v2_fd == -1);
out:
	cleanup(&cg, &w);
}

/* Members, one of them a grandchild we cannot reap: all must go. */
static void test_empty_dir(void)
{
	struct core_cgroup cg = CORE_CGROUP_INIT;
	struct waiter w[3] = { WAITER_INIT, WAITER_INIT, WAITER_INIT };
	struct nsp_err e = { 0 };
	char name[32], buf[4096];
	pid_t g = -1;

	if (!is_root())
		return;
	/* the grandchild is orphaned when its parent dies: reap it ourselves
	 * rather than leave a zombie for pid 1 */
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	snprintf(name, sizeof(name), "empty-%d", (int)getpid());
	CHECK_OK(core_cgroup_create(&cg, name, 0, &e));
	for (int i = 0; i < 3; i++) {
		CHECK(waiter_start(&w[i], i == 0) == 0);
		CHECK_OK(core_cgroup_attach(&cg, w[i].pid, &e));
	}
	CHECK((g = waiter_fork(&w[0])) > 0);	/* born inside the group */
	CHECK_OK(core_cgroup_get_text(&cg, CG_PROCS, buf, sizeof(buf), &e));
	CHECK(lists(buf, g) && lists(buf, w[0].pid) && lists(buf, w[2].pid));
	/* the memory group itself: rounds over cgroup.procs on v1 */
	CHECK_OK(core_cgroup_empty_dir(cg.dir, &e));
	for (int i = 0; i < 3; i++)
		CHECK(killed(waiter_reap(&w[i])));
	CHECK(waitpid(g, NULL, 0) == g);	/* dead, and now ours to reap */
	g = -1;
	CHECK_OK(core_cgroup_get_text(&cg, CG_PROCS, buf, sizeof(buf), &e));
	CHECK(buf[0] == '\0');
	CHECK_OK(core_cgroup_empty_dir(cg.dir, &e));	/* empty: a no-op */
	CHECK_OK(core_cgroup_destroy(&cg, &e));
out:
	for (int i = 0; i < 3; i++)
		waiter_stop(&w[i]);
	cleanup(&cg, NULL);	/* kills the grandchild if it is still in */
	if (g > 0)
		waitpid(g, NULL, 0);
	prctl(PR_SET_CHILD_SUBREAPER, 0);
}

/* clone3(CLONE_INTO_CGROUP) with the group's cgroup2 fd, then cgroup.kill. */
static void test_clone_into(void)
{
	struct core_cgroup cg = CORE_CGROUP_INIT;
	struct clone_args args = { .flags = CLONE_INTO_CGROUP, .exit_signal = SIGCHLD };
	struct waiter w = WAITER_INIT;
	struct nsp_err e = { 0 };
	char name[32];

	if (!is_root())
		return;
	snprintf(name, sizeof(name), "clone-%d", (int)getpid());
	CHECK_OK(core_cgroup_create(&cg, name, 0, &e));
	if (cg.v2_fd < 0) {
		CU_PASS("skipped: no cgroup2 hierarchy here");
		goto out;
	}
	/* hybrid: no fd for CLONE_INTO_CGROUP, it would miss the v1 group */
	CHECK(core_cgroup_clone_fd(&cg) == (cg.version == CG_V2 ? cg.v2_fd : -1));
	args.cgroup = (uint64_t)cg.v2_fd;
	fflush(NULL);
	w.pid = (pid_t)syscall(SYS_clone3, &args, sizeof(args));
	if (w.pid == 0)
		for (;;)
			pause();	/* child: until SIGKILL */
	if (w.pid < 0 && errno == ENOSYS) {
		CU_PASS("skipped: no clone3 (or valgrind)");
		goto out;
	}
	CHECK(w.pid > 0);
	CHECK(proc_cgroup_is(w.pid, NULL, cg.name));
	CHECK_OK(core_cgroup_kill_all(&cg, &e));
	CHECK(killed(waiter_reap(&w)));
	CHECK_OK(core_cgroup_destroy(&cg, &e));
out:
	cleanup(&cg, &w);
}

/* A pid that existed and is gone (reaped), so kill(pid, 0) is ESRCH. */
static pid_t dead_pid(void)
{
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid == 0)
		_exit(0);
	if (pid < 0 || waitpid(pid, NULL, 0) != pid)
		return -1;
	return pid;
}

static void check_errno(int rc, const struct nsp_err *e, int want, const char *needle)
{
	char m[NSP_ERR_MSG_MAX + 160];

	snprintf(m, sizeof(m), "want %s with \"%s\", got rc %d %s \"%s\"",
		 nsp_errno_name(want), needle, rc, nsp_errno_name(e->errnum), e->msg);
	/* want is an errno; a libcgroup code (50000+) leaking out never equals it */
	CU_assertImplementation(rc == -1 && e->errnum == want && strstr(e->msg, needle),
				__LINE__, m, __FILE__, "", CU_FALSE);
}

static void test_bad_names(void)
{
	static const char *const bad[] = { "", "a/b", "..", ".x", "x y", "a\nb", "-ok-but/no",
		"0123456789012345678901234567890123456789012345678901234567890123", NULL };
	struct core_cgroup cg;
	struct nsp_err e;

	for (const char *const *b = bad; *b; b++) {
		check_errno(core_cgroup_create(&cg, *b, 0, &e), &e, EINVAL, "invalid name");
		CU_ASSERT(cg.dir[0] == '\0' && cg.v2_fd == -1);
	}
}

/* libcgroup failures come out as errno + context, never as 500xx. */
static void test_errors(void)
{
	struct core_cgroup cg = CORE_CGROUP_INIT, twin = CORE_CGROUP_INIT;
	struct cgroup *raw = NULL;
	char name[32], buf[8];
	struct nsp_err e = { 0 };
	long long v;
	pid_t gone;
	int rc;

	if (!is_root())
		return;
	snprintf(name, sizeof(name), "err-%d", (int)getpid());
	CHECK_OK(core_cgroup_create(&cg, name, 32 * MIB, &e));
	check_errno(core_cgroup_create(&twin, name, 0, &e), &e, EEXIST, name);
	/* the kernel refuses the value: its errno through libcgroup */
	check_errno(core_cgroup_set_limit(&cg, CG_MEMORY_MAX, -5, &e), &e, EINVAL,
		    cg_file_name(CG_MEMORY_MAX, cg.version));
	/* the model refuses before anything is written */
	check_errno(core_cgroup_set_limit(&cg, cg.version == CG_V1 ? CG_MEMORY_OOM_GROUP :
					  CG_MEMORY_UNDER_OOM, 1, &e), &e, EOPNOTSUPP,
		    "no such file on cgroup v");
	check_errno(core_cgroup_set_limit(&cg, CG_PROCS, 1, &e), &e, EINVAL, "cgroup.procs");
	check_errno(core_cgroup_set_limit(&cg, CG_MEMORY_CURRENT, 1, &e), &e, EINVAL,
		    "not a number to set");
	check_errno(core_cgroup_set_text(&cg, CG_MEMORY_MAX, "1", &e), &e, EINVAL, "a number");
	check_errno(core_cgroup_set_limit(&cg, CG_ITEM_COUNT, 1, &e), &e, EINVAL, "no such item");
	CHECK((gone = dead_pid()) > 0);
	check_errno(core_cgroup_attach(&cg, gone, &e), &e, ESRCH, "attach pid");
	check_errno(core_cgroup_get_text(&cg, CG_PROCS, buf, 0, &e), &e, EOVERFLOW, "cgroup.procs");
	check_errno(core_cgroup_get(&cg, CG_ITEM_NONE, &v, &e), &e, EINVAL, "no such item");
	check_errno(core_cgroup_get(&cg, CG_PIDS_MAX, &v, &e), &e, ENODEV, "no pids controller");
	check_errno(core_cgroup_get(&cg, CG_PROCS, &v, &e), &e, EINVAL, "not a number");
	/* libcgroup itself on a controller nobody mounted */
	raw = cgroup_new_cgroup(cg.name);
	CHECK(raw && cgroup_add_controller(raw, "nosuchctrl"));
	rc = cgroup_create_cgroup(raw, 1);
	CHECK(rc == ECGROUPSUBSYSNOTMOUNTED);
	check_errno(core_cgroup_lcg_error(&e, rc, "create raw"), &e, ENODEV,
		    "create raw: libcgroup: ");
	check_errno(core_cgroup_lcg_error(&e, ECGROUPNOTOWNER, "x"), &e, EPERM, "x: libcgroup");
	CHECK_OK(core_cgroup_destroy(&cg, &e));
out:
	cgroup_free(&raw);
	core_cgroup_destroy(&twin, &e);	/* never created: a no-op */
	cleanup(&cg, NULL);
}

/* The run's directory in the memory hierarchy and in cgroup2 ("" without one). */
static int run_dirs(char *mem, char *v2, size_t len, struct nsp_err *e)
{
	char run[64], root[CORE_CG_PATH_MAX];
	enum cg_version v;
	struct cg_layout l;

	if (cg_layout_detect(&l, e) < 0 || core_cgroup_run_name(run, sizeof(run), e) < 0)
		return -1;
	v = cg_controller_version(&l, "memory", root, sizeof(root));
	snprintf(mem, len, "%s/%s", v == CG_V1 ? root : l.v2_root, run);
	snprintf(v2, len, "%s%s%s", l.v2_root, l.v2_root[0] ? "/" : "", l.v2_root[0] ? run : "");
	return 0;
}

/*
 * A group that is there already is refused before anything is made; a
 * limit the kernel refuses after libcgroup made the groups takes them all
 * down again: neither the group nor the run's parent is left.
 */
static void test_rollback(void)
{
	struct core_cgroup cg = CORE_CGROUP_INIT;
	char name[32], mem[2 * CORE_CG_PATH_MAX], v2[2 * CORE_CG_PATH_MAX], hand[3 * CORE_CG_PATH_MAX];
	const struct cg_limit bad = { CG_MEMORY_MAX, -5, NULL, NULL };
	const struct core_cgroup_req req = { .limits = &bad, .nlimits = 1 };
	struct nsp_err e = { 0 };

	if (!is_root())
		return;
	snprintf(name, sizeof(name), "rb-%d", (int)getpid());
	CHECK_OK(run_dirs(mem, v2, sizeof(mem), &e));
	check_errno(core_cgroup_create_req(&cg, name, &req, &e), &e, EINVAL,
		    cg_file_name(CG_MEMORY_MAX, CG_V1));
	CHECK(cg.dir[0] == '\0' && cg.lcg == NULL && cg.v2_fd == -1);
	CHECK(!exists(mem) && (!v2[0] || !exists(v2)));
	if (!v2[0]) {
		CU_PASS("skipped: no cgroup2 group to find in the way");
		goto out;
	}
	snprintf(hand, sizeof(hand), "%s/%s", v2, name);
	CHECK(mkdir(v2, 0755) == 0 && mkdir(hand, 0755) == 0);
	check_errno(core_cgroup_create(&cg, name, 32 * MIB, &e), &e, EEXIST, "exists");
	CHECK(cg.dir[0] == '\0' && cg.lcg == NULL && cg.v2_fd == -1);
	if (strcmp(mem, v2) != 0)
		CHECK(!exists(mem));	/* neither the group nor the parent */
	CHECK(exists(hand));		/* and not what was not ours */
out:
	cleanup(&cg, NULL);
}

static void test_double_destroy(void)
{
	struct core_cgroup cg = CORE_CGROUP_INIT;
	struct nsp_err e = { 0 };
	char name[32];

	if (!is_root())
		return;
	snprintf(name, sizeof(name), "dd-%d", (int)getpid());
	CHECK_OK(core_cgroup_create(&cg, name, 16 * MIB, &e));
	CHECK_OK(core_cgroup_destroy(&cg, &e));
	CHECK_OK(core_cgroup_destroy(&cg, &e));
	CHECK_OK(core_cgroup_kill_all(&cg, &e));
	{
		core_cgroup_auto struct core_cgroup scoped = CORE_CGROUP_INIT;

		CHECK_OK(core_cgroup_create(&scoped, name, 0, &e));
		memcpy(name, "gone", 5);	/* scoped is destroyed on the way out */
	}
	snprintf(name, sizeof(name), "dd-%d", (int)getpid());
	CHECK_OK(core_cgroup_create(&cg, name, 0, &e));	/* free again */
	CHECK_OK(core_cgroup_destroy(&cg, &e));
out:
	cleanup(&cg, NULL);
}

/* Top-level trees (with a "sub" group each) in the memory hierarchy and
 * in cgroup2, and single-level decoys in the memory hierarchy. */
struct stale_dirs {
	char top[2][4][CORE_CG_PATH_MAX], sub[2][4][CORE_CG_PATH_MAX];
	char kept[4][CORE_CG_PATH_MAX];
	int n;			/* hierarchies used: memory, then cgroup2 */
};

static int stale_roots(char roots[2][CORE_CG_PATH_MAX])
{
	struct nsp_err e;
	struct cg_layout l;

	if (cg_layout_detect(&l, &e) < 0)
		return -1;
	if (cg_controller_version(&l, "memory", roots[0], CORE_CG_PATH_MAX) != CG_V1)
		snprintf(roots[0], CORE_CG_PATH_MAX, "%s", l.v2_root);
	if (l.v2_root[0] && strcmp(l.v2_root, roots[0]) != 0)
		snprintf(roots[1], CORE_CG_PATH_MAX, "%s", l.v2_root);
	return 0;
}

/*
 * Stale: the trees of `dead` names (runs proved gone), the first holding
 * the victim; kept: the `live` names (a live run, decoys).
 */
static int make_stale(struct stale_dirs *d, const char *const *dead,
		      const char *const *live, struct waiter *victim)
{
	char roots[2][CORE_CG_PATH_MAX] = { "", "" }, procs[CORE_CG_PATH_MAX + 16], pid[16];
	struct nsp_err e;

	if (stale_roots(roots) < 0)
		return -1;
	snprintf(pid, sizeof(pid), "%d", (int)victim->pid);
	for (d->n = 0; d->n < 2 && roots[d->n][0]; d->n++) {
		for (int i = 0; dead[i]; i++) {
			snprintf(d->top[d->n][i], CORE_CG_PATH_MAX, "%.120s/%.60s", roots[d->n], dead[i]);
			snprintf(d->sub[d->n][i], CORE_CG_PATH_MAX, "%.120s/%.60s/sub", roots[d->n], dead[i]);
			snprintf(procs, sizeof(procs), "%s/cgroup.procs", d->sub[d->n][i]);
			if (mkdir(d->top[d->n][i], 0755) < 0 || mkdir(d->sub[d->n][i], 0755) < 0 ||
			    (i == 0 && nsp_write_file(procs, pid, &e) < 0))
				return -1;
		}
	}
	for (int i = 0; live[i]; i++) {
		snprintf(d->kept[i], CORE_CG_PATH_MAX, "%.120s/%.60s", roots[0], live[i]);
		if (mkdir(d->kept[i], 0755) < 0)
			return -1;
	}
	return 0;
}

static void unmake_stale(struct stale_dirs *d)
{
	for (int h = 0; h < 2; h++)
		for (int i = 0; i < 4; i++) {
			if (d->sub[h][i][0])
				rmdir(d->sub[h][i]);
			if (d->top[h][i][0])
				rmdir(d->top[h][i]);
		}
	for (int i = 0; i < 4; i++)
		if (d->kept[i][0])
			rmdir(d->kept[i]);
}

/*
 * A run proved gone is removed, members killed: its owner's pid is dead,
 * a zombie, or reused (the same pid with another start time).  A live run (our own
 * waiter's identity), the legacy "nsprobe-0", other names: kept.
 */
static void test_stale(void)
{
	struct core_cgroup live = CORE_CGROUP_INIT;
	struct waiter victim = WAITER_INIT, owner = WAITER_INIT, zombie = WAITER_INIT;
	char dead1[96], dead2[96], dead3[96], alive[96], live_name[32];
	const char *dead_names[4], *kept_names[4];
	struct core_stale st = { 0 };
	struct run_id self, w, z;
	siginfo_t info;
	struct stale_dirs d;
	struct nsp_err e = { 0 };
	pid_t dead;

	memset(&d, 0, sizeof(d));
	if (!is_root())
		return;
	snprintf(live_name, sizeof(live_name), "live-%d", (int)getpid());
	CHECK_OK(core_cgroup_create(&live, live_name, 32 * MIB, &e));
	CHECK((dead = dead_pid()) > 0 && kill(dead, 0) == -1 && errno == ESRCH);
	/* the victim sits in a stale tree; the owner, in none, owns a live run */
	CHECK(waiter_start(&victim, false) == 0 && waiter_start(&owner, false) == 0);
	CHECK(run_id_self(&self, &e) == 0 && run_id_of(owner.pid, &w, &e) == 0);
	/* a SIGKILLed runner nobody has reaped yet: a zombie, its pid and
	 * start time still shown, is gone (waited for, not reaped) */
	CHECK(waiter_start(&zombie, false) == 0 && run_id_of(zombie.pid, &z, &e) == 0);
	kill(zombie.pid, SIGKILL);
	CHECK(waitid(P_PID, (id_t)zombie.pid, &info, WEXITED | WNOWAIT) == 0);
	snprintf(dead3, sizeof(dead3), "nsprobe-%lu-%d-%llu", z.pidns, (int)z.pid, z.start);
	snprintf(dead1, sizeof(dead1), "nsprobe-%lu-%d-%llu", self.pidns, (int)dead, self.start);
	snprintf(dead2, sizeof(dead2), "nsprobe-%lu-%d-%llu", w.pidns, (int)w.pid,
		 w.start + 1);	/* the owner's pid with another start: reused */
	snprintf(alive, sizeof(alive), "nsprobe-%lu-%d-%llu", w.pidns, (int)w.pid, w.start);
	dead_names[0] = dead1, dead_names[1] = dead2, dead_names[2] = dead3, dead_names[3] = NULL;
	kept_names[0] = alive, kept_names[1] = "nsprobe-0", kept_names[2] = "xnsprobe-1-2-3";
	kept_names[3] = NULL;
	CHECK(make_stale(&d, dead_names, kept_names, &victim) == 0);
	CHECK_OK(core_cgroup_clean_stale(&st, &e));
	CHECK(st.removed >= (unsigned)(3 * d.n));
	for (int h = 0; h < d.n; h++)
		for (int i = 0; i < 3; i++)
			CHECK(!exists(d.sub[h][i]) && !exists(d.top[h][i]));
	CHECK(killed(waiter_reap(&victim)));	/* its members were killed */
	for (int i = 0; i < 3; i++)
		CHECK(exists(d.kept[i]));
	CHECK(exists(live.dir));		/* our own run: untouched */
	CHECK_OK(core_cgroup_destroy(&live, &e));
out:
	waiter_stop(&victim);
	waiter_stop(&owner);
	waiter_stop(&zombie);
	unmake_stale(&d);
	cleanup(&live, NULL);
}

static const struct selftest_case cgroup_cases[] = {
	{ "flat-keyed files: whole keys, strict numbers", test_parse_key },
	{ "a zeroed struct is nothing to destroy", test_zeroed },
	{ "invalid names are EINVAL", test_bad_names },
	{ "create, limit, attach, kill, destroy", test_lifecycle },
	{ "emptying kills every member", test_empty_dir },
	{ "clone3 into the cgroup2 group", test_clone_into },
	{ "libcgroup errors become errno + context", test_errors },
	{ "failed create leaves nothing behind", test_rollback },
	{ "destroy twice, auto destroy", test_double_destroy },
	{ "stale runs removed, live ones kept", test_stale },
	{ NULL, NULL }
};

SELFTEST_SUITE(cgroup_suite, "cgroup core", cgroup_cases)
