/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The outer sandbox: before it runs anything, the runner moves into new
 * mount (everything made private), uts, ipc, net and pid namespaces, and
 * mounts a fresh /proc and /dev/mqueue there.  Everything "outside" a
 * container then happens in the sandbox, never on the host: a probe that
 * sets a hostname, leaves a mount, a veth, an IPC object or a process
 * behind leaves it in namespaces that die with the run.
 *
 * The runner becomes pid 1 of the sandbox's pid namespace, so when it
 * exits (or is SIGKILLed: its parent's death kills it through
 * PR_SET_PDEATHSIG) the kernel kills every process left inside.
 * Cgroups cannot be sandboxed this way; the runtime core cleans those.
 */
#ifndef NSP_RUNNER_SANDBOX_H
#define NSP_RUNNER_SANDBOX_H

#include "lib/err.h"

/*
 * Enter the sandbox.  Returns 0 in the sandboxed child (pid 1 of the new
 * pid namespace, with SIGINT/SIGTERM/SIGHUP blocked and a handler
 * installed: read them from a signalfd).  The calling process stays
 * outside, forwards SIGINT/SIGTERM/SIGHUP to the child, calls at_exit
 * (if not NULL: cleanup of what the sandbox cannot hold, i.e. cgroups)
 * and exits with the child's status; it never returns.  Returns -1 with *e set when the
 * sandbox cannot be made (no CAP_SYS_ADMIN: EPERM), without side effects
 * on the caller when unshare() fails (EPERM without CAP_SYS_ADMIN); a
 * later failure leaves the caller in new namespaces, and it should exit.
 */
int sandbox_enter(void (*at_exit)(void), struct nsp_err *e);

/*
 * For a caller without CAP_SYS_ADMIN, before sandbox_enter(): move into a
 * new user namespace where the caller is root (uid and gid mapped 1:1 to
 * 0, setgroups denied).  EPERM/ENOSPC when user namespaces are off.
 */
int sandbox_enter_user(struct nsp_err *e);

#endif
