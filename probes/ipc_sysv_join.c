// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ipc_sysv_join — a process that joins a container's IPC namespace with
 * setns() sees the container's SysV objects and their contents (setns(2),
 * ipc_namespaces(7); the docker exec path).
 *
 * Outside role (root): launches a container with a new IPC namespace
 * whose init makes a message queue, a shared memory segment and a
 * semaphore set under keys of ours, the segment and the set holding a
 * value (fixtures/sysvobj.h).  A joiner (forked, root) then enters the
 * container's IPC namespace (core_join) and looks for each by key and
 * reads its contents.  Nothing is made in our namespace, so only the
 * join can show them; the objects die with the container's namespace.
 *
 *   --fault no-setns   the joiner stays in our IPC namespace: it sees
 *                      none of them (not ok)
 */
#include <sched.h>
#include <stdbool.h>

#include "fixtures/probeargs.h"
#include "fixtures/sysvobj.h"
#include "fixtures/twoside.h"
#include "lib/syncfork.h"
#include "lib/tap.h"
#include "runtime/launch.h"

enum { TAG = 0x33, VAL_IN = 3 };	/* key tag (+ type index), contents */

static const char *const faults[] = { "no-setns", NULL };

/* The container's init, root in its new IPC namespace: its objects under
 * the keys of the launcher (the outside), left for the joiner. */
static int inside_role(struct tap *t, struct twoside *s)
{
	struct nsp_err e = { 0 };
	int ids[SYSVOBJ_NTYPES];

	if (sysvobj_make_all("inside", TAG, s->launcher, VAL_IN, ids, &e) < 0)
		tap_broken(t, &e, "inside: objects for a joined process to see");
	return 0;
}

struct join {
	pid_t target, owner;	/* the container's init, the keys' owner */
	bool setns;		/* false: the fault */
};

/* Joiner (forked, root): after setns(ipc), bit i of *out set when type
 * i's object is there with the inside's contents. */
static int joiner(void *arg, void *out, struct nsp_err *e)
{
	const struct join *j = arg;
	int bits = 0;

	if (j->setns && core_join(j->target, CLONE_NEWIPC, e) < 0)
		return nsp_err_wrap(e, "joiner");
	for (size_t i = 0; i < SYSVOBJ_NTYPES; i++) {
		const struct sysvobj_type *ty = &sysvobj_types[i];
		int id = ty->get(sysvobj_key(TAG, i, j->owner), 0);

		bits |= (id >= 0 && (!ty->read || ty->read(id) == VAL_IN)) << i;
	}
	*(int *)out = bits;
	return 0;
}

/* Outside (root, in the namespaces it started in), while the container
 * lives with its objects. */
static void join_checks(struct tap *t, struct twoside *s)
{
	const struct probe_args *a = s->arg;
	struct join j = { s->run.c.pid, s->launcher, !probe_fault(a, "no-setns") };
	struct nsp_err e = { 0 };
	int seen = 0;

	if (fork_call(joiner, &j, &seen, sizeof(seen), NULL, &e) < 0)
		nsp_err_wrap(&e, "joiner");
	for (size_t i = 0; i < SYSVOBJ_NTYPES; i++) {
		const struct sysvobj_type *ty = &sysvobj_types[i];

		if (e.msg[0])
			tap_broken(t, &e, "joiner for the %s", ty->name);
		else
			tap_expect(t, seen >> i & 1, "the container's", "not seen",
				   "a process joined with setns() sees the container's %s%s",
				   ty->name, ty->read ? " and its contents" : "");
	}
}

static int run(struct tap *t, const struct probe_args *a)
{
	struct twoside s = { .spec.namespaces = CLONE_NEWIPC, .inside = inside_role,
			     .outside = join_checks, .arg = (void *)a };

	twoside_run(t, &s);
	return tap_done(t);
}

PROBE_MAIN(.name = "ipc_sysv_join", .needs = &sysvobj_probe_needs, .faults = faults, .outside = run,
	   .no_inside = "it joins the IPC namespace of a container it launches",
	   .summary = "a process joined to a container's IPC namespace with setns() sees "
		      "its SysV objects and their contents")
