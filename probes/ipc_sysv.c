// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ipc_sysv — SysV message queues, shared memory and semaphore sets belong
 * to one IPC namespace: invisible by key (ENOENT) and in /proc/sysvipc
 * from another, and the same key usable independently on both sides.
 * (A process that joins with setns() sees them: ipc_sysv_join.)
 *
 * Outside role (root): the runner's sandbox IPC namespace, else one it
 * unshares for itself, never the host's.  It makes one object of each
 * type with key A, launches the container (new IPC namespace) whose init
 * is the inside role, then a control container WITHOUT a new IPC
 * namespace, which must see key A (so the isolation checks can tell the
 * difference).  Inside role (the container's init, root): key A is
 * absent; it makes its own objects with key A (other contents) and key
 * B.  Keys come from the outside's run identity (sysvipc_owner), so
 * runs at once never meet.  Every object goes on every path: an inside
 * one with its IPC namespace, and whatever has our keys in ours (the
 * fault puts the inside's there too) by IPC_RMID at the end.
 *
 *   --fault shared-ipc   the container gets no IPC namespace: not ok expected
 *   --role inside        in a container someone else started (read-only):
 *                        its IPC namespace is its own (the first point),
 *                        and, as a new one, lists no SysV object: none
 *                        made outside reaches it.  Run it as the
 *                        container's first program, before anything
 *                        there makes objects of its own.
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fixtures/probeargs.h"
#include "fixtures/sysvipc.h"
#include "fixtures/sysvobj.h"
#include "fixtures/twoside.h"
#include "lib/needs.h"
#include "lib/tap.h"
#include "runtime/launch.h"

enum { VAL_OUT = 7, VAL_IN = 3 };
enum { TAG_A = 0x31, TAG_B = 0x32 };	/* + type index */

static const struct probe_needs inside_needs = {
	.kconfig = (const char *const[]){ "CONFIG_SYSVIPC", NULL },
	.timeout = 20,
};
static const char *const faults[] = { "shared-ipc", NULL };

/* Either side: `key` must be unknown here, by key and in /proc/sysvipc. */
static void absent_checks(struct tap *t, const char *side, size_t i, key_t key)
{
	const struct sysvobj_type *ty = &sysvobj_types[i];
	struct nsp_err e = { 0 };
	bool listed;
	int id = ty->get(key, 0);

	tap_expect_errno(t, ENOENT, id, errno, "%s: %s of the other side's key without "
			 "IPC_CREAT fails with ENOENT", side, ty->call);
	if (sysvipc_proc_has(ty->table, key, &listed, &e) < 0)
		tap_broken(t, &e, "%s: read /proc/sysvipc/%s", side, ty->table);
	else
		tap_expect(t, !listed, "not listed", "listed", "%s: /proc/sysvipc/%s does not "
			   "list the other side's %s", side, ty->table, ty->name);
}

/* Inside, the container's init (root; s->arg: the keys' owner): look,
 * then make key A and key B objects.  They die with its IPC namespace;
 * without one (the fault) they are in the outside's, which removes them
 * by key. */
static int inside_role(struct tap *t, struct twoside *s)
{
	uint32_t owner = *(const uint32_t *)s->arg;
	struct nsp_err e = { 0 };
	int ids[SYSVOBJ_NTYPES];

	for (size_t i = 0; i < SYSVOBJ_NTYPES; i++) {
		const struct sysvobj_type *ty = &sysvobj_types[i];
		int id;

		absent_checks(t, "inside", i, sysvobj_key(TAG_A, i, owner));
		id = ty->get(sysvobj_key(TAG_A, i, owner), IPC_CREAT | IPC_EXCL);
		if (tap_expect_ok(t, id, errno, "inside: the outside's key makes a %s of our "
				  "own (IPC_CREAT|IPC_EXCL)", ty->name) && ty->set &&
		    ty->set(id, VAL_IN) < 0) {
			nsp_err_sys(&e, "inside: set the %s's contents", ty->name);
			tap_broken(t, &e, "inside contents");
		}
	}
	if (sysvobj_make_all("inside", TAG_B, owner, VAL_IN, ids, &e) < 0)
		tap_broken(t, &e, "inside: objects under key B for the outside to miss");
	return 0;
}

/* Control container, no new IPC namespace: bit i set when type i's key A
 * object is visible. */
static int control_main(void *arg)
{
	uint32_t owner = *(const uint32_t *)arg;
	int bits = 0;

	for (size_t i = 0; i < SYSVOBJ_NTYPES; i++)
		bits |= (sysvobj_types[i].get(sysvobj_key(TAG_A, i, owner), 0) >= 0) << i;
	return bits;
}

static void control_checks(struct tap *t, uint32_t owner)
{
	struct core_container ctl = CORE_CONTAINER_INIT;
	struct core_spec spec = { .fn = control_main, .arg = &owner };
	struct nsp_err e = { 0 };
	int st = 0;

	if (core_launch(&spec, &ctl, &e) < 0 || core_wait(&ctl, &st, &e) < 0)
		nsp_err_wrap(&e, "control container");
	core_destroy(&ctl, &(struct nsp_err){ 0 });
	for (size_t i = 0; i < SYSVOBJ_NTYPES; i++) {
		if (e.msg[0])
			tap_broken(t, &e, "control for the %s", sysvobj_types[i].name);
		else
			tap_expect(t, WIFEXITED(st) && WEXITSTATUS(st) >> i & 1, "visible",
				   "not visible", "control: without a new IPC namespace the "
				   "outside's %s is visible by key", sysvobj_types[i].name);
	}
}

/* Outside (root, our IPC namespace), after the inside made its objects,
 * while the container lives. */
static void outside_checks(struct tap *t, struct twoside *s)
{
	uint32_t owner = *(const uint32_t *)s->arg;

	for (size_t i = 0; i < SYSVOBJ_NTYPES; i++) {
		const struct sysvobj_type *ty = &sysvobj_types[i];

		if (ty->read)
			tap_expect_long(t, VAL_OUT, ty->read(ty->get(sysvobj_key(TAG_A, i, owner), 0)),
					"outside: our %s keeps its contents after the inside "
					"made one with the same key", ty->name);
		absent_checks(t, "outside", i, sysvobj_key(TAG_B, i, owner));
	}
	control_checks(t, owner);
}

/* Outside role: the sandbox's IPC namespace, else a private one. */
static int run(struct tap *t, const struct probe_args *a)
{
	uint32_t owner = sysvipc_owner(0);
	struct twoside s = { .spec.namespaces = probe_fault(a, "shared-ipc") ? 0 : CLONE_NEWIPC,
			     .inside = inside_role, .outside = outside_checks, .arg = &owner };
	struct nsp_err e = { 0 };
	int ids[SYSVOBJ_NTYPES];

	if (twoside_private_outside(t, "ipc", CLONE_NEWIPC, &e) < 0 ||
	    sysvobj_make_all("outside", TAG_A, owner, VAL_OUT, ids, &e) < 0)
		tap_broken(t, &e, "outside objects");
	else
		twoside_run(t, &s);
	/* one cleanup path: ours, and what the inside made in our namespace */
	sysvobj_remove_all(TAG_A, owner);
	sysvobj_remove_all(TAG_B, owner);
	return tap_done(t);
}

/* --role inside: no object of any type, in our own IPC namespace. */
static int inside_alone(struct tap *t, const struct probe_args *a)
{
	(void)a;
	for (size_t i = 0; i < SYSVOBJ_NTYPES; i++) {
		const char *table = sysvobj_types[i].table;
		struct nsp_err e = { 0 };
		size_t n = 0;
		char got[32];

		if (sysvipc_proc_count(table, &n, &e) < 0) {
			tap_broken(t, &e, "inside: /proc/sysvipc/%s lists no object", table);
			continue;
		}
		snprintf(got, sizeof(got), "%zu listed", n);
		tap_expect(t, n == 0, "none", got, "inside: /proc/sysvipc/%s lists no object "
			   "(a new IPC namespace starts empty)", table);
	}
	return tap_done(t);
}

PROBE_MAIN(.name = "ipc_sysv", .needs = &sysvobj_probe_needs, .faults = faults, .outside = run,
	   .inside = inside_alone, .inside_needs = &inside_needs, .inside_ns = "ipc")
