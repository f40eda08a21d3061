// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pid_signal_blocked — a signal from outside that a pid namespace's init
 * blocks waits for it (pid_namespaces(7), signal(7), LTP pidns16).
 *
 * The container's init (pid 1 of a new pid namespace) has a handler for
 * SIGUSR2 and blocks it (fixtures/sigprobe.h).  Kernel rules: init takes
 * a signal from its ancestors when it has a handler for it; a blocked
 * signal is never ignored on the way, so
 *
 *   - a signal from outside that init blocks is pending;
 *   - once unblocked, it reaches init's handler, with si_pid 0 (the
 *     sender has no number in init's namespace).
 *
 *   --fault shared-pid   no pid namespace: si_pid is not 0
 *   --fault no-handler   init has no handler: unblocked, the signal is
 *                        dropped (init ignores a default action from outside)
 *   --fault no-block     init does not block it: the handler runs at
 *                        once, nothing is pending
 */
#include <errno.h>
#include <sched.h>
#include <signal.h>

#include "fixtures/sigprobe.h"
#include "lib/needs.h"
#include "lib/tap.h"

#define SIG_BLOCKED SIGUSR2

enum step { S_BLOCKED = 1 };

static const struct probe_needs needs = {
	.caps_sys_admin = true,
	.namespaces = CLONE_NEWPID,
	.timeout = 30,
};

static const char *const faults[] = { "shared-pid", "no-handler", "no-block", NULL };

static void mask(int how)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIG_BLOCKED);
	sigprocmask(how, &set, NULL);
}

/* Init: the handler, then the signal blocked. */
static int setup(const struct probe_args *a)
{
	if (!probe_fault(a, "no-handler") && sig_catch(SIG_BLOCKED) < 0)
		return errno;
	if (!probe_fault(a, "no-block"))
		mask(SIG_BLOCK);
	return 0;
}

/* Init, once the outside has sent it: pending?  Then unblocked. */
static void answer(int step, struct sig_caught *c)
{
	sigset_t pend;

	(void)step;
	sigpending(&pend);
	c->pending = sigismember(&pend, SIG_BLOCKED);
	mask(SIG_UNBLOCK);	/* the handler runs now */
	sig_await(SIG_BLOCKED, c);
}

/* Outside (this process, root, in the namespaces it started in). */
static void outside(struct tap *t, struct twoside *s, const struct probe_args *a)
{
	struct sig_caught c;
	struct nsp_err e = { 0 };

	(void)a;
	if (kill(s->run.c.pid, SIG_BLOCKED) < 0 || sig_step(s->fd, S_BLOCKED, &c, &e) < 0) {
		tap_broken(t, &e, "a blocked signal from outside");
		return;
	}
	tap_expect(t, c.pending, "pending", "not pending",
		   "a signal from outside that init blocks is pending");
	sig_expect(t, &c, 0, SI_USER, "once unblocked, it reaches init's handler (si_pid 0)");
}

static const struct sig_probe probe = { .setup = setup, .answer = answer, .outside = outside };

SIG_PROBE_MAIN("pid_signal_blocked", &needs, faults, &probe,
	       "a signal from outside that a pid namespace's init blocks is "
	       "pending, and reaches its handler once unblocked")
