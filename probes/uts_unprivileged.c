// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * uts_unprivileged — a new UTS namespace needs CAP_SYS_ADMIN in the
 * caller's user namespace (unshare(2), clone(2): EPERM), unless it comes
 * with a user namespace of its own in the same call, which grants it
 * (LTP utsname04).
 *
 * Outside role (this process, root): a forked helper drops every
 * capability (capset: effective, permitted and inheritable empty; its
 * uid stays, so this works in any user namespace), then:
 *
 *   - unshare(CLONE_NEWUTS) fails with EPERM;
 *   - clone3(CLONE_NEWUTS) fails with EPERM;
 *   - unshare(CLONE_NEWUSER | CLONE_NEWUTS) succeeds (the user
 *     namespace is made first, and its owner holds CAP_SYS_ADMIN there).
 *
 * Nothing is renamed: each namespace made is the helper's own and dies
 * with it.
 *
 *   --fault privileged   the helpers keep root's capabilities
 *   --fault no-userns    the last call asks for the UTS namespace alone
 */
#include <errno.h>
#include <linux/capability.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fixtures/probeargs.h"
#include "lib/file.h"
#include "lib/needs.h"
#include "lib/syncfork.h"
#include "lib/tap.h"

static const struct probe_needs needs = {
	.caps_sys_admin = true,
	.namespaces = CLONE_NEWUTS | CLONE_NEWUSER,
	.timeout = 10,
};

static const char *const faults[] = { "privileged", "no-userns", NULL };

struct tries {
	int unshare_uts, clone_uts, with_userns;	/* errno, 0: it worked */
};

static int clone_uts(void)
{
	struct { uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size,
		 tls; } args = { .flags = CLONE_NEWUTS, .exit_signal = SIGCHLD };
	pid_t pid = (pid_t)syscall(SYS_clone3, &args, sizeof(args));

	if (pid == 0)
		_exit(0);
	if (pid < 0)
		return errno;
	waitpid(pid, NULL, 0);
	return 0;
}

static int drop_all_caps(void)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2] = { { 0 } };

	return (int)syscall(SYS_capset, &h, d);
}

/* Forked: drop every capability (unless faulted), then the three calls;
 * a call that succeeds moves us, so the last one runs in a fresh child. */
static int unprivileged(void *arg, void *out, struct nsp_err *e)
{
	const struct probe_args *a = arg;
	struct tries *r = out;

	if (!probe_fault(a, "privileged") && drop_all_caps() < 0)
		return nsp_err_sys(e, "capset: drop every capability");
	r->clone_uts = clone_uts();
	r->unshare_uts = unshare(CLONE_NEWUTS) < 0 ? errno : 0;
	if (!r->unshare_uts) {
		/* a success moved us: the last try from a fresh child */
		pid_t c = fork();

		if (c == 0)
			_exit(unshare(probe_fault(a, "no-userns") ? CLONE_NEWUTS :
				      CLONE_NEWUSER | CLONE_NEWUTS) < 0 ? errno : 0);
		waitpid(c, &r->with_userns, 0);
		r->with_userns = WIFEXITED(r->with_userns) ? WEXITSTATUS(r->with_userns) : EIO;
		return 0;
	}
	r->with_userns = unshare(probe_fault(a, "no-userns") ? CLONE_NEWUTS :
				 CLONE_NEWUSER | CLONE_NEWUTS) < 0 ? errno : 0;
	return 0;
}

/* Debian's (and others') switch for unprivileged user namespaces. */
static bool userns_allowed(void)
{
	char v[8];
	struct nsp_err e;

	return nsp_read_line("/proc/sys/kernel/unprivileged_userns_clone", v, sizeof(v), &e) < 0 ||
	       v[0] != '0';
}

static int run(struct tap *t, const struct probe_args *a)
{
	struct tries r = { 0 };
	struct nsp_err e = { 0 };

	if (fork_call(unprivileged, (void *)a, &r, sizeof(r), NULL, &e) < 0)
		return tap_bail_err(t, &e, "the unprivileged helper");
	tap_expect_errno(t, EPERM, r.unshare_uts ? -1 : 0, r.unshare_uts,
			 "without CAP_SYS_ADMIN, unshare(CLONE_NEWUTS) fails with EPERM");
	tap_expect_errno(t, EPERM, r.clone_uts ? -1 : 0, r.clone_uts,
			 "without CAP_SYS_ADMIN, clone3(CLONE_NEWUTS) fails with EPERM");
	if (!userns_allowed())
		tap_skip(t, "kernel.unprivileged_userns_clone is 0 here",
			 "with a user namespace of its own in the same call, it may");
	else
		tap_expect_ok(t, r.with_userns ? -1 : 0, r.with_userns,
			      "with a user namespace of its own in the same call, it may "
			      "(CLONE_NEWUSER | CLONE_NEWUTS)");
	return tap_done(t);
}

int main(int argc, char **argv)
{
	static const struct probe_main m = {
		.name = "uts_unprivileged", .needs = &needs, .faults = faults, .outside = run,
		.summary = "an unprivileged CLONE_NEWUTS fails with EPERM, unless a user "
			   "namespace comes with it",
		.no_inside = "it drops capabilities in a helper of its own",
	};

	return probe_main(&m, argc, argv);
}
