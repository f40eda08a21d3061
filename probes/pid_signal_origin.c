// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pid_signal_origin — who a signal says sent it, across a pid namespace
 * boundary (pid_namespaces(7), signal(7), LTP pidns12/13/16/20/30/31).
 *
 * The container's init (pid 1 of a new pid namespace; its IPC namespace
 * and files are ours, in a private IPC namespace) catches signals with
 * SA_SIGINFO handlers.  Kernel rules (si_pid is the sender as seen in the
 * receiver's pid namespace: task_tgid_nr_ns, 0 when it has no number
 * there):
 *
 *   - kill() from outside reaches init with si_pid 0;
 *   - kill() from a member of its own namespace carries the member's pid
 *     there (2, init's first child);
 *   - a signal from outside that init blocks is pending, and reaches its
 *     handler once unblocked (init takes signals from its ancestors when
 *     it has a handler);
 *   - mq_notify: a message sent from outside notifies init with si_pid 0
 *     (si_code SI_MESGQ); a message init sends notifies a process
 *     outside with init's outer pid;
 *   - F_SETOWN by init, F_SETSIG: a write from outside into its pipe
 *     raises the chosen signal with si_code POLL_IN and si_fd.
 *
 *   --fault shared-pid        no pid namespace: si_pid is never 0
 *   --fault no-handler        init has no handler for the blocked signal
 *   --fault send-from-inside  the outside sends the message init should
 *   --fault no-setsig         init sets the owner but no F_SETSIG signal
 */
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fixtures/probeargs.h"
#include "fixtures/twoside.h"
#include "lib/needs.h"
#include "lib/sync.h"
#include "lib/syncfork.h"
#include "lib/tap.h"

#define WAIT_MS 5000
#define SIG_KILL_OUT (SIGRTMIN + 2)	/* kill() from outside */
#define SIG_KILL_IN (SIGRTMIN + 3)	/* kill() from a member */
#define SIG_BLOCKED SIGUSR2
#define SIG_MQ SIGRTMIN
#define SIG_IO (SIGRTMIN + 1)

static const struct probe_needs needs = {
	.caps_sys_admin = true,
	.namespaces = CLONE_NEWPID | CLONE_NEWIPC,
	.timeout = 30,
};

static const char *const faults[] = {
	"shared-pid", "no-handler", "send-from-inside", "no-setsig", NULL,
};

enum step { S_KILL_OUT = 1, S_KILL_IN, S_BLOCKED, S_MQ_IN, S_MQ_SEND, S_SIGIO };

struct caught {
	int got;		/* the handler ran (within the bound) */
	int pid, code, fd;	/* si_pid, si_code, si_fd */
	int pending;		/* S_BLOCKED: pending while blocked */
	int member;		/* S_KILL_IN: the member's pid as fork() gave it */
	int errnum;		/* our own failure inside, 0 none */
};

struct shared {
	const struct probe_args *a;
	char mq_in[32], mq_out[32];	/* notify init, notify outside */
	int pipe[2];
};

static volatile sig_atomic_t slot_got[64];
static siginfo_t slot[64];

static void on_signal(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	if (sig >= 0 && sig < 64) {
		slot[sig] = *si;
		slot_got[sig] = 1;
	}
}

static int catch_sig(int sig)
{
	struct sigaction sa = { .sa_sigaction = on_signal, .sa_flags = SA_SIGINFO };

	sigemptyset(&sa.sa_mask);
	return sigaction(sig, &sa, NULL);
}

/* Wait (bounded, with everything unblocked) for `sig`'s handler. */
static void await(int sig, struct caught *c)
{
	struct timespec ts = { WAIT_MS / 1000, 0 };
	sigset_t none;

	sigemptyset(&none);
	while (!slot_got[sig] && ppoll(NULL, 0, &ts, &none) < 0 && errno == EINTR)
		;
	c->got = slot_got[sig];
	c->pid = slot[sig].si_pid;
	c->code = slot[sig].si_code;
	c->fd = slot[sig].si_fd;
}

/* Init's setup: handlers, the blocked signal, its queue, the pipe owner. */
static int init_setup(struct shared *sh)
{
	struct sigevent ev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIG_MQ };
	struct mq_attr at = { .mq_maxmsg = 4, .mq_msgsize = 16 };
	sigset_t block;
	mqd_t q;

	if (catch_sig(SIG_KILL_OUT) < 0 || catch_sig(SIG_KILL_IN) < 0 || catch_sig(SIG_MQ) < 0 ||
	    catch_sig(SIG_IO) < 0 || (!probe_fault(sh->a, "no-handler") && catch_sig(SIG_BLOCKED) < 0))
		return errno;
	sigemptyset(&block);
	sigaddset(&block, SIG_BLOCKED);
	sigprocmask(SIG_BLOCK, &block, NULL);
	q = mq_open(sh->mq_in, O_CREAT | O_RDONLY | O_CLOEXEC, 0600, &at);
	if (q == (mqd_t)-1 || mq_notify(q, &ev) < 0)
		return errno;
	if (fcntl(sh->pipe[0], F_SETOWN, getpid()) < 0 ||
	    (!probe_fault(sh->a, "no-setsig") && fcntl(sh->pipe[0], F_SETSIG, SIG_IO) < 0) ||
	    fcntl(sh->pipe[0], F_SETFL, O_ASYNC | O_NONBLOCK) < 0)
		return errno;
	return 0;
}

