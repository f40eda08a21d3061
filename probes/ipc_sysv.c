// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ipc_sysv — SysV message queues, shared memory and semaphore sets belong
 * to one IPC namespace: invisible by key (ENOENT) and in /proc/sysvipc
 * from another, the same key usable independently on both sides, and
 * visible to a process that joins with setns().
 *
 * Outside role (root): the runner's sandbox IPC namespace, else one it
 * unshares for itself, never the host's.  It makes one object of each
 * type with key A, launches the container (new IPC namespace) whose init
 * is the inside role, then a joiner (core_join) and a control container
 * WITHOUT a new IPC namespace, which must see key A (so the isolation
 * checks can tell the difference).  Inside role (the container's init,
 * root): key A is absent; it makes its own objects with key A (other
 * contents) and key B.  Keys come from the outside's pid (sysvipc.h), so
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
#include <string.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

#include "runtime/launch.h"
#include "lib/needs.h"
#include "fixtures/probeargs.h"
#include "fixtures/sysvipc.h"
#include "lib/syncfork.h"
#include "lib/tap.h"
#include "fixtures/twoside.h"

enum { SHM_SIZE = 4096, VAL_OUT = 7, VAL_IN = 3 };
enum { TAG_A = 0x31, TAG_B = 0x32 };	/* + type index */

static const struct probe_needs needs = {
	.caps_sys_admin = true,
	.namespaces = CLONE_NEWIPC,
	.kconfig = (const char *const[]){ "CONFIG_IPC_NS", "CONFIG_SYSVIPC", NULL },
	.timeout = 20,
};
static const struct probe_needs inside_needs = {
	.kconfig = (const char *const[]){ "CONFIG_SYSVIPC", NULL },
	.timeout = 20,
};
static const char *const faults[] = { "shared-ipc", NULL };

union semun {
	int val;
};

/* One SysV object type: get by key, set and read its "contents", remove. */
static int msg_get(key_t k, int fl) { return msgget(k, fl | 0600); }
static int shm_get(key_t k, int fl) { return shmget(k, SHM_SIZE, fl | 0600); }
static int sem_get(key_t k, int fl) { return semget(k, 1, fl | 0600); }
static void msg_rm(int id) { msgctl(id, IPC_RMID, NULL); }
static void shm_rm(int id) { shmctl(id, IPC_RMID, NULL); }
static void sem_rm(int id) { semctl(id, 0, IPC_RMID); }

/* contents: a semaphore value, or an int at the start of the segment */
static int sem_set(int id, int v) { return semctl(id, 0, SETVAL, (union semun){ .val = v }); }
static int sem_read(int id) { return semctl(id, 0, GETVAL); }
static int shm_set(int id, int v)
{
	int *p = shmat(id, NULL, 0);

	if (p == (void *)-1)
		return -1;
	*p = v;
	return shmdt(p);
}
static int shm_read(int id)
{
	int *p = shmat(id, NULL, SHM_RDONLY), v;

	if (p == (void *)-1)
		return -1;
	v = *p;
	shmdt(p);
	return v;
}

static const struct ipc_type {
	const char *name, *call, *table;
	int (*get)(key_t, int);
	void (*rm)(int);
	int (*set)(int, int);	/* NULL: no contents compared */
	int (*read)(int);
} types[] = {
	{ "message queue", "msgget", "msg", msg_get, msg_rm, NULL, NULL },
	{ "shared memory segment", "shmget", "shm", shm_get, shm_rm, shm_set, shm_read },
	{ "semaphore set", "semget", "sem", sem_get, sem_rm, sem_set, sem_read },
};
#define NTYPES (sizeof(types) / sizeof(types[0]))

struct ctx {
	pid_t owner;		/* the outside's pid: the keys' seed */
	int ids[NTYPES];	/* the outside's key A objects, -1: none */
};

static key_t key_of(unsigned tag, size_t i, pid_t owner)
{
	return sysvipc_key(tag + (unsigned)i, owner);
}

