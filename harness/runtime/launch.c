// SPDX-License-Identifier: GPL-2.0-or-later
#include "runtime/launch.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "runtime/bridge.h"
#include "runtime/child.h"
#include "lib/file.h"
#include "runtime/lend.h"
#include "runtime/netlink.h"
#include "lib/runid.h"
#include "lib/sync.h"
#include "runtime/trace.h"

#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x00001000
#endif
#ifndef CLONE_INTO_CGROUP
#define CLONE_INTO_CGROUP 0x200000000ULL
#endif

/* The kernel's struct clone_args up to the cgroup field (CLONE_ARGS_SIZE_VER2). */
struct core_clone_args {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack,
		 stack_size, tls, set_tid, set_tid_size, cgroup;
};

static int next_serial;

/* The cgroup namespace is entered by the child itself, after the parent
 * has placed it in its group: its namespace root must be that group.
 * Lent namespaces (lend.h) are inherited, not asked for. */
static uint64_t clone_ns_flags(const struct core_spec *s)
{
	return (uint64_t)(lend_clone_flags(s, s->namespaces) & ~CLONE_NEWCGROUP);
}

static pid_t do_clone3(struct core_container *c, uint64_t flags, int cgfd)
{
	struct core_clone_args args = {
		.flags = flags | CLONE_PIDFD,
		.pidfd = (uint64_t)(uintptr_t)&c->pidfd,
		/* CLONE_PARENT: the caller's own exit signal, and 0 here */
		.exit_signal = flags & CLONE_PARENT ? 0 : SIGCHLD,
	};

	if (cgfd >= 0) {
		args.flags |= CLONE_INTO_CGROUP;
		args.cgroup = (uint64_t)cgfd;
	}
	return (pid_t)syscall(SYS_clone3, &args, sizeof(args));
}

/* clone3 where the kernel has it (5.3; CLONE_INTO_CGROUP 5.7), else clone. */
static pid_t spawn(struct core_container *c, const struct core_spec *s, uint64_t extra)
{
	uint64_t flags = clone_ns_flags(s) | extra;
	int cgfd = c->has_cgroup ? core_cgroup_clone_fd(&c->cg) : -1;
	pid_t pid;

	pid = do_clone3(c, flags, cgfd);
	if (pid < 0 && cgfd >= 0 && (errno == EINVAL || errno == E2BIG)) {
		cgfd = -1;	/* a kernel with clone3 but not INTO_CGROUP */
		pid = do_clone3(c, flags, -1);
	}
	if (pid >= 0) {
		c->used_clone3 = true;
		c->into_cgroup = cgfd >= 0;
		return pid;
	}
	if (errno != ENOSYS || (flags & CLONE_NEWTIME))
		return -1;
	c->pidfd = -1;
	return (pid_t)syscall(SYS_clone, (unsigned long)flags | SIGCHLD, 0, 0, 0, 0);
}

static int write_map(pid_t pid, const char *file, const char *map,
		     struct nsp_err *e)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, file);
	return nsp_write_file(path, map, e);
}

static int write_maps(pid_t pid, struct nsp_err *e)
{
	char map[64];

	/* the whole id range where we may (root of the initial user namespace;
	 * EPERM in a rootless sandbox), else only our own ids, as anyone may */
	if (geteuid() == 0 && write_map(pid, "uid_map", "0 0 4294967295\n", e) == 0)
		return write_map(pid, "gid_map", "0 0 4294967295\n", e);
	if (geteuid() == 0 && e->errnum != EPERM)
		return -1;
	snprintf(map, sizeof(map), "0 %u 1\n", (unsigned)geteuid());
	if (write_map(pid, "uid_map", map, e) < 0 ||
	    write_map(pid, "setgroups", "deny", e) < 0)
		return -1;
	snprintf(map, sizeof(map), "0 %u 1\n", (unsigned)getegid());
	return write_map(pid, "gid_map", map, e);
}

