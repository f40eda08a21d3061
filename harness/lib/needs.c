// SPDX-License-Identifier: GPL-2.0-or-later
#include "lib/needs.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/file.h"
#include "lib/kconfig.h"
#include "lib/nsfile.h"

/* CapEff bit 21 is CAP_SYS_ADMIN; euid 0 alone does not mean we have it. */
bool need_sys_admin(char *why, unsigned int len)
{
	struct nsp_err e;
	char *status = nsp_read_proc(0, "status", &e), *line;
	unsigned long long caps = 0;

	if (status && (line = strstr(status, "\nCapEff:")))
		caps = strtoull(line + 8, NULL, 16);
	free(status);
	if (caps & (1ULL << 21))
		return true;
	snprintf(why, len, "needs CAP_SYS_ADMIN (run as root)");
	return false;
}

/* unshare() in a child so our own namespaces stay as they are. */
static int try_unshare(int flag)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return errno;
	if (pid == 0)
		_exit(unshare(flag) < 0 ? errno : 0);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return errno;
	return WIFEXITED(status) ? WEXITSTATUS(status) : EIO;
}

static void unshare_reason(int flag, int err, char *why, unsigned int len)
{
	const char *name = ns_type_name(flag);

	if (err == EINVAL)
		snprintf(why, len, "kernel lacks %s namespaces (unshare: EINVAL)", name);
	else if (err == EPERM)
		snprintf(why, len, "no privilege to create a %s namespace (unshare: EPERM)", name);
	else if (err == ENOSPC || err == EUSERS)
		snprintf(why, len, "%s namespace limit reached (user.max_%s_namespaces, unshare: %s)",
			 name, name, nsp_errno_name(err));
	else
		snprintf(why, len, "cannot create a %s namespace (unshare: %s)",
			 name, strerror(err));
}

bool need_namespaces(int flags, char *why, unsigned int len)
{
	for (size_t i = 0; i < ns_ntypes; i++) {
		int err;

		if (!(flags & ns_types[i].flag))
			continue;
		err = try_unshare(ns_types[i].flag);
		if (err) {
			unshare_reason(ns_types[i].flag, err, why, len);
			return false;
		}
	}
	return true;
}

bool need_kconfig(const char *const *options, char *why, unsigned int len)
{
	struct kconfig kc;
	struct nsp_err e;
	bool met = true;

	if (!options || !options[0])
		return true;
	if (kconfig_load(&kc, &e) < 0)
		return true;	/* unreadable config: let the feature answer */
	for (; *options && met; options++) {
		enum kconfig_value v = kconfig_get(&kc, *options);

		if (v == KCONFIG_NO) {
			snprintf(why, len, "%s is not set in %s", *options, kc.source);
			met = false;
		}
	}
	kconfig_free(&kc);
	return met;
}

bool need_cgroup(enum cg_version v, const char *const *controllers,
		 char *why, unsigned int len)
{
	struct cg_layout l;
	struct nsp_err e;

	if (cg_layout_detect(&l, &e) < 0) {
		snprintf(why, len, "cannot tell the cgroup layout: %s", e.msg);
		return false;
	}
	if (l.mode == CG_MODE_NONE) {
		snprintf(why, len, "no cgroup filesystem mounted at %s", CG_ROOT);
		return false;
	}
	if (v == CG_V2 && !l.v2_root[0]) {
		snprintf(why, len, "needs cgroup v2; this machine is %s", cg_mode_name(l.mode));
		return false;
	}
	for (; controllers && *controllers; controllers++) {
		char dir[128];
		enum cg_version got = cg_controller_version(&l, *controllers, dir, sizeof(dir));

		if (got == CG_VNONE) {
			snprintf(why, len, "cgroup controller %s is not available", *controllers);
			return false;
		}
		if (v != CG_VNONE && got != v) {
			snprintf(why, len, "needs the %s controller on cgroup v%d; here it is on v%d (%s layout)",
				 *controllers, v, got, cg_mode_name(l.mode));
			return false;
		}
		/* groups are made at the hierarchy's root: root of a user
		 * namespace (a rootless run) may not write there */
		if (access(got == CG_V1 ? dir : l.v2_root, W_OK) < 0) {
			snprintf(why, len, "cannot create %s cgroups in %s (%s): needs root "
				 "of the initial user namespace", *controllers,
				 got == CG_V1 ? dir : l.v2_root, strerror(errno));
			return false;
		}
	}
	return true;
}

/* Async-signal-safe: write(2) and _exit(2) only.  The runner kills the
 * probe's whole process group after this, so helpers go too. */
static void on_alarm(int sig)
{
	static const char msg[] = "Bail out! probe timed out (its own limit)\n";

	(void)sig;
	if (write(STDOUT_FILENO, msg, sizeof(msg) - 1) < 0)
		_exit(TAP_EXIT_BROKEN);
	_exit(TAP_EXIT_BROKEN);
}

static void arm_timeout(unsigned int seconds)
{
	struct sigaction sa = { .sa_handler = on_alarm };

	if (!seconds)
		return;
	sigaction(SIGALRM, &sa, NULL);
	alarm(seconds);
}

int probe_start(struct tap *t, const struct probe_needs *n)
{
	char why[256];

	tap_init(t, stdout);
	if ((n->caps_sys_admin && !need_sys_admin(why, sizeof(why))) ||
	    !need_kconfig(n->kconfig, why, sizeof(why)) ||
	    (n->namespaces && !need_namespaces(n->namespaces, why, sizeof(why))) ||
	    ((n->cgroup || n->controllers) &&
	     !need_cgroup(n->cgroup, n->controllers, why, sizeof(why))))
		return tap_skip_all(t, "%s", why);
	arm_timeout(n->timeout);
	return -1;
}
