// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Everything here runs in the cloned child: pid 1 of its pid namespace
 * when it has one, with all capabilities in its own user namespace (or
 * root's in the caller's), in mount/uts/net namespaces of its own.
 */
#include "runtime/child.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include "runtime/cgroup.h"
#include "runtime/netlink.h"
#include "runtime/rootfs.h"
#include "lib/sync.h"
#include "runtime/trace.h"

/* binds, remounts and propagation changes ignore the type; a string
 * rather than NULL keeps valgrind (which checks it as one) quiet */
#define NO_FSTYPE "none"

static const unsigned long prop_flags[] = {
	[CORE_PROP_PRIVATE] = MS_PRIVATE,
	[CORE_PROP_SHARED] = MS_SHARED,
	[CORE_PROP_SLAVE] = MS_SLAVE,
	[CORE_PROP_UNBINDABLE] = MS_UNBINDABLE,
};

static int set_propagation(enum core_propagation p, struct nsp_err *e)
{
	if (mount(NULL, "/", NO_FSTYPE, MS_REC | prop_flags[p], NULL) < 0)
		return nsp_err_sys(e, "make / %s (recursive)", core_propagation_name(p));
	return 0;
}

/*
 * With a rootfs: everything private first (nothing we mount may reach the
 * outside), build and enter the rootfs, then the requested propagation on
 * the new tree.  Without one: the requested propagation on the inherited
 * tree at once, which is what keeps shared/slave peers with the outside.
 */
static int setup_mounts(const struct core_spec *s, struct nsp_err *e)
{
	if (s->rootfs == CORE_ROOTFS_NONE) {
		if (set_propagation(s->propagation, e) < 0)
			return -1;
		core_mark(CORE_MARK_PROPAGATED);
		/* a new pid ns wants its own /proc; never over a shared tree */
		if ((s->namespaces & CLONE_NEWPID) &&
		    (s->propagation == CORE_PROP_PRIVATE || s->propagation == CORE_PROP_SLAVE) &&
		    mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
			return nsp_err_sys(e, "mount proc on /proc");
		return 0;
	}
	if (set_propagation(CORE_PROP_PRIVATE, e) < 0)
		return -1;
	core_mark(CORE_MARK_PROPAGATED);
	if (s->rootfs == CORE_ROOTFS_MINIMAL ? rootfs_enter_minimal(s->binds, e) < 0 :
	    s->rootfs == CORE_ROOTFS_LAYERS ? rootfs_enter_layers(s->layers, s->binds, e) < 0 :
	    rootfs_enter_dir(s->rootfs_dir, e) < 0)
		return -1;
	if (s->propagation != CORE_PROP_PRIVATE)
		return set_propagation(s->propagation, e);
	return 0;
}

static int setup_names(const struct core_spec *s, struct nsp_err *e)
{
	if (s->hostname && sethostname(s->hostname, strlen(s->hostname)) < 0)
		return nsp_err_sys(e, "sethostname %s", s->hostname);
	if (s->domainname && setdomainname(s->domainname, strlen(s->domainname)) < 0)
		return nsp_err_sys(e, "setdomainname %s", s->domainname);
	return 0;
}

/* lo and the veth up; the spec's address on the veth. */
static int setup_links(const struct core_spec *s, struct nsp_err *e)
{
	nl_sock_auto struct nl_sock nl = { 0 };
	const char *names[] = { "lo", s->veth ? (s->veth_inside ? s->veth_inside : "eth0") : NULL };
	struct nl_addr addr;
	int idx = -1;

	if (nl_open(&nl, 0, e) < 0)
		return -1;
	for (size_t i = 0; i < 2 && names[i]; i++) {
		idx = nl_link_index(&nl, names[i], e);
		if (idx < 0 || nl_link_set_up(&nl, idx, true, e) < 0)
			return nsp_err_wrap(e, "bring %s up", names[i]);
	}
	if (s->address && (nl_addr_parse(s->address, &addr, e) < 0 ||
			   nl_addr_add(&nl, idx, &addr, e) < 0))
		return nsp_err_wrap(e, "address %s on %s", s->address, names[1]);
	return 0;
}

/*
 * PLACED, with the v1 `tasks` files to join (cgroup.h: a process moving
 * itself there waits for no grace period).  The cgroup2 part, where there
 * is one, is done: clone3 put us there, or the launcher wrote our pid.
 */
static int wait_placed(int fd, struct nsp_err *e)
{
	int joins[NSP_SYNC_FDS_MAX];
	size_t n;

	if (nsp_sync_wait_fds(fd, CORE_STEP_PLACED, joins, NSP_SYNC_FDS_MAX, &n, e) < 0)
		return nsp_err_wrap(e, "wait to be placed in the container's groups");
	if (core_cgroup_join_self(joins, n, e) < 0)
		return nsp_err_wrap(e, "join the container's groups");
	return 0;
}

static int child_setup(const struct core_spec *s, int fd, struct nsp_err *e)
{
	if ((s->namespaces & CLONE_NEWNS) && setup_mounts(s, e) < 0)
		return -1;
	if (setup_names(s, e) < 0)
		return -1;
	core_mark(CORE_MARK_NAMED);
	/* from here on we need our groups and our veth end */
	if (wait_placed(fd, e) < 0)
		return -1;
	core_mark(CORE_MARK_PLACED);
	if ((s->links_up || s->address) && setup_links(s, e) < 0)
		return -1;
	core_mark(CORE_MARK_LINKS);
	/* now that the parent placed us, our cgroup is the namespace's root */
	if ((s->namespaces & CLONE_NEWCGROUP) && unshare(CLONE_NEWCGROUP) < 0)
		return nsp_err_sys(e, "unshare(CLONE_NEWCGROUP)");
	return 0;
}

_Noreturn void core_child_main(const struct core_spec *s, int fd)
{
	struct nsp_err e = { 0 }, ignored;

	/* a launcher that dies (even by SIGKILL) takes its container along;
	 * if it died before this, GO (or PLACED) never comes and the wait
	 * sees EOF */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	/* only a user namespace's maps must be there before we start: files
	 * made by an unmapped id fail; otherwise no round trip */
	if (s->map_root && nsp_sync_wait(fd, CORE_STEP_GO, &e) < 0)
		_exit(CORE_EXIT_SETUP);	/* the parent gave up on us */
	core_mark(CORE_MARK_GO);
	if (child_setup(s, fd, &e) < 0) {
		nsp_sync_send_result(fd, &e, &ignored);
		_exit(CORE_EXIT_SETUP);
	}
	core_mark(CORE_MARK_READY);
	nsp_sync_send_result(fd, &(struct nsp_err){ 0 }, &ignored);
	if (s->fn) {
		close(fd);
		_exit(s->fn(s->arg));
	}
	execvp(s->argv[0], s->argv);
	nsp_err_sys(&e, "exec %s", s->argv[0]);
	nsp_sync_send_result(fd, &e, &ignored);
	_exit(e.errnum == ENOENT ? CORE_EXIT_NOTFOUND : CORE_EXIT_NOEXEC);
}