/* Either side: `key` must be unknown here, by key and in /proc/sysvipc. */
static void absent_checks(struct tap *t, const char *side, size_t i, key_t key)
{
	const struct ipc_type *ty = &types[i];
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

/* Inside, the container's init (root; s->arg: the ctx): look, then make
 * key A and key B objects.  They die with its IPC namespace; without one
 * (the fault) they are in the outside's, which removes them by key. */
static int inside_role(struct tap *t, struct twoside *s)
{
	pid_t owner = ((const struct ctx *)s->arg)->owner;

	for (size_t i = 0; i < NTYPES; i++) {
		const struct ipc_type *ty = &types[i];
		int id;

		absent_checks(t, "inside", i, key_of(TAG_A, i, owner));
		id = ty->get(key_of(TAG_A, i, owner), IPC_CREAT | IPC_EXCL);
		if (tap_expect_ok(t, id, errno, "inside: the outside's key makes a %s of our "
				  "own (IPC_CREAT|IPC_EXCL)", ty->name) && ty->set &&
		    ty->set(id, VAL_IN) < 0) {
			struct nsp_err e;

			nsp_err_sys(&e, "inside: set the %s's contents", ty->name);
			tap_broken(t, &e, "inside contents");
		}
		ty->get(key_of(TAG_B, i, owner), IPC_CREAT | IPC_EXCL);
	}
	return 0;
}

/* Joiner (forked, root): after setns(ipc) the container's key B objects
 * exist and key A holds the inside's contents.  *out: bit i set when
 * type i is seen as the container's. */
static int joiner(void *arg, void *out, struct nsp_err *e)
{
	const pid_t *who = arg;	/* the container's init, the keys' owner */
	int bits = 0;

	if (core_join(who[0], CLONE_NEWIPC, e) < 0)
		return nsp_err_wrap(e, "joiner");
	for (size_t i = 0; i < NTYPES; i++) {
		const struct ipc_type *ty = &types[i];
		bool seen = ty->get(key_of(TAG_B, i, who[1]), 0) >= 0;

		if (seen && ty->read)
			seen = ty->read(ty->get(key_of(TAG_A, i, who[1]), 0)) == VAL_IN;
		bits |= seen << i;
	}
	*(int *)out = bits;
	return 0;
}

/* Control container, no new IPC namespace: key A visible.  Same bits. */
static int control_main(void *arg)
{
	const struct ctx *c = arg;
	int bits = 0;

	for (size_t i = 0; i < NTYPES; i++)
		bits |= (types[i].get(key_of(TAG_A, i, c->owner), 0) >= 0) << i;
	return bits;
}

static void join_and_control_checks(struct tap *t, const struct ctx *c, pid_t target)
{
	struct core_container ctl = CORE_CONTAINER_INIT;
	struct core_spec spec = { .fn = control_main, .arg = (void *)c };
	struct nsp_err e = { 0 };
	pid_t who[2] = { target, c->owner };
	int joined = 0, ctl_st = 0;

	if (fork_call(joiner, who, &joined, sizeof(joined), NULL, &e) < 0 ||
	    core_launch(&spec, &ctl, &e) < 0 || core_wait(&ctl, &ctl_st, &e) < 0)
		nsp_err_wrap(&e, "control container");
	core_destroy(&ctl, &(struct nsp_err){ 0 });
	for (size_t i = 0; i < NTYPES; i++) {
		if (e.msg[0]) {
			tap_broken(t, &e, "joiner and control for the %s", types[i].name);
			continue;
		}
		tap_expect(t, joined >> i & 1, "the container's", "not seen",
			   "a process joined with setns() sees the container's %s%s",
			   types[i].name, types[i].read ? " and its contents" : "");
		tap_expect(t, WIFEXITED(ctl_st) && WEXITSTATUS(ctl_st) >> i & 1, "visible",
			   "not visible", "control: without a new IPC namespace the outside's %s "
			   "is visible by key", types[i].name);
	}
}

/* Outside (root, our IPC namespace), after the inside made its objects,
 * while the container lives. */
static void outside_checks(struct tap *t, struct twoside *s)
{
	const struct ctx *c = s->arg;

	for (size_t i = 0; i < NTYPES; i++) {
		if (types[i].read)
			tap_expect_long(t, VAL_OUT, types[i].read(c->ids[i]),
					"outside: our %s keeps its contents after the inside "
					"made one with the same key", types[i].name);
		absent_checks(t, "outside", i, key_of(TAG_B, i, c->owner));
	}
	join_and_control_checks(t, c, s->run.c.pid);
}

/* The outside's IPC namespace: the sandbox's, else a private one. */
static int make_outside(struct tap *t, struct ctx *c, struct nsp_err *e)
{
	if (twoside_private_outside(t, "ipc", CLONE_NEWIPC, e) < 0)
		return -1;
	for (size_t i = 0; i < NTYPES; i++) {
		c->ids[i] = types[i].get(key_of(TAG_A, i, c->owner), IPC_CREAT | IPC_EXCL);
		if (c->ids[i] < 0)
			return nsp_err_sys(e, "outside: %s key A", types[i].call);
		if (types[i].set && types[i].set(c->ids[i], VAL_OUT) < 0)
			return nsp_err_sys(e, "outside: set the %s's contents", types[i].name);
	}
	return 0;
}

static int run(struct tap *t, const struct probe_args *a)
{
	struct ctx c = { .owner = getpid(), .ids = { -1, -1, -1 } };
	struct twoside s = { .spec.namespaces = probe_fault(a, "shared-ipc") ? 0 : CLONE_NEWIPC,
			     .inside = inside_role, .outside = outside_checks, .arg = &c };
	struct nsp_err e = { 0 };

	if (make_outside(t, &c, &e) < 0) {
		tap_broken(t, &e, "outside objects");
	} else {
		twoside_run(t, &s);
		/* the inside is gone: what it made in our namespace goes */
		for (size_t i = 0; i < NTYPES; i++) {
			int id = types[i].get(key_of(TAG_B, i, c.owner), 0);

			if (id >= 0)
				types[i].rm(id);
		}
	}
	/* one cleanup path: ours */
	for (size_t i = 0; i < NTYPES; i++)
		if (c.ids[i] >= 0)
			types[i].rm(c.ids[i]);
	return tap_done(t);
}

/* --role inside: no object of any type, in our own IPC namespace. */
static int inside_alone(struct tap *t, const struct probe_args *a)
{
	static const char *const tables[] = { "msg", "shm", "sem" };

	(void)a;
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		struct nsp_err e = { 0 };
		size_t n = 0;
		char got[32];

		if (sysvipc_proc_count(tables[i], &n, &e) < 0) {
			tap_broken(t, &e, "inside: /proc/sysvipc/%s lists no object", tables[i]);
			continue;
		}
		snprintf(got, sizeof(got), "%zu listed", n);
		tap_expect(t, n == 0, "none", got, "inside: /proc/sysvipc/%s lists no object "
			   "(a new IPC namespace starts empty)", tables[i]);
	}
	return tap_done(t);
}

int main(int argc, char **argv)
{
	static const struct probe_main m = {
		.name = "ipc_sysv", .needs = &needs, .faults = faults, .outside = run,
		.inside = inside_alone, .inside_needs = &inside_needs, .inside_ns = "ipc",
	};

	return probe_main(&m, argc, argv);
}
