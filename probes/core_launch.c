// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * core_launch — the runtime core builds what its spec asks for.
 *
 * Outside role (this process, root in the caller's user namespace):
 * launches one container with every namespace type, the minimal rootfs,
 * a hostname, a 32 MiB memory cgroup and a veth, and checks from both
 * sides that each namespace is new and the same seen from either side,
 * that the old root is gone from the container's mountinfo, that the
 * memory limit is the container's, that the veth end is inside only,
 * that a process joined with core_join() shares the container's
 * namespaces, and that nothing is left after core_destroy().
 *
 *   --fault no-NS   leave namespace NS (e.g. net) out of the spec while
 *                   still expecting it: those checks must report not ok.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fixtures/nettest.h"
#include "lib/file.h"
#include "runtime/launch.h"
#include "lib/mountinfo.h"
#include "lib/needs.h"
#include "runtime/netlink.h"
#include "lib/nsfile.h"
#include "fixtures/probeargs.h"
#include "lib/sync.h"
#include "lib/syncfork.h"
#include "lib/tap.h"

#define LIMIT (32LL << 20)

struct inside_view {
	struct ns_ident ns[8];		/* in ns_type_at() order */
	char host[65];
	int root_is_tmpfs;		/* "/" in mountinfo is a tmpfs */
	int host_root_mounted;		/* an entry mounts some fs's "/" at "/" besides it */
	int mounts;
	int eth0;			/* if_nametoindex("eth0") */
	struct nsp_err err;
};

static const struct probe_needs needs = {
	.controllers = (const char *const[]){ "memory", NULL },
	.caps_sys_admin = true,
	.namespaces = CORE_NS_ALL,
	.timeout = 30,
};

static int inside_fd = -1;

static void observe_mounts(struct inside_view *v)
{
	struct mount_table t;

	if (mount_table_read(0, &t, &v->err) < 0)
		return;
	v->mounts = (int)t.n;
	for (size_t i = 0; i < t.n; i++) {
		const struct mount_entry *m = &t.v[i];

		if (strcmp(m->mount_point, "/") != 0)
			continue;
		if (strcmp(m->fstype, "tmpfs") == 0)
			v->root_is_tmpfs = 1;
		else
			v->host_root_mounted = 1;
	}
	mount_table_free(&t);
}

/* Container init: pid 1 of its own pid ns, root in its own user ns. */
static int inside_body(void *arg)
{
	struct inside_view v = { 0 };
	struct nsp_err e;

	(void)arg;
	for (size_t i = 0; i < NS_NTYPES && !v.err.msg[0]; i++)
		ns_ident_of(0, ns_type_at(i)->name, &v.ns[i], &v.err);
	gethostname(v.host, sizeof(v.host) - 1);
	observe_mounts(&v);
	v.eth0 = (int)if_nametoindex("eth0");
	if (nsp_sync_send(inside_fd, &v, sizeof(v), &e) < 0)
		return 1;
	/* stay alive until the outside is done looking (joins, /proc) */
	return nsp_sync_wait(inside_fd, 1, &e) < 0 ? 1 : 0;
}

static void check_namespaces(struct tap *t, pid_t pid, const struct inside_view *in)
{
	for (size_t i = 0; i < NS_NTYPES; i++) {
		struct ns_ident ours, theirs;
		struct nsp_err e;

		if (ns_ident_of(0, ns_type_at(i)->name, &ours, &e) < 0 ||
		    ns_ident_of(pid, ns_type_at(i)->name, &theirs, &e) < 0) {
			tap_broken(t, &e, "%s namespace identity", ns_type_at(i)->name);
			continue;
		}
		tap_expect(t, !ns_ident_eq(&ours, &theirs), "a new namespace",
			   "the caller's namespace", "the container has a %s namespace of its own",
			   ns_type_at(i)->name);
		tap_expect(t, ns_ident_eq(&theirs, &in->ns[i]), "the same inode",
			   "different inodes", "inside and outside agree on its %s namespace",
			   ns_type_at(i)->name);
	}
}

static void check_rootfs(struct tap *t, const struct inside_view *in)
{
	char got[64];

	tap_expect(t, in->root_is_tmpfs, "tmpfs", "another filesystem",
		   "the container's / is the minimal tmpfs rootfs");
	tap_expect(t, !in->host_root_mounted, "no other mount at /", "the old root",
		   "the old root is gone from the container's mountinfo");
	snprintf(got, sizeof(got), "%d mounts", in->mounts);
	tap_expect(t, in->mounts > 0 && in->mounts < 32, "a handful of mounts", got,
		   "the container sees only its own few mounts");
	tap_expect_str(t, "nsp-core", in->host, "the hostname is the spec's");
}

static void check_cgroup(struct tap *t, const struct core_container *c)
{
	struct nsp_err e;
	long long limit = 0;

	if (core_cgroup_get(&c->cg, CG_MEMORY_MAX, &limit, &e) < 0) {
		tap_broken(t, &e, "the memory limit is the spec's");
		return;
	}
	tap_expect_long(t, LIMIT, (long)limit, "the container's group has the spec's memory limit");
}

static void check_veth(struct tap *t, const struct core_container *c,
		       const struct inside_view *in)
{
	nl_sock_auto struct nl_sock nl = { 0 };
	struct nsp_err e;

	tap_expect(t, in->eth0 > 0, "an ifindex", "no such link", "eth0 is inside the container");
	if (nl_open(&nl, 0, &e) < 0) {
		tap_broken(t, &e, "the outside keeps the peer end");
		return;
	}
	tap_expect(t, nl_link_index(&nl, c->veth_outside, &e) > 0, "an ifindex",
		   "no such link", "the outside keeps the peer end %s", c->veth_outside);
	tap_expect(t, nl_link_index(&nl, "eth0", &e) < 0, "no such link", "eth0",
		   "eth0 is not listed outside");
}

/* How many of the container's namespaces (but user) a process that
 * joined it is in; runs in the joiner.  Our ns directory is opened first:
 * after the mount namespace join, /proc is the container's. */
static int count_shared(pid_t pid, struct nsp_err *e)
{
	struct ns_ident want[8], got;
	int dirfd = open("/proc/self/ns", O_PATH | O_DIRECTORY | O_CLOEXEC), n = 0;

	for (size_t i = 0; i < NS_NTYPES; i++)
		if (ns_ident_of(pid, ns_type_at(i)->name, &want[i], e) < 0)
			return -1;
	if (dirfd < 0 || core_join(pid, CORE_NS_ALL & ~CLONE_NEWUSER, e) < 0)
		return -1;
	for (size_t i = 0; i < NS_NTYPES; i++) {
		/* pid and time namespaces apply to children: *_for_children */
		const char *name = ns_type_at(i)->flag == CLONE_NEWPID ? "pid_for_children" :
				   ns_type_at(i)->flag == CLONE_NEWTIME ? "time_for_children" :
				   ns_type_at(i)->name;

		if (ns_type_at(i)->flag != CLONE_NEWUSER &&
		    ns_ident_at(dirfd, name, &got, e) == 0 && ns_ident_eq(&got, &want[i]))
			n++;
	}
	close(dirfd);
	return n;
}

/* Joiner (forked, root): how many namespaces it shares after the join. */
static int joiner(void *arg, void *out, struct nsp_err *e)
{
	int n = count_shared(*(const pid_t *)arg, e);

	*(int *)out = n;
	return n < 0 ? -1 : 0;
}

static void check_join(struct tap *t, pid_t pid)
{
	struct nsp_err e = { 0 };
	int same = -1;

	if (fork_call(joiner, &pid, &same, sizeof(same), NULL, &e) < 0)
		tap_broken(t, &e, "a joined process shares every namespace but user");
	else
		tap_expect_long(t, (long)NS_NTYPES - 1, same,
				"a joined process shares every namespace but user");
}

/* What the outside watches of the veth while the container goes away. */
struct veth_watch {
	struct nl_sock sub;	/* RTMGRP_LINK, opened before the teardown */
	struct nl_sock req;	/* requests only: never shares the above */
	int ifindex;		/* the outside end, -1 when there is none */
	struct nsp_err err;	/* why the watch could not be set up */
};

static void watch_veth(struct veth_watch *w, const struct core_container *c)
{
	*w = (struct veth_watch){ .ifindex = -1 };
	if (!c->veth_outside[0]) {
		nsp_err_set(&w->err, ENODEV, "the launch made no veth");
		return;
	}
	if (nl_open(&w->sub, RTMGRP_LINK, &w->err) < 0 || nl_open(&w->req, 0, &w->err) < 0)
		return;
	w->ifindex = nl_link_index(&w->req, c->veth_outside, &w->err);
}

static void unwatch_veth(struct veth_watch *w)
{
	nl_close(&w->sub);
	nl_close(&w->req);
}

/* No veth to watch (a fault left the netns out) is the kernel test's
 * failure; a watch we could not set up is our own breakage. */
static void check_veth_gone(struct tap *t, struct veth_watch *w)
{
	const char *what = "its outside veth end is gone with its netns";
	struct tap_yaml y = { .expected = "a veth end to watch", .got = w->err.msg,
			      .errnum = w->err.errnum };

	if (w->ifindex > 0)
		nt_check_link_gone(t, &w->sub, w->ifindex, what);
	else
		tap_result(t, w->err.errnum == ENODEV ? TAP_FAIL : TAP_BROKEN, &y, "%s", what);
}

static void check_gone(struct tap *t, pid_t pid, const char *cgdir,
		       struct veth_watch *w)
{
	struct stat st;
	int rc = kill(pid, 0), err = errno;

	tap_expect_errno(t, ESRCH, rc, err, "the container's init is gone");
	rc = stat(cgdir, &st);
	err = errno;
	tap_expect_errno(t, ENOENT, rc, err, "its cgroup is removed");
	check_veth_gone(t, w);
}

/*
 * The veth's outside end goes in a netns of our own, always (as the net
 * probes do): the runner's sandbox netns is shared by every probe that
 * runs beside us, and their link events are not ours to wait through.
 */
static int private_outside(struct nsp_err *e)
{
	if (unshare(CLONE_NEWNET) < 0)
		return nsp_err_sys(e, "unshare(CLONE_NEWNET) for a private outside");
	return 0;
}

/* Teardown is checked after the fact; the veth watch started while the
 * container was still alive. */
static void destroy_and_check(struct tap *t, struct core_container *c,
			      struct veth_watch *w)
{
	char cgdir[CORE_CG_PATH_MAX];
	struct nsp_err e;
	pid_t pid = c->pid;

	snprintf(cgdir, sizeof(cgdir), "%s", c->cg.dir);
	if (core_destroy(c, &e) < 0)
		tap_broken(t, &e, "core_destroy");
	check_gone(t, pid, cgdir, w);
}

/* --fault no-NS: each namespace type left out in turn */
static const char *const faults[] = {
	"no-mnt", "no-uts", "no-ipc", "no-pid", "no-net", "no-cgroup", "no-user", "no-time", NULL,
};

/* The CLONE_NEW* flag --fault no-NS leaves out, 0 for none. */
static int missing_ns(const struct probe_args *a)
{
	const struct ns_type *t = a->fault ? ns_type_by_name(a->fault + 3, strlen(a->fault + 3)) : NULL;

	return t ? t->flag : 0;
}

/* Outside role: this process, root in the caller's user namespace. */
static int run(struct tap *t, const struct probe_args *a)
{
	struct core_container c;
	struct veth_watch w;
	struct inside_view in;
	struct nsp_sync s;
	struct nsp_err e = { 0 };
	int fd, status;
	struct core_spec spec = {
		.namespaces = CORE_NS_ALL & ~missing_ns(a), .rootfs = CORE_ROOTFS_MINIMAL,
		.hostname = "nsp-core", .memory_limit = LIMIT, .fn = inside_body,
	};

	if (!(spec.namespaces & CLONE_NEWUTS))
		spec.hostname = NULL;
	spec.veth = spec.namespaces & CLONE_NEWNET;
	spec.map_root = spec.namespaces & CLONE_NEWUSER;
	if (private_outside(&e) < 0 || nsp_sync_open(&s, &e) < 0)
		return tap_bail_err(t, &e, "setup");
	inside_fd = s.fd[NSP_SYNC_CHILD];
	if (core_launch(&spec, &c, &e) < 0)
		return tap_bail_err(t, &e, "launch");
	fd = nsp_sync_side(&s, NSP_SYNC_PARENT);
	if (nsp_sync_recv(fd, &in, sizeof(in), &e) < 0 || in.err.msg[0]) {
		tap_broken(t, in.err.msg[0] ? &in.err : &e, "the container reports what it sees");
	} else {
		check_namespaces(t, c.pid, &in);
		check_rootfs(t, &in);
		check_cgroup(t, &c);
		check_veth(t, &c, &in);
		check_join(t, c.pid);
	}
	watch_veth(&w, &c);	/* before init may exit and take its netns along */
	nsp_sync_wake(fd, 1, &e);
	if (core_wait(&c, &status, &e) == 0)
		tap_expect_long(t, 0, status, "the container's function returns its status");
	destroy_and_check(t, &c, &w);
	unwatch_veth(&w);
	nsp_sync_close(&s);
	return tap_done(t);
}

int main(int argc, char **argv)
{
	static const struct probe_main m = {
		.name = "core_launch", .needs = &needs, .faults = faults, .outside = run,
		.no_inside = "it checks the runtime core by launching its own container",
	};

	return probe_main(&m, argc, argv);
}
