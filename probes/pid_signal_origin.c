// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pid_signal_origin — who kill() says sent a signal, across a pid
 * namespace boundary (pid_namespaces(7), signal(7), LTP pidns12/13).
 *
 * The container's init (pid 1 of a new pid namespace) catches two
 * signals with SA_SIGINFO handlers (fixtures/sigprobe.h).  Kernel rule:
 * si_pid is the sender as seen in the receiver's pid namespace
 * (task_tgid_nr_ns), 0 when the sender has no number there:
 *
 *   - kill() from outside reaches init with si_pid 0;
 *   - kill() from a member of its own namespace carries the member's pid
 *     there (2, init's first child).
 *
 *   --fault shared-pid   no pid namespace: si_pid is never 0, the member
 *                        is not 2
 */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fixtures/sigprobe.h"
#include "lib/needs.h"
#include "lib/tap.h"

#define SIG_FROM_OUT (SIGRTMIN + 2)	/* kill() from outside */
#define SIG_FROM_IN (SIGRTMIN + 3)	/* kill() from a member */

enum step { S_KILL_OUT = 1, S_KILL_IN };

static const struct probe_needs needs = {
	.caps_sys_admin = true,
	.namespaces = CLONE_NEWPID,
	.timeout = 30,
};

static const char *const faults[] = { "shared-pid", NULL };

/* Init: a handler for each signal. */
static int setup(const struct probe_args *a)
{
	(void)a;
	return sig_catch(SIG_FROM_OUT) < 0 || sig_catch(SIG_FROM_IN) < 0 ? errno : 0;
}

/* Init: a member of its namespace signals it.  By getppid(), not 1: under
 * the fault, pid 1 is the host's init, never ours to signal. */
static void kill_in(struct sig_caught *c)
{
	pid_t m = fork();

	if (m == 0)
		_exit(kill(getppid(), SIG_FROM_IN) < 0 ? 1 : 0);
	c->member = (int)m;
	sig_await(SIG_FROM_IN, c);
	waitpid(m, NULL, 0);
}

static void answer(int step, struct sig_caught *c)
{
	if (step == S_KILL_OUT)
		sig_await(SIG_FROM_OUT, c);
	else
		kill_in(c);
}

/* Outside (this process, root, in the namespaces it started in). */
static void outside(struct tap *t, struct twoside *s, const struct probe_args *a)
{
	struct sig_caught c;
	struct nsp_err e = { 0 };
	char got[64];

	(void)a;
	if (kill(s->run.c.pid, SIG_FROM_OUT) < 0 || sig_step(s->fd, S_KILL_OUT, &c, &e) < 0)
		tap_broken(t, &e, "a signal from outside");
	else
		sig_expect(t, &c, 0, SI_USER, "kill() from outside reaches init with si_pid 0");
	if (sig_step(s->fd, S_KILL_IN, &c, &e) < 0) {
		tap_broken(t, &e, "a signal from a member");
		return;
	}
	snprintf(got, sizeof(got), "si_pid %d, member %d", c.pid, c.member);
	tap_expect(t, c.got && c.pid == c.member && c.member == 2, "si_pid 2 (the member)",
		   got, "kill() from a member of the namespace carries its pid there (2)");
}

static const struct sig_probe probe = { .setup = setup, .answer = answer, .outside = outside };

SIG_PROBE_MAIN("pid_signal_origin", &needs, faults, &probe,
	       "si_pid of kill() across a pid namespace: 0 from outside, the "
	       "inner pid from inside")
