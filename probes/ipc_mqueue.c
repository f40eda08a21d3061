// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ipc_mqueue — POSIX message queues belong to one IPC namespace: a queue
 * made outside gives ENOENT inside (mq_open) and the reverse, an mqueue
 * filesystem mounted inside lists only the inside queues, and a process
 * joined with setns() opens the container's queue.
 *
 * Outside role (root): the runner's sandbox IPC namespace, else one it
 * unshares for itself.  It makes /nsp-<pid>-out, launches the container
 * (new IPC and mount namespaces; the core makes every mount private) and
 * afterwards a control container WITHOUT a new IPC namespace that must
 * open the outside queue.  Inside role (the container's init, root): makes
 * /nsp-<pid>-in, mounts a tmpfs on /tmp and a fresh mqueue fs on
 * /tmp/mqueue (in its private mount namespace: no directory of the host's
 * is made or covered outside it) and lists it.  Every queue goes on
 * every path: the inside's with its IPC namespace, and whatever is in
 * ours (the fault puts the inside's there too) by mq_unlink at the end.
 *
 *   --fault shared-ipc   the container gets no IPC namespace: not ok expected
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "runtime/launch.h"
#include "lib/needs.h"
#include "fixtures/probeargs.h"
#include "lib/syncfork.h"
#include "lib/tap.h"
#include "fixtures/sysvipc.h"
#include "fixtures/twoside.h"

/* in the container's private mount ns: a tmpfs on /tmp, mqueue inside */
#define MQ_DIR "/tmp/mqueue"

static const struct probe_needs needs = {
	.caps_sys_admin = true,
	.namespaces = CLONE_NEWIPC | CLONE_NEWNS,
	.kconfig = (const char *const[]){ "CONFIG_IPC_NS", "CONFIG_POSIX_MQUEUE", NULL },
	.timeout = 20,
};
static const char *const faults[] = { "shared-ipc", NULL };

struct ctx {
	char out[64], in[64];	/* "/nsp-<pid>-out", "/nsp-<pid>-in" */
	pid_t target;		/* the container's init, for the joiner */
};

/* mq_open without O_CREAT: 0 when the queue exists, else -1 with errno. */
static int mq_exists(const char *name)
{
	mqd_t q = mq_open(name, O_RDONLY | O_CLOEXEC);

	if (q == (mqd_t)-1)
		return -1;
	mq_close(q);
	return 0;
}

/* Inside, in our private mount ns: the names a fresh mqueue fs lists. */
static void mqueue_fs_check(struct tap *t, const char *in)
{
	char got[256] = "";
	struct dirent *de;
	DIR *d;

	if (mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "size=64k") < 0 ||
	    mkdir(MQ_DIR, 0700) < 0 ||
	    mount("mqueue", MQ_DIR, "mqueue", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0 ||
	    !(d = opendir(MQ_DIR))) {
		struct nsp_err e;

		nsp_err_sys(&e, "inside: mount mqueue on %s", MQ_DIR);
		tap_broken(t, &e, "inside: a fresh mqueue fs lists only the inside queue");
		return;
	}
	while ((de = readdir(d)))
		if (de->d_name[0] != '.' && strlen(got) + strlen(de->d_name) + 2 < sizeof(got)) {
			if (got[0])
				strcat(got, " ");
			strcat(got, de->d_name);
		}
	closedir(d);
	tap_expect_str(t, in + 1, got, "inside: an mqueue fs mounted inside lists only "
		       "the inside queue");
}

/* The container's init (root; s->arg: the ctx).  Its queue dies with its
 * IPC namespace; without one (the fault) the outside unlinks it. */
static int inside_role(struct tap *t, struct twoside *s)
{
	const struct ctx *c = s->arg;
	int rc = mq_exists(c->out);
	mqd_t q;

	tap_expect_errno(t, ENOENT, rc, errno,
			 "inside: mq_open of the outside's queue fails with ENOENT");
	q = mq_open(c->in, O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0600, NULL);
	if (tap_expect_ok(t, q == (mqd_t)-1 ? -1 : 0, errno,
			  "inside: mq_open(O_CREAT) makes the inside queue")) {
		mq_close(q);
		mqueue_fs_check(t, c->in);
	}
	return 0;
}

/* Joiner (forked, root): *out is whether the container's queue opens. */
static int joiner(void *arg, void *out, struct nsp_err *e)
{
	const struct ctx *c = arg;

	if (core_join(c->target, CLONE_NEWIPC, e) < 0)
		return nsp_err_wrap(e, "joiner");
	*(bool *)out = mq_exists(c->in) == 0;
	return 0;
}

static int control_main(void *arg)
{
	return mq_exists(((struct ctx *)arg)->out) == 0 ? 0 : 1;
}

/* Outside (root, our IPC namespace), while the container lives. */
static void outside_checks(struct tap *t, struct twoside *s)
{
	struct ctx *c = s->arg;
	struct core_container ctl = CORE_CONTAINER_INIT;
	struct core_spec spec = { .fn = control_main, .arg = c };
	struct nsp_err e = { 0 };
	int rc = mq_exists(c->in), st = -1;
	bool opens = false;

	tap_expect_errno(t, ENOENT, rc, errno,
			 "outside: mq_open of the inside's queue fails with ENOENT");
	c->target = s->run.c.pid;
	if (fork_call(joiner, c, &opens, sizeof(opens), NULL, &e) < 0)
		tap_broken(t, &e, "a process joined with setns() opens the container's queue");
	else
		tap_expect(t, opens, "opens", "ENOENT",
			   "a process joined with setns() opens the container's queue");
	if (core_launch(&spec, &ctl, &e) < 0 || core_wait(&ctl, &st, &e) < 0)
		tap_broken(t, &e, "control container");
	else
		tap_expect(t, WIFEXITED(st) && WEXITSTATUS(st) == 0, "opens", "ENOENT",
			   "control: without a new IPC namespace the outside's queue opens");
	core_destroy(&ctl, &e);
}

static int make_outside(struct tap *t, const char *out, struct nsp_err *e)
{
	mqd_t q;

	if (twoside_private_outside(t, "ipc", CLONE_NEWIPC, e) < 0)
		return -1;
	q = mq_open(out, O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0600, NULL);
	if (q == (mqd_t)-1)
		return nsp_err_sys(e, "outside: mq_open(%s, O_CREAT)", out);
	mq_close(q);
	return 0;
}

static int run(struct tap *t, const struct probe_args *a)
{
	struct ctx c;
	struct twoside s = {
		.spec.namespaces = CLONE_NEWNS | (probe_fault(a, "shared-ipc") ? 0 : CLONE_NEWIPC),
		.inside = inside_role, .outside = outside_checks, .arg = &c,
	};
	struct nsp_err e = { 0 };

	/* named after our run identity: never another probe's queue */
	snprintf(c.out, sizeof(c.out), "/nsp-%08x-out", sysvipc_owner(0));
	snprintf(c.in, sizeof(c.in), "/nsp-%08x-in", sysvipc_owner(0));
	if (make_outside(t, c.out, &e) < 0) {
		tap_broken(t, &e, "outside queue");
		return tap_done(t);
	}
	twoside_run(t, &s);
	/* one cleanup path: the inside is gone; its queue, if it is in our
	 * namespace, and ours go */
	mq_unlink(c.in);
	mq_unlink(c.out);
	return tap_done(t);
}

int main(int argc, char **argv)
{
	static const struct probe_main m = {
		.name = "ipc_mqueue", .needs = &needs, .faults = faults, .outside = run,
		.no_inside = "it needs the outside's queue: no standalone inside role",
	};

	return probe_main(&m, argc, argv);
}
