// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * core_launch — the runtime core builds the container its spec asks for,
 * and leaves nothing once it is destroyed.
 *
 * Outside role (this process, root in the caller's user namespace, in a
 * network namespace of its own): launches one container with every
 * namespace type, the minimal rootfs, a hostname, a 32 MiB memory cgroup
 * and a veth (fixtures/coretest.h), and checks from both sides that each
 * namespace is new and the same seen from either side, that the memory
 * limit is the container's, that the veth end is inside only, that the
 * container's function returns its status, and that nothing is left
 * after core_destroy().  (Its root: core_rootfs; a joined process:
 * core_join.)
 *
 *   --fault no-NS   leave namespace NS (e.g. net) out of the spec while
 *                   still expecting it: those checks must report not ok.
 */
#include <errno.h>
#include <net/if.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>

#include "fixtures/coretest.h"
#include "fixtures/linkwatch.h"
#include "lib/needs.h"
#include "lib/nsfile.h"
#include "lib/sync.h"
#include "lib/tap.h"
#include "runtime/launch.h"

#define LIMIT (32LL << 20)

/* What the container's init sees, sent across as one message. */
struct inside_view {
	struct ns_ident ns[8];		/* in ns_type_at() order */
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

/* Container init: pid 1 of its own pid ns, root in its own user ns. */
static int inside_body(void *arg)
{
	struct inside_view v = { 0 };
	struct nsp_err e;

	(void)arg;
	for (size_t i = 0; i < NS_NTYPES && !v.err.msg[0]; i++)
		ns_ident_of(0, ns_type_at(i)->name, &v.ns[i], &v.err);
	v.eth0 = (int)if_nametoindex("eth0");
	if (nsp_sync_send(inside_fd, &v, sizeof(v), &e) < 0)
		return 1;
	/* stay alive until the outside is done looking */
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
	/* the name varies with the run: in a diagnostic, not in the point's name */
	tap_diag(t, "the peer end: %s", c->veth_outside);
	tap_expect(t, nl_link_index(&nl, c->veth_outside, &e) > 0, "an ifindex",
		   "no such link", "the outside keeps the peer end");
	tap_expect(t, nl_link_index(&nl, "eth0", &e) < 0, "no such link", "eth0",
		   "eth0 is not listed outside");
}

/* Teardown, checked after the fact; the veth watch started while the
 * container was still alive (its netns takes the peer end along). */
static void destroy_and_check(struct tap *t, struct core_container *c, struct nt_watch *w)
{
	char cgdir[CORE_CG_PATH_MAX];
	struct nsp_err e;
	struct stat st;
	pid_t pid = c->pid;
	int rc, err;

	snprintf(cgdir, sizeof(cgdir), "%s", c->cg.dir);
	if (core_destroy(c, &e) < 0)
		tap_broken(t, &e, "core_destroy");
	rc = kill(pid, 0);
	err = errno;
	tap_expect_errno(t, ESRCH, rc, err, "the container's init is gone");
	rc = stat(cgdir, &st);
	err = errno;
	tap_expect_errno(t, ENOENT, rc, err, "its cgroup is removed");
	nt_watch_check(t, w, "its outside veth end is gone with its netns");
}

/* Outside role: this process, root in the caller's user namespace. */
static int run(struct tap *t, const struct probe_args *a)
{
	struct core_spec spec = { .memory_limit = LIMIT, .fn = inside_body };
	struct core_container c;
	struct inside_view in;
	struct nt_watch w;
	struct nsp_sync s;
	struct nsp_err e = { 0 };
	int fd, status;

	ct_spec(&spec, ct_missing_ns(a));
	spec.veth = spec.namespaces & CLONE_NEWNET;
	/* the veth's outside end goes in a netns of our own, always: the
	 * runner's sandbox netns is shared by the probes beside us */
	if (nt_outside(&e) < 0 || nsp_sync_open(&s, &e) < 0)
		return tap_bail_err(t, &e, "setup");
	inside_fd = s.fd[NSP_SYNC_CHILD];
	if (core_launch(&spec, &c, &e) < 0)
		return tap_bail_err(t, &e, "launch");
	fd = nsp_sync_side(&s, NSP_SYNC_PARENT);
	if (nsp_sync_recv(fd, &in, sizeof(in), &e) < 0 || in.err.msg[0]) {
		tap_broken(t, in.err.msg[0] ? &in.err : &e, "the container reports what it sees");
	} else {
		check_namespaces(t, c.pid, &in);
		check_cgroup(t, &c);
		check_veth(t, &c, &in);
	}
	nt_watch_start(&w, c.veth_outside);	/* before init may exit with its netns */
	nsp_sync_wake(fd, 1, &e);
	if (core_wait(&c, &status, &e) == 0)
		tap_expect_long(t, 0, status, "the container's function returns its status");
	destroy_and_check(t, &c, &w);
	nt_watch_end(&w);
	nsp_sync_close(&s);
	return tap_done(t);
}

PROBE_MAIN(.name = "core_launch", .needs = &needs, .faults = ct_faults, .outside = run,
	   .no_inside = "it checks the runtime core by launching its own container")
