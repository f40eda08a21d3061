// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pid_sigio_owner — a pid namespace's init owns a file's I/O signals by
 * its own number (fcntl(2) F_SETOWN, F_SETSIG; pid_namespaces(7), LTP
 * pidns20).
 *
 * The container's init (pid 1 of a new pid namespace) sets itself, as
 * getpid() names it there (1), owner of the read end of a pipe the
 * outside writes to, with F_SETSIG and O_ASYNC (fixtures/sigprobe.h).
 * Kernel rule: the owner is resolved in the caller's pid namespace, so
 *
 *   - a write from outside raises the chosen signal in init, with
 *     si_code POLL_IN and si_fd the read end.
 *
 *   --fault no-setsig   init sets the owner but no F_SETSIG signal: plain
 *                       SIGIO, no si_code or si_fd to tell
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "fixtures/sigprobe.h"
#include "lib/needs.h"
#include "lib/tap.h"

#define SIG_IO (SIGRTMIN + 1)

enum step { S_SIGIO = 1 };

static const struct probe_needs needs = {
	.caps_sys_admin = true,
	.namespaces = CLONE_NEWPID,
	.timeout = 30,
};

static const char *const faults[] = { "no-setsig", NULL };

static int pipe_fds[2] = { -1, -1 };	/* read end: init's; write end: ours */

/* Init: owner of the read end, by its own pid, with SIG_IO chosen. */
static int setup(const struct probe_args *a)
{
	int fd = pipe_fds[0];

	if (sig_catch(SIG_IO) < 0 || fcntl(fd, F_SETOWN, getpid()) < 0 ||
	    (!probe_fault(a, "no-setsig") && fcntl(fd, F_SETSIG, SIG_IO) < 0) ||
	    fcntl(fd, F_SETFL, O_ASYNC | O_NONBLOCK) < 0)
		return errno;
	return 0;
}

static void answer(int step, struct sig_caught *c)
{
	(void)step;
	sig_await(SIG_IO, c);
}

/* Outside (this process, root, in the namespaces it started in). */
static void outside(struct tap *t, struct twoside *s, const struct probe_args *a)
{
	struct sig_caught c;
	struct nsp_err e = { 0 };
	char got[64];

	(void)a;
	if (write(pipe_fds[1], "x", 1) != 1 || sig_step(s->fd, S_SIGIO, &c, &e) < 0) {
		tap_broken(t, &e, "SIGIO to init");
		return;
	}
	snprintf(got, sizeof(got), c.got ? "si_code %d, si_fd %d" : "no signal", c.code, c.fd);
	tap_expect(t, c.got && c.code == POLL_IN && c.fd == pipe_fds[0], "POLL_IN on the read end",
		   got, "F_SETOWN by init, F_SETSIG: a write from outside signals init with "
		   "POLL_IN and si_fd");
}

/* Outside, before the launch: the pipe both sides hold. */
static int prepare(struct tap *t, const struct probe_args *a, struct nsp_err *e)
{
	(void)t;
	(void)a;
	return pipe2(pipe_fds, O_CLOEXEC) < 0 ? nsp_err_sys(e, "pipe2") : 0;
}

static const struct sig_probe probe = { .prepare = prepare, .setup = setup,
					 .answer = answer, .outside = outside };

SIG_PROBE_MAIN("pid_sigio_owner", &needs, faults, &probe,
	       "F_SETOWN by a pid namespace's init, F_SETSIG: a write from "
	       "outside signals it with POLL_IN and si_fd")