/* A member of init's namespace signals init. */
static void kill_in(struct caught *c)
{
	pid_t m = fork();

	if (m == 0)
		_exit(kill(1, SIG_KILL_IN) < 0 ? 1 : 0);
	c->member = (int)m;
	await(SIG_KILL_IN, c);
	waitpid(m, NULL, 0);
}

static void blocked(struct caught *c)
{
	sigset_t pend, unblock;

	sigpending(&pend);
	c->pending = sigismember(&pend, SIG_BLOCKED);
	sigemptyset(&unblock);
	sigaddset(&unblock, SIG_BLOCKED);
	sigprocmask(SIG_UNBLOCK, &unblock, NULL);	/* the handler runs now */
	await(SIG_BLOCKED, c);
}

static void mq_send_out(const struct shared *sh, struct caught *c)
{
	mqd_t q = mq_open(sh->mq_out, O_WRONLY | O_CLOEXEC);

	c->errnum = q == (mqd_t)-1 || mq_send(q, "from-init", 9, 0) < 0 ? errno : 0;
	if (q != (mqd_t)-1)
		mq_close(q);
}

/* Container init: answer each step with what it caught. */
static int init_main(struct tap *t, struct twoside *s)
{
	struct shared *sh = s->arg;
	struct nsp_err e;
	enum step st;
	int setup = init_setup(sh);

	(void)t;
	if (nsp_sync_send(s->fd, &setup, sizeof(setup), &e) < 0 || setup)
		return TAP_EXIT_BROKEN;
	while (nsp_sync_recv(s->fd, &st, sizeof(st), &e) == 0) {
		struct caught c = { 0 };

		if (st == S_KILL_OUT)
			await(SIG_KILL_OUT, &c);
		else if (st == S_KILL_IN)
			kill_in(&c);
		else if (st == S_BLOCKED)
			blocked(&c);
		else if (st == S_MQ_IN)
			await(SIG_MQ, &c);
		else if (st == S_MQ_SEND)
			mq_send_out(sh, &c);
		else
			await(SIG_IO, &c);
		if (nsp_sync_send(s->fd, &c, sizeof(c), &e) < 0)
			return TAP_EXIT_BROKEN;
	}
	return 0;
}