/*
 * "nsp" and 8 hex digits of the run's identity, our pid and the launch's
 * serial (lib/runid.h): unique for every launch of every run, whichever
 * pid namespace it runs in, within the 15 characters of a link name.  A
 * name that exists anyway (another tool's, or a 1 in 2^32 clash) is
 * tried again with the next salt.
 */
static void veth_name(struct core_container *c, int attempt)
{
	uint64_t salt = ((uint64_t)getpid() << 24) ^ ((uint64_t)next_serial << 4) ^ (uint64_t)attempt;
	struct run_id run;
	struct nsp_err ignored;

	if (run_id_current(&run, &ignored) < 0)
		run = (struct run_id){ .pid = getpid() };
	snprintf(c->veth_outside, sizeof(c->veth_outside), "nsp%08x", run_id_hash(&run, salt));
}

static int make_veth(const struct core_spec *s, struct core_container *c,
		     struct nsp_err *e)
{
	nl_sock_auto struct nl_sock nl = { 0 };
	struct nl_veth_end out = { .name = c->veth_outside };
	struct nl_veth_end in = { .name = s->veth_inside ? s->veth_inside : "eth0",
				  .in_netns = true };
	int rc = -1;

	in.netns_fd = nl_netns_open(c->pid, e);
	if (in.netns_fd < 0 || nl_open(&nl, 0, e) < 0)
		return -1;
	for (int attempt = 0; attempt < 3 && rc < 0; attempt++) {
		if (s->veth_outside)
			snprintf(c->veth_outside, sizeof(c->veth_outside), "%s", s->veth_outside);
		else
			veth_name(c, attempt);
		rc = nl_veth_create(&nl, &out, &in, e);
		if (s->veth_outside || e->errnum != EEXIST)
			break;
	}
	close(in.netns_fd);
	if (rc < 0)
		c->veth_outside[0] = '\0';
	return rc;
}

/* Does the spec ask for a group? */
static bool wants_cgroup(const struct core_spec *s)
{
	return s->memory_limit > 0 || s->cgroup_ctrls || s->cgroup_nlimits || s->cgroup_parent;
}

/* The group the spec asks for; `limits` holds CORE_SPEC_LIMITS_MAX + 1. */
static struct core_cgroup_req cgroup_req(const struct core_spec *s, struct cg_limit *limits)
{
	limits[0] = (struct cg_limit){ CG_MEMORY_MAX, s->memory_limit, NULL, NULL };
	if (s->cgroup_nlimits)
		memcpy(limits + 1, s->cgroup_limits, s->cgroup_nlimits * sizeof(limits[0]));
	return (struct core_cgroup_req){
		.ctrls = s->cgroup_ctrls,
		.limits = limits + (s->memory_limit <= 0),
		.nlimits = s->cgroup_nlimits + (s->memory_limit > 0),
		.close_swap = s->memory_limit > 0,
		.parent = s->cgroup_parent,
	};
}

/*
 * Made before the clone only where clone3() can put the child straight
 * into it (every controller on cgroup2): no attach then.  Elsewhere it is
 * made after GO, in parallel with the child's setup, like the attach.
 */
static bool cgroup_before_clone(const struct core_spec *s)
{
	struct cg_limit limits[CORE_SPEC_LIMITS_MAX + 1];
	struct core_cgroup_req r = cgroup_req(s, limits);

	return wants_cgroup(s) && core_cgroup_req_clones_into(&r);
}

/* The container's group name: the spec's, or c<launcher pid>-<serial>. */
static void cgroup_name(const struct core_spec *s, char *name, size_t len)
{
	if (s->cgroup_name)
		snprintf(name, len, "%s", s->cgroup_name);
	else
		snprintf(name, len, "c%d-%d", (int)getpid(), next_serial);
}

/* The group, or its v1 rest where the companion was made first. */
static int make_cgroup(const struct core_spec *s, struct core_container *c,
		       struct nsp_err *e)
{
	struct cg_limit limits[CORE_SPEC_LIMITS_MAX + 1];
	struct core_cgroup_req r = cgroup_req(s, limits);
	char name[CORE_CG_NAME_MAX];

