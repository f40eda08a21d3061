// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pid_mq_notify — who an mq_notify(3) signal says sent the message,
 * across a pid namespace boundary (pid_namespaces(7), mq_notify(3), LTP
 * pidns30/31).
 *
 * The container's init (pid 1 of a new pid namespace; its IPC namespace
 * is ours, a private one) registers for a queue's notification
 * (fixtures/sigprobe.h).  Kernel rule: the notification's si_pid is the
 * sender as seen in the registered process's pid namespace, 0 when the
 * sender has no number there:
 *
 *   - a message sent from outside notifies init with si_pid 0 (si_code
 *     SI_MESGQ);
 *   - a message init sends notifies a process outside with init's outer pid.
 *
 *   --fault shared-pid        no pid namespace: the first si_pid is not 0
 *   --fault send-from-inside  the outside sends the message init should:
 *                             the listener sees the outside's pid
 */
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fixtures/sigprobe.h"
#include "fixtures/sysvipc.h"
#include "lib/needs.h"
#include "lib/sync.h"
#include "lib/syncfork.h"
#include "lib/tap.h"

#define SIG_MQ SIGRTMIN

enum step { S_MQ_IN = 1, S_MQ_SEND };

static const struct probe_needs needs = {
	.caps_sys_admin = true,
	.namespaces = CLONE_NEWPID | CLONE_NEWIPC,
	.timeout = 30,
};

static const char *const faults[] = { "shared-pid", "send-from-inside", NULL };

static char mq_in[32], mq_out[32];	/* notify init, notify outside */

/* Register for SIG_MQ when a message arrives on a new queue `name`. */
static int notify_me(const char *name)
{
	struct sigevent ev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIG_MQ };
	struct mq_attr at = { .mq_maxmsg = 4, .mq_msgsize = 16 };
	mqd_t q = mq_open(name, O_CREAT | O_RDONLY | O_CLOEXEC, 0600, &at);

	return q == (mqd_t)-1 || sig_catch(SIG_MQ) < 0 || mq_notify(q, &ev) < 0 ? errno : 0;
}

static int setup(const struct probe_args *a)
{
	(void)a;
	return notify_me(mq_in);
}

/* Either side: one message to the outside listener's queue. */
static void send_out(struct sig_caught *c)
{
	mqd_t q = mq_open(mq_out, O_WRONLY | O_CLOEXEC);

	c->errnum = q == (mqd_t)-1 || mq_send(q, "from-init", 9, 0) < 0 ? errno : 0;
	if (q != (mqd_t)-1)
		mq_close(q);
}

static void answer(int step, struct sig_caught *c)
{
	if (step == S_MQ_IN)
		sig_await(SIG_MQ, c);
	else
		send_out(c);
}

/* Outside listener (forked): registered, then what its handler saw. */
static int listener(int fd)
{
	struct sig_caught c = { 0 };
	struct nsp_err e;
	int ready = notify_me(mq_out);

	if (nsp_sync_send(fd, &ready, sizeof(ready), &e) < 0 || ready)
		return 2;
	sig_await(SIG_MQ, &c);
	return nsp_sync_send(fd, &c, sizeof(c), &e) < 0 ? 2 : 0;
}

static void check_mq_in(struct tap *t, struct twoside *s)
{
	struct sig_caught c;
	struct nsp_err e = { 0 };
	mqd_t q = mq_open(mq_in, O_WRONLY | O_CLOEXEC);

	if (q == (mqd_t)-1 || mq_send(q, "from-out", 8, 0) < 0) {
		nsp_err_sys(&e, "outside: send to %s", mq_in);
		tap_broken(t, &e, "mq_notify of init");
	} else if (sig_step(s->fd, S_MQ_IN, &c, &e) < 0) {
		tap_broken(t, &e, "mq_notify of init");
	} else {
		sig_expect(t, &c, 0, SI_MESGQ, "mq_notify: a message sent from outside "
			   "notifies init with si_pid 0 (SI_MESGQ)");
	}
	if (q != (mqd_t)-1)
		mq_close(q);
}

static void check_mq_out(struct tap *t, struct twoside *s, bool fault_send)
{
	struct sig_caught c = { 0 }, sent = { 0 };
	struct nsp_err e = { 0 };
	int fd, ready = -1;
	pid_t l = sync_fork(&fd, &e);

	if (l == 0)
		_exit(listener(fd));
	if (l < 0 || nsp_sync_recv(fd, &ready, sizeof(ready), &e) < 0 || ready ||
	    (fault_send ? (send_out(&sent), sent.errnum) : sig_step(s->fd, S_MQ_SEND, &sent, &e)) ||
	    nsp_sync_recv(fd, &c, sizeof(c), &e) < 0) {
		if (ready > 0)
			nsp_err_set(&e, ready, "listener: mq_notify");
		tap_broken(t, &e, "mq_notify of an outside process");
	} else {
		sig_expect(t, &c, s->run.c.pid, SI_MESGQ, "mq_notify: a message init sends "
			   "notifies an outside process with init's outer pid");
	}
	if (l > 0) {
		close(fd);
		waitpid(l, NULL, 0);
	}
}

/* Outside (this process, root, in the namespaces it started in). */
static void outside(struct tap *t, struct twoside *s, const struct probe_args *a)
{
	check_mq_in(t, s);
	check_mq_out(t, s, probe_fault(a, "send-from-inside"));
}

/* Outside, before the launch: queue names and the IPC namespace for them. */
static int prepare(struct tap *t, const struct probe_args *a, struct nsp_err *e)
{
	sigset_t block;

	(void)a;
	/* a signal meant for the listener must never kill us */
	sigemptyset(&block);
	sigaddset(&block, SIG_MQ);
	sigprocmask(SIG_BLOCK, &block, NULL);
	/* named after our run identity: never another probe's queue */
	snprintf(mq_in, sizeof(mq_in), "/nsp-sig-in-%08x", sysvipc_owner(0));
	snprintf(mq_out, sizeof(mq_out), "/nsp-sig-out-%08x", sysvipc_owner(0));
	return twoside_private_outside(t, "ipc", CLONE_NEWIPC, e);
}

static void cleanup(void)
{
	mq_unlink(mq_in);
	mq_unlink(mq_out);
}

static const struct sig_probe probe = { .prepare = prepare, .setup = setup,
					 .answer = answer, .outside = outside,
					 .cleanup = cleanup };

SIG_PROBE_MAIN("pid_mq_notify", &needs, faults, &probe,
	       "mq_notify across a pid namespace: si_pid 0 for a sender "
	       "outside, init's outer pid for init as the sender")