static int step(int fd, enum step st, struct caught *c, struct nsp_err *e)
{
	if (nsp_sync_send(fd, &st, sizeof(st), e) < 0 || nsp_sync_recv(fd, c, sizeof(*c), e) < 0)
		return -1;
	if (c->errnum)
		return nsp_err_set(e, c->errnum, "inside, step %d", (int)st);
	return 0;
}

/* Outside listener for init's message: registered, then the signal. */
static int listener(const char *name, int fd)
{
	struct sigevent ev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIG_MQ };
	struct mq_attr at = { .mq_maxmsg = 4, .mq_msgsize = 16 };
	struct caught c = { 0 };
	struct nsp_err e;
	mqd_t q = mq_open(name, O_CREAT | O_RDONLY | O_CLOEXEC, 0600, &at);
	int ready = q == (mqd_t)-1 || catch_sig(SIG_MQ) < 0 || mq_notify(q, &ev) < 0 ? errno : 0;

	if (nsp_sync_send(fd, &ready, sizeof(ready), &e) < 0 || ready)
		return 2;
	await(SIG_MQ, &c);
	return nsp_sync_send(fd, &c, sizeof(c), &e) < 0 ? 2 : 0;
}

static void expect_caught(struct tap *t, const struct caught *c, int pid, int code,
			  const char *what)
{
	char got[64];

	snprintf(got, sizeof(got), c->got ? "si_pid %d, si_code %d" : "no signal", c->pid, c->code);
	tap_expect(t, c->got && c->pid == pid && c->code == code,
		   pid ? "si_pid of the sender" : "si_pid 0", got, "%s", what);
}

static void check_kills(struct tap *t, struct twoside *s)
{
	struct caught c;
	struct nsp_err e = { 0 };
	char got[64];

	if (kill(s->run.c.pid, SIG_KILL_OUT) < 0 || step(s->fd, S_KILL_OUT, &c, &e) < 0)
		tap_broken(t, &e, "a signal from outside");
	else
		expect_caught(t, &c, 0, SI_USER, "kill() from outside reaches init with si_pid 0");
	if (step(s->fd, S_KILL_IN, &c, &e) < 0) {
		tap_broken(t, &e, "a signal from a member");
	} else {
		snprintf(got, sizeof(got), "si_pid %d, member %d", c.pid, c.member);
		tap_expect(t, c.got && c.pid == c.member && c.member == 2, "si_pid 2 (the member)",
			   got, "kill() from a member of the namespace carries its pid there (2)");
	}
	if (kill(s->run.c.pid, SIG_BLOCKED) < 0 || step(s->fd, S_BLOCKED, &c, &e) < 0) {
		tap_broken(t, &e, "a blocked signal from outside");
	} else {
		tap_expect(t, c.pending, "pending", "not pending",
			   "a signal from outside that init blocks is pending");
		expect_caught(t, &c, 0, SI_USER,
			      "once unblocked, it reaches init's handler (si_pid 0)");
	}
}

static void check_mq_in(struct tap *t, struct twoside *s)
{
	struct shared *sh = s->arg;
	struct caught c;
	struct nsp_err e = { 0 };
	mqd_t q = mq_open(sh->mq_in, O_WRONLY | O_CLOEXEC);

	if (q == (mqd_t)-1 || mq_send(q, "from-out", 8, 0) < 0) {
		nsp_err_sys(&e, "outside: send to %s", sh->mq_in);
		tap_broken(t, &e, "mq_notify of init");
	} else if (step(s->fd, S_MQ_IN, &c, &e) < 0) {
		tap_broken(t, &e, "mq_notify of init");
	} else {
		expect_caught(t, &c, 0, SI_MESGQ, "mq_notify: a message sent from outside "
			      "notifies init with si_pid 0 (SI_MESGQ)");
	}
	if (q != (mqd_t)-1)
		mq_close(q);
}

