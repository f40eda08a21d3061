// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * core_join — a process joined to a container with core_join() is in
 * every one of its namespaces but the user one (the docker exec path:
 * setns by pidfd where the kernel has it, else by /proc/<pid>/ns files).
 *
 * Outside role (this process, root): launches a container with every
 * namespace type (fixtures/coretest.h) and, while it lives, forks a
 * joiner that notes the container's namespaces, joins all but user and
 * compares its own with them (pid and time: pid_for_children and
 * time_for_children, the ones a join changes).
 *
 *   --fault partial-join   the joiner leaves the network namespace out:
 *                          it shares one fewer (not ok)
 */
#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include "fixtures/coretest.h"
#include "fixtures/twoside.h"
#include "lib/needs.h"
#include "lib/nsfile.h"
#include "lib/syncfork.h"
#include "lib/tap.h"
#include "runtime/launch.h"

static const struct probe_needs needs = {
	.caps_sys_admin = true,
	.namespaces = CORE_NS_ALL,
	.timeout = 30,
};

static const char *const faults[] = { "partial-join", NULL };

struct join {
	pid_t target;	/* the container's init */
	int ns;		/* what to join */
};

/* The name under /proc/<pid>/ns that a join of type i changes: pid and
 * time namespaces apply to children. */
static const char *joined_name(size_t i)
{
	int flag = ns_type_at(i)->flag;

	return flag == CLONE_NEWPID ? "pid_for_children" :
	       flag == CLONE_NEWTIME ? "time_for_children" : ns_type_at(i)->name;
}

/* Joiner (forked, root): how many of the container's namespaces (but
 * user) it is in after the join.  Our ns directory is opened first:
 * after the mount namespace join, /proc is the container's. */
static int joiner(void *arg, void *out, struct nsp_err *e)
{
	const struct join *j = arg;
	struct ns_ident want[8], got;
	int dirfd = open("/proc/self/ns", O_PATH | O_DIRECTORY | O_CLOEXEC), n = 0;

	for (size_t i = 0; i < NS_NTYPES; i++)
		if (ns_ident_of(j->target, ns_type_at(i)->name, &want[i], e) < 0)
			return -1;
	if (dirfd < 0)
		return nsp_err_sys(e, "open /proc/self/ns");
	if (core_join(j->target, j->ns, e) < 0)
		return -1;
	for (size_t i = 0; i < NS_NTYPES; i++)
		if (ns_type_at(i)->flag != CLONE_NEWUSER &&
		    ns_ident_at(dirfd, joined_name(i), &got, e) == 0 && ns_ident_eq(&got, &want[i]))
			n++;
	close(dirfd);
	*(int *)out = n;
	return 0;
}

/* Outside (this process, root), while the container lives. */
static void check_join(struct tap *t, struct twoside *s)
{
	const struct probe_args *a = s->arg;
	struct join j = { s->run.c.pid, CORE_NS_ALL & ~CLONE_NEWUSER };
	struct nsp_err e = { 0 };
	int same = -1;

	if (probe_fault(a, "partial-join"))
		j.ns &= ~CLONE_NEWNET;
	if (fork_call(joiner, &j, &same, sizeof(same), NULL, &e) < 0)
		tap_broken(t, &e, "a joined process shares every namespace but user");
	else
		tap_expect_long(t, (long)NS_NTYPES - 1, same,
				"a joined process shares every namespace but user");
}

static int run(struct tap *t, const struct probe_args *a)
{
	struct twoside s = { .outside = check_join, .arg = (void *)a };

	ct_spec(&s.spec, 0);
	twoside_run(t, &s);
	return tap_done(t);
}

PROBE_MAIN(.name = "core_join", .needs = &needs, .faults = faults, .outside = run,
	   .no_inside = "it joins a container it launches")
