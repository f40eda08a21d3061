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

/* capability(7) names by number, for the reasons we give */
static const char *const cap_names[] = {
	"CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER",
	"CAP_FSETID", "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP",
	"CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST",
	"CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER",
	"CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE",
	"CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE",
	"CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD",
	"CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP",
	"CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM",
	"CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF",
	"CAP_CHECKPOINT_RESTORE",
};
#define CAP_SYS_ADMIN_BIT 21

/* CapEff of /proc/self/status; euid 0 alone does not mean we have any. */
bool caps_effective(unsigned long long *caps)
{
	struct nsp_err e;
	char *status = nsp_read_proc(0, "status", &e), *line;
	bool found = status && (line = strstr(status, "\nCapEff:"));

	*caps = found ? strtoull(line + 8, NULL, 16) : 0;
	free(status);
	return found;
}

bool need_caps(unsigned long long caps, char *why, unsigned int len)
{
	unsigned long long eff, missing;
	int bit = 0;

	if (!caps_effective(&eff)) {
		snprintf(why, len, "cannot tell our capabilities: no CapEff in /proc/self/status");
		return false;
	}
	missing = caps & ~eff;
	if (!missing)
		return true;
	while (!(missing & (1ULL << bit)))
		bit++;
	if ((size_t)bit < sizeof(cap_names) / sizeof(cap_names[0]))
		snprintf(why, len, "needs %s, ", cap_names[bit]);
	else
		snprintf(why, len, "needs capability %d, ", bit);
	snprintf(why + strlen(why), len - strlen(why), "absent from this process's "
		 "effective capabilities (CapEff %016llx, uid %d%s)", eff, (int)geteuid(),
		 geteuid() == 0 ? ": not granted to it" : ": run as root");
	return false;
}

int caps_parse(const char *list, unsigned long long *mask)
{
	const size_t ncaps = sizeof(cap_names) / sizeof(cap_names[0]);

	*mask = 0;
	while (*list) {
		size_t len = strcspn(list, ","), i;

		for (i = 0; i < ncaps; i++)
			if (strlen(cap_names[i]) == len && !strncmp(list, cap_names[i], len))
				break;
		if (i == ncaps)
			return -1;
		*mask |= 1ULL << i;
		list += len + (list[len] == ',');
	}
	return 0;
}

bool need_sys_admin(char *why, unsigned int len)
{
	return need_caps(NEED_CAP(CAP_SYS_ADMIN_BIT), why, len);
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
	for (size_t i = 0; i < NS_NTYPES; i++) {
		int flag = ns_type_at(i)->flag, err;

		if (!(flags & flag))
			continue;
		err = try_unshare(flag);
		if (err) {
			unshare_reason(flag, err, why, len);
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
			snprintf(why, len, "cgroup controller %s is not available (%s layout: no v1 "
				 "%s hierarchy mounted, %s)", *controllers, cg_mode_name(l.mode),
				 cg_v1_name(*controllers), l.v2_root[0] ?
				 "and cgroup2 does not offer it" : "and no cgroup2");
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
	    (n->caps && !need_caps(n->caps, why, sizeof(why))) ||
	    !need_kconfig(n->kconfig, why, sizeof(why)) ||
	    (n->namespaces && !need_namespaces(n->namespaces, why, sizeof(why))) ||
	    ((n->cgroup || n->controllers) &&
	     !need_cgroup(n->cgroup, n->controllers, why, sizeof(why))))
		return tap_skip_all(t, "%s", why);
	arm_timeout(n->timeout);
	return -1;
}