	cgroup_name(s, name, sizeof(name));
	r.companion_made = c->cg_pending;
	c->cg_pending = false;
	c->has_cgroup = false;	/* a failed create leaves nothing, not even the companion */
	if (core_cgroup_create_req(&c->cg, name, &r, e) < 0)
		return nsp_err_wrap(e, "cgroup");
	c->has_cgroup = true;
	return 0;
}

/* Hybrid: the companion before the clone, for CLONE_INTO_CGROUP (cgroup.h). */
static int make_companion_first(const struct core_spec *s, struct core_container *c,
				struct nsp_err *e)
{
	struct cg_limit limits[CORE_SPEC_LIMITS_MAX + 1];
	struct core_cgroup_req r = cgroup_req(s, limits);
	char name[CORE_CG_NAME_MAX];
	int made;

	cgroup_name(s, name, sizeof(name));
	made = core_cgroup_companion_first(&c->cg, name, &r, e);
	if (made < 0)
		return nsp_err_wrap(e, "cgroup");
	c->has_cgroup = c->cg_pending = made == 1;
	return 0;
}

/* The v1 `tasks` files the child joins through, sent with PLACED. */
struct core_joins {
	int fd[NSP_SYNC_FDS_MAX];
	size_t n;
};

/*
 * Does the child join its v1 groups itself ("0" to `tasks`, files from
 * us)?  Wherever the group has v1 parts and libcgroup owns no cgroup2
 * part of it (a controller there: then libcgroup attaches by pid).
 */
static bool self_joins(const struct core_container *c)
{
	return c->has_cgroup && c->cg.nhier > 0 && !c->cg.v2_own;
}

/* What the helper of a launch with lent namespaces reports. */
struct lent_spawn {
	pid_t pid;
	bool used_clone3, into_cgroup;
	struct nsp_err err;
};

/* The helper (forked, one thread): enter what is lent, clone the
 * container as our parent's child, report, exit. */
static _Noreturn void lent_helper(struct core_container *c, const struct core_spec *s,
				  struct nsp_sync *sync, int report)
{
	struct lent_spawn r = { .pid = -1 };

	if (lend_enter(s, &r.err) == 0) {
		r.pid = spawn(c, s, CLONE_PARENT);
		if (r.pid == 0) {
			close(report);
			core_child_main(s, nsp_sync_side(sync, NSP_SYNC_CHILD));
		}
		if (r.pid < 0)
			nsp_err_sys(&r.err, "clone into namespaces 0x%x", (unsigned)s->namespaces);
		r.used_clone3 = c->used_clone3;
		r.into_cgroup = c->into_cgroup;
	}
	_exit(write(report, &r, sizeof(r)) == (ssize_t)sizeof(r) ? 0 : 1);
}

/* Lent namespaces (lend.h): a helper clones the container for us. */
static pid_t spawn_lent(struct core_container *c, const struct core_spec *s,
			struct nsp_sync *sync, struct nsp_err *e)
{
	struct lent_spawn r = { .pid = -1 };
	ssize_t n;
	int p[2];
	pid_t h;

	if (pipe2(p, O_CLOEXEC) < 0)
		return nsp_err_sys(e, "pipe for the launch helper");
	h = fork();
	if (h == 0) {
		close(p[0]);
		lent_helper(c, s, sync, p[1]);
	}
	close(p[1]);
	do
		n = h < 0 ? -1 : read(p[0], &r, sizeof(r));
	while (n < 0 && errno == EINTR && h > 0);
	close(p[0]);
	while (h > 0 && waitpid(h, NULL, 0) < 0 && errno == EINTR)
		;
	if (h < 0)
		return nsp_err_sys(e, "fork the launch helper");
	if (n != (ssize_t)sizeof(r))
		return nsp_err_set(e, EPIPE, "the launch helper died before reporting");
	if (r.pid < 0) {
		*e = r.err;
		return -1;
	}
	c->used_clone3 = r.used_clone3;
	c->into_cgroup = r.into_cgroup;
	c->pidfd = (int)syscall(SYS_pidfd_open, r.pid, 0);	/* -1 before 5.3 */
	return r.pid;
}

