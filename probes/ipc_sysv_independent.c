// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ipc_sysv_independent — one SysV key, two IPC namespaces, two objects
 * that work independently (ipc_namespaces(7); LTP sem_comm, msg_comm,
 * shm_comm): a semaphore locked on one side does not block the other's,
 * a message sent on one side is received there only, with its content,
 * and a shared memory segment holds each side's own bytes.
 *
 * Outside role (this process, root, in the sandbox's IPC namespace or a
 * private one): with key K it makes a semaphore set (value 1, then
 * locked to 0), a message queue holding "outside-text" and a segment
 * holding "outside-shm".  The container (CLONE_NEWIPC) makes its own with
 * the same key and checks them; then the outside checks its own.
 *
 *   --fault shared-ipc   the container shares our IPC namespace: it finds
 *                        our objects under K and every check is not ok
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <unistd.h>

#include "fixtures/probeargs.h"
#include "fixtures/sysvipc.h"
#include "fixtures/sysvobj.h"
#include "fixtures/twoside.h"
#include "lib/tap.h"

#define TAG 0x1d
#define SHM_SIZE 4096

static const char *const faults[] = { "shared-ipc", NULL };

struct msgbuf_text {
	long mtype;
	char text[32];
};

struct objects {
	int sem, msg, shm;	/* ids, -1 none */
	int locked;		/* errno of taking the semaphore, 0 taken */
};

static key_t key;

/* The three objects under key (made, or found when the key is taken),
 * the semaphore taken (value 1 -> 0; o->locked says whether it could
 * be), a message and the segment holding the side's text. */
static int make(struct objects *o, const char *who, struct nsp_err *e)
{
	struct msgbuf_text m = { 1, "" };
	struct sembuf down = { 0, -1, IPC_NOWAIT };
	int fresh;
	char *p;

	o->msg = o->shm = -1;
	o->sem = semget(key, 1, IPC_CREAT | IPC_EXCL | 0600);
	fresh = o->sem >= 0;
	if (!fresh && errno == EEXIST)
		o->sem = semget(key, 1, 0600);
	if (o->sem < 0 || (fresh && semctl(o->sem, 0, SETVAL, 1) < 0))
		return nsp_err_sys(e, "%s: semaphore set for key %#x", who, (unsigned)key);
	o->locked = semop(o->sem, &down, 1) < 0 ? errno : 0;
	o->msg = msgget(key, IPC_CREAT | 0600);
	snprintf(m.text, sizeof(m.text), "%s-text", who);
	if (o->msg < 0 || msgsnd(o->msg, &m, sizeof(m.text), IPC_NOWAIT) < 0)
		return nsp_err_sys(e, "%s: message queue for key %#x", who, (unsigned)key);
	o->shm = shmget(key, SHM_SIZE, IPC_CREAT | 0600);
	if (o->shm < 0 || (p = shmat(o->shm, NULL, 0)) == (void *)-1)
		return nsp_err_sys(e, "%s: segment for key %#x", who, (unsigned)key);
	snprintf(p, SHM_SIZE, "%s-shm", who);
	shmdt(p);
	return 0;
}

static void drop(const struct objects *o)
{
	if (o->sem >= 0)
		semctl(o->sem, 0, IPC_RMID);
	if (o->msg >= 0)
		msgctl(o->msg, IPC_RMID, NULL);
	if (o->shm >= 0)
		shmctl(o->shm, IPC_RMID, NULL);
}

/* What a side finds under key: the message and segment text, the value. */
static void look(const char *who, struct tap *t)
{
	struct msgbuf_text m = { 0, "" };
	char want[32], shm[32] = "(none)";
	int msg = msgget(key, 0), seg = shmget(key, 0, 0), sem = semget(key, 0, 0);
	char *p = seg >= 0 ? shmat(seg, NULL, SHM_RDONLY) : (void *)-1;

	if (p != (void *)-1) {
		snprintf(shm, sizeof(shm), "%s", p);
		shmdt(p);
	}
	if (msg < 0 || msgrcv(msg, &m, sizeof(m.text), 0, IPC_NOWAIT) < 0)
		snprintf(m.text, sizeof(m.text), "(%s)", nsp_errno_name(errno));
	snprintf(want, sizeof(want), "%s-text", who);
	tap_expect_str(t, want, m.text, "%s: the message under the key is its own", who);
	snprintf(want, sizeof(want), "%s-shm", who);
	tap_expect_str(t, want, shm, "%s: the segment under the key holds its own bytes", who);
	tap_expect_long(t, 0, sem >= 0 ? semctl(sem, 0, GETVAL) : -1,
			"%s: its semaphore is still held (value 0)", who);
}

/* Container init, root in its IPC namespace (ours under the fault). */
static int inside(struct tap *t, struct twoside *s)
{
	int free_key = semget(key, 0, 0) < 0 && errno == ENOENT;
	struct objects o;
	struct nsp_err e = { 0 };

	(void)s;
	/* the key varies with the run: in a diagnostic, not in the point's name */
	tap_diag(t, "the key: %#x", (unsigned)key);
	tap_expect(t, free_key, "ENOENT", "an object",
		   "inside: the key names nothing before it makes its own");
	if (make(&o, "inside", &e) < 0) {
		tap_broken(t, &e, "inside: its objects under the key");
		drop(&o);
		return TAP_EXIT_BROKEN;
	}
	tap_expect_ok(t, o.locked ? -1 : 0, o.locked,
		      "inside: its semaphore is taken while the outside holds its own");
	look("inside", t);
	if (free_key)	/* under the fault they are ours: the outside drops them */
		drop(&o);
	return 0;
}

static void outside(struct tap *t, struct twoside *s)
{
	(void)s;
	look("outside", t);
}

static int run(struct tap *t, const struct probe_args *a)
{
	struct twoside s = { .inside = inside, .outside = outside };
	struct objects ours = { -1, -1, -1 };
	struct nsp_err e = { 0 };

	key = sysvipc_key(TAG, sysvipc_owner(0));
	if (twoside_private_outside(t, "ipc", CLONE_NEWIPC, &e) < 0 || make(&ours, "outside", &e) < 0 ||
	    (ours.locked && nsp_err_set(&e, ours.locked, "outside: take our semaphore"))) {
		drop(&ours);
		return tap_bail_err(t, &e, "setup");
	}
	if (!probe_fault(a, "shared-ipc"))
		s.spec.namespaces = CLONE_NEWIPC;
	twoside_run(t, &s);
	drop(&ours);
	return tap_done(t);
}

int main(int argc, char **argv)
{
	static const struct probe_main m = {
		.name = "ipc_sysv_independent", .needs = &sysvobj_probe_needs, .faults = faults, .outside = run,
		.summary = "one SysV key in two IPC namespaces: semaphores lock, messages and "
			   "segments carry their content, independently",
		.no_inside = "it makes the objects it compares on both sides",
	};

	return probe_main(&m, argc, argv);
}