static void check_mq_out(struct tap *t, struct twoside *s)
{
	struct shared *sh = s->arg;
	struct caught c = { 0 }, ignored;
	struct nsp_err e = { 0 };
	int fd, ready = -1;
	pid_t l = sync_fork(&fd, &e);

	if (l == 0)
		_exit(listener(sh->mq_out, fd));
	if (l < 0 || nsp_sync_recv(fd, &ready, sizeof(ready), &e) < 0 || ready ||
	    (probe_fault(sh->a, "send-from-inside") ? (mq_send_out(sh, &ignored), ignored.errnum)
						    : step(s->fd, S_MQ_SEND, &ignored, &e)) ||
	    nsp_sync_recv(fd, &c, sizeof(c), &e) < 0) {
		if (ready > 0)
			nsp_err_set(&e, ready, "listener: mq_notify");
		tap_broken(t, &e, "mq_notify of an outside process");
	} else {
		expect_caught(t, &c, s->run.c.pid, SI_MESGQ, "mq_notify: a message init sends "
			      "notifies an outside process with init's outer pid");
	}
	if (l > 0) {
		close(fd);
		waitpid(l, NULL, 0);
	}
}

static void check_sigio(struct tap *t, struct twoside *s)
{
	struct shared *sh = s->arg;
	struct caught c;
	struct nsp_err e = { 0 };
	char got[64];

	if (write(sh->pipe[1], "x", 1) != 1 || step(s->fd, S_SIGIO, &c, &e) < 0) {
		tap_broken(t, &e, "SIGIO to init");
		return;
	}
	snprintf(got, sizeof(got), c.got ? "si_code %d, si_fd %d" : "no signal", c.code, c.fd);
	tap_expect(t, c.got && c.code == POLL_IN && c.fd == sh->pipe[0], "POLL_IN on the read end",
		   got, "F_SETOWN by init, F_SETSIG: a write from outside signals init with "
		   "POLL_IN and si_fd");
}

static void outside(struct tap *t, struct twoside *s)
{
	struct nsp_err e = { 0 };
	int setup = -1;

	if (nsp_sync_recv(s->fd, &setup, sizeof(setup), &e) < 0 || setup) {
		if (setup > 0)
			nsp_err_set(&e, setup, "init: handlers, queue and pipe owner");
		tap_broken(t, &e, "init prepares its signals");
		return;
	}
	check_kills(t, s);
	check_mq_in(t, s);
	check_mq_out(t, s);
	check_sigio(t, s);
}

static int run(struct tap *t, const struct probe_args *a)
{
	struct shared sh = { .a = a };
	struct twoside s = { .inside = init_main, .outside = outside, .silent = true, .arg = &sh };
	struct nsp_err e = { 0 };
	sigset_t block;

	/* a signal meant for the listener must never kill us */
	sigemptyset(&block);
	sigaddset(&block, SIG_MQ);
	sigprocmask(SIG_BLOCK, &block, NULL);
	snprintf(sh.mq_in, sizeof(sh.mq_in), "/nsp-sig-in-%d", (int)getpid());
	snprintf(sh.mq_out, sizeof(sh.mq_out), "/nsp-sig-out-%d", (int)getpid());
	if (twoside_private_outside(t, "ipc", CLONE_NEWIPC, &e) < 0 ||
	    pipe2(sh.pipe, O_CLOEXEC) < 0)
		return tap_bail_err(t, &e, "setup");
	if (!probe_fault(a, "shared-pid"))
		s.spec.namespaces = CLONE_NEWPID;
	twoside_run(t, &s);
	mq_unlink(sh.mq_in);
	mq_unlink(sh.mq_out);
	return tap_done(t);
}

int main(int argc, char **argv)
{
	static const struct probe_main m = {
		.name = "pid_signal_origin", .needs = &needs, .faults = faults, .outside = run,
		.summary = "si_pid across a pid namespace: 0 from outside, the inner pid from "
			   "inside; blocked signals, mq_notify and F_SETOWN/F_SETSIG",
		.no_inside = "it signals a container init it launches",
	};

	return probe_main(&m, argc, argv);
}