/*
 * Parent's part of the setup, while the child builds its root: the
 * groups (or their v1 rest), the `tasks` files the child joins through
 * (a pid written by us would wait for an RCU grace period: cgroup.h),
 * the veth, the watcher.  The child waits for PLACED before anything
 * that needs them.  Only where clone3 could not enter the cgroup2 part,
 * or libcgroup owns one, is a pid written here.
 */
static int parent_place(const struct core_spec *s, struct core_container *c,
			struct core_joins *j, struct nsp_err *e)
{
	if (wants_cgroup(s) && (!c->has_cgroup || c->cg_pending) && make_cgroup(s, c, e) < 0)
		return -1;
	core_mark(CORE_MARK_PCREATED);
	if (c->has_cgroup && !c->into_cgroup &&
	    (self_joins(c) ? core_cgroup_attach_v2(&c->cg, c->pid, e)
			   : core_cgroup_attach(&c->cg, c->pid, e)) < 0)
		return nsp_err_wrap(e, "place container in its cgroup");
	if (self_joins(c) && core_cgroup_open_joins(&c->cg, j->fd, NSP_SYNC_FDS_MAX, &j->n, e) < 0)
		return nsp_err_wrap(e, "place container in its cgroup");
	core_mark(CORE_MARK_ATTACHED);
	if (s->veth && make_veth(s, c, e) < 0)
		return nsp_err_wrap(e, "veth pair");
	if (s->bridge && core_bridge_attach(s, c, e) < 0)
		return -1;
	core_mark(CORE_MARK_VETH);
	/* a command may drop the credentials PR_SET_PDEATHSIG depends on */
	if (s->argv && core_watch_start(&c->watch, c, e) < 0)
		return -1;
	core_mark(CORE_MARK_WATCHED);
	return 0;
}

static void close_joins(struct core_joins *j)
{
	while (j->n)
		close(j->fd[--j->n]);
}

/*
 * The launcher's placement failed while the child set itself up: when the
 * child failed first (its netns gone with it makes the veth fail, say),
 * its error, already sent, is the one that says what went wrong.
 */
static void child_error_first(int fd, struct nsp_err *e)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	struct nsp_err child;

	if (poll(&p, 1, 0) == 1 && (p.revents & POLLIN) &&
	    nsp_sync_recv_result(fd, &child) < 0 && child.errnum != EPIPE) {
		*e = child;
		nsp_err_wrap(e, "container setup");
	}
}

/*
 * The child's setup result, then (exec mode) the exec's.  A child whose
 * own setup failed has said so and exited: a PLACED it never reads is
 * EPIPE, and its result tells why.
 */
static int await_child(const struct core_spec *s, struct core_container *c,
		       int fd, struct core_joins *j, struct nsp_err *e)
{
	int sent = nsp_sync_wake_fds(fd, CORE_STEP_PLACED, j->fd, j->n, e);

	close_joins(j);	/* the child has its own */
	if (sent < 0 && e->errnum != EPIPE)
		return nsp_err_wrap(e, "tell the container it is placed");
	if (nsp_sync_recv_result(fd, e) < 0) {
		c->failure = CORE_FAIL_SETUP;
		return nsp_err_wrap(e, "container setup");
	}
	if (s->fn)
		return 0;
	if (nsp_sync_recv_result(fd, e) == 0 || e->errnum == EPIPE) {
		core_mark(CORE_MARK_EXECED);
		return 0;	/* end-of-file: the exec closed the socket */
	}
	c->failure = CORE_FAIL_EXEC;
	return -1;
}

int core_launch(const struct core_spec *s, struct core_container *c,
		struct nsp_err *e)
{
	struct nsp_sync sync = { { -1, -1 } };
	struct core_joins joins = { .n = 0 };
	int fd, rc = -1;

	*c = (struct core_container)CORE_CONTAINER_INIT;
	next_serial++;
	nsp_err_clear(e);
	core_mark(CORE_MARK_START);
	if (core_spec_validate(s, e) < 0)
		return -1;
	if (cgroup_before_clone(s) ? make_cgroup(s, c, e) < 0 :
	    wants_cgroup(s) && make_companion_first(s, c, e) < 0)
		return -1;
	core_mark(CORE_MARK_CGROUP);
	if (nsp_sync_open(&sync, e) < 0)
		goto out;
	fflush(NULL);	/* a forked child must not flush our buffers again */
	if (lend_needed(s)) {
		c->pid = spawn_lent(c, s, &sync, e);
	} else {
		c->pid = spawn(c, s, 0);
		if (c->pid == 0)
			core_child_main(s, nsp_sync_side(&sync, NSP_SYNC_CHILD));
		if (c->pid < 0)
			nsp_err_sys(e, "clone into namespaces 0x%x", (unsigned)s->namespaces);
	}
	if (c->pid < 0) {
		c->pid = 0;
		c->failure = CORE_FAIL_SETUP;
		goto out;
	}
	core_mark(CORE_MARK_CLONED);
	c->pid_ns = s->namespaces & CLONE_NEWPID;
	fd = nsp_sync_side(&sync, NSP_SYNC_PARENT);
	/* the child's own user namespace needs its maps before it mounts */
	if (s->map_root && write_maps(c->pid, e) < 0) {
		nsp_err_wrap(e, "write user namespace maps");
		c->failure = CORE_FAIL_SETUP;
		goto out;
	}
	core_mark(CORE_MARK_MAPPED);
	if (s->map_root && nsp_sync_wake(fd, CORE_STEP_GO, e) < 0) {
		nsp_err_wrap(e, "start container");
		c->failure = CORE_FAIL_SETUP;
		goto out;
	}
	if (parent_place(s, c, &joins, e) < 0) {
		child_error_first(fd, e);
		c->failure = CORE_FAIL_SETUP;
		goto out;
	}
	rc = await_child(s, c, fd, &joins, e);
out:
	close_joins(&joins);
	nsp_sync_close(&sync);
	if (rc < 0) {
		struct nsp_err ignored;

		/* the setup runs in the group: a limit too small kills it there */
		if (c->failure == CORE_FAIL_SETUP && c->has_cgroup && core_cgroup_oom_killed(&c->cg))
			nsp_err_set(e, ENOMEM, "container setup was OOM-killed in cgroup %s: its "
				    "memory limit of %lld bytes is too small (the smallest that "
				    "works is %d, 1M)", c->cg.dir, s->memory_limit, CORE_MEMORY_MIN);
		core_destroy(c, &ignored);
	}
	return rc;
}

int core_wait(struct core_container *c, int *status, struct nsp_err *e)
{
	if (!c->reaped) {
		pid_t got;

		do
			got = waitpid(c->pid, &c->status, __WALL);
		while (got < 0 && errno == EINTR);
		if (got < 0)
			return nsp_err_sys(e, "wait for container %d", (int)c->pid);
		c->reaped = true;
		core_mark(CORE_MARK_REAPED);
	}
	if (status)
		*status = c->status;
	return 0;
}

int core_destroy(struct core_container *c, struct nsp_err *e)
{
	int rc = 0;

	nsp_err_clear(e);
	if (c->pid > 0 && !c->reaped) {
		/* init of a pid namespace: its death takes every member along */
		kill(c->pid, SIGKILL);
		rc = core_wait(c, NULL, e);
	}
	/* a reaped pid-namespace init took every member along: the group is
	 * empty, unless one was placed in it from outside */
	if (c->has_cgroup && (c->reaped && c->pid_ns ? core_cgroup_destroy_emptied(&c->cg, e)
						      : core_cgroup_destroy(&c->cg, e)) < 0)
		rc = -1;
	c->has_cgroup = false;
	/* the first error is the one reported */
	if (core_bridge_release(c, rc < 0 ? &(struct nsp_err){ 0 } : e) < 0)
		rc = -1;
	if (c->pidfd >= 0)
		close(c->pidfd);
	c->pidfd = -1;
	core_watch_stop(&c->watch);	/* all done: it may go */
	core_mark(CORE_MARK_DESTROYED);
	return rc;
}
