// SPDX-License-Identifier: GPL-2.0-or-later
#include "runner/sandbox.h"

#include "lib/file.h"
#include "lib/nsfile.h"
#include "lib/nsinit.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* binds, remounts and propagation changes ignore the type; a string
 * rather than NULL keeps valgrind (which checks it as one) quiet */
#define NO_FSTYPE "none"

static const int forwarded[] = { SIGINT, SIGTERM, SIGHUP };
#define NFORWARDED (sizeof(forwarded) / sizeof(forwarded[0]))

static void on_signal(int sig)
{
	(void)sig;
}

/* The forwarded signals plus SIGCHLD, so the parent can sigwaitinfo(). */
static void block_signals(sigset_t *set, sigset_t *old)
{
	sigemptyset(set);
	for (size_t i = 0; i < NFORWARDED; i++)
		sigaddset(set, forwarded[i]);
	sigaddset(set, SIGCHLD);
	sigprocmask(SIG_BLOCK, set, old);
}

/*
 * The namespaces the sandbox asks unshare() for, by the file that shows
 * the caller's before and the new one after.  A new pid namespace is for
 * the children, and its pid_for_children cannot be followed before the
 * first one exists (ENOENT until 7.1): the sandbox's init proves it by
 * being pid 1.  The sandbox is proved before it is trusted: a no-op
 * unshare (a seccomp filter or an LD_PRELOAD shim, as some CI sandboxes
 * have) returns success and creates nothing, and the probes would then
 * rename the host, leave veths in its netns and mount over its /proc.
 */
static const struct {
	const char *name, *type;
} asked[] = {
	{ "mount", "mnt" }, { "uts", "uts" }, { "ipc", "ipc" }, { "network", "net" },
};
#define NASKED (sizeof(asked) / sizeof(asked[0]))

struct ns_before {
	struct ns_ident id[NASKED];
};

static int ns_snapshot(struct ns_before *b, struct nsp_err *e)
{
	for (size_t i = 0; i < NASKED; i++)
		if (ns_ident_of(0, asked[i].type, &b->id[i], e) < 0)
			return nsp_err_wrap(e, "the sandbox's reference namespaces");
	return 0;
}

/* Each namespace asked for has a new inode, else one line naming those that do not. */
static int ns_prove_new(const struct ns_before *b, unsigned mask, struct nsp_err *e)
{
	char missing[96] = "";
	struct ns_ident now;
	int n = 0;

	for (size_t i = 0; i < NASKED; i++) {
		if (!(mask & (1u << i)))
			continue;
		if (ns_ident_of(0, asked[i].type, &now, e) < 0)
			return nsp_err_wrap(e, "prove the sandbox");
		if (!ns_ident_eq(&now, &b->id[i]))
			continue;
		snprintf(missing + strlen(missing), sizeof(missing) - strlen(missing), "%s%s",
			 n++ ? ", " : "", asked[i].name);
	}
	if (n)
		return nsp_err_set(e, 0, "the sandbox is not there: unshare() succeeded but made "
				   "no new %s namespace%s (a seccomp filter or an LD_PRELOAD "
				   "can make it a no-op); nothing was run", missing, n > 1 ? "s" : "");
	return 0;
}
#define NS_ALL_ASKED ((1u << NASKED) - 1)
#define NS_MOUNT_ONLY 1u

/* Probes verify they run here before they change "the outside". */
static int sandbox_export(struct nsp_err *e)
{
	char desc[512];

	if (ns_sandbox_describe(desc, sizeof(desc), e) < 0)
		return nsp_err_wrap(e, "describe sandbox");
	if (setenv("NSHARNESS_SANDBOX", desc, 1) < 0)
		return nsp_err_sys(e, "setenv NSHARNESS_SANDBOX");
	return 0;
}

/* Child, pid 1 of the new pid ns, in the new mount ns: its own /proc. */
static int child_setup(int alive_fd, struct nsp_err *e)
{
	struct pollfd p = { .fd = alive_fd, .events = POLLIN };
	struct ns_before b;
	struct stat st;

	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0)
		return nsp_err_sys(e, "prctl(PR_SET_PDEATHSIG)");
	/* the parent may have died before PDEATHSIG was armed */
	if (poll(&p, 1, 0) > 0 && (p.revents & (POLLHUP | POLLERR)))
		return nsp_err_set(e, ESRCH, "sandbox parent exited");
	if (getpid() != 1)
		return nsp_err_set(e, 0, "the sandbox is not there: its init is pid %d, "
				   "not 1 of a new pid namespace; nothing was run", (int)getpid());
	/* a mount namespace of our own for the new /proc: the parent stays in
	 * the host's pid namespace and needs a /proc that shows it */
	if (ns_snapshot(&b, e) < 0)
		return -1;
	if (unshare(CLONE_NEWNS) < 0)
		return nsp_err_sys(e, "unshare the sandbox's inner mount namespace");
	if (ns_prove_new(&b, NS_MOUNT_ONLY, e) < 0)
		return -1;
	if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
		return nsp_err_sys(e, "mount proc on /proc");
	if (stat("/dev/mqueue", &st) == 0 && S_ISDIR(st.st_mode) &&
	    mount("mqueue", "/dev/mqueue", "mqueue", MS_NOSUID | MS_NODEV | MS_NOEXEC,
		  NULL) < 0)
		return nsp_err_sys(e, "mount mqueue on /dev/mqueue");
	return sandbox_export(e);
}

/* Parent, still in the host's pid ns: forward signals, exit with the
 * child's status.  Sleeps only in sigwaitinfo(), which SIGCHLD ends. */
static _Noreturn void parent_wait(pid_t child, const sigset_t *set,
				  void (*at_exit)(void))
{
	int status;

	for (;;) {
		pid_t got = waitpid(child, &status, WNOHANG);
		int sig;

		if (got == child)
			break;
		if (got < 0 && errno != EINTR)
			_exit(70);
		sig = sigwaitinfo(set, NULL);
		if (sig > 0 && sig != SIGCHLD)
			kill(child, sig);
	}
	if (at_exit)
		at_exit();
	if (WIFSIGNALED(status))
		_exit(128 + WTERMSIG(status));
	_exit(WEXITSTATUS(status));
}

/* Child: handlers first, then setup; the parent learns the outcome. */
static int child_start(int alive_fd, int ready_fd, const sigset_t *old)
{
	struct sigaction sa = { .sa_handler = on_signal };
	struct nsp_err result = { 0 };
	sigset_t keep = *old;

	for (size_t i = 0; i < NFORWARDED; i++) {
		sigaction(forwarded[i], &sa, NULL);
		sigaddset(&keep, forwarded[i]);
	}
	sigprocmask(SIG_SETMASK, &keep, NULL);
	child_setup(alive_fd, &result);
	if (write(ready_fd, &result, sizeof(result)) != sizeof(result) ||
	    result.errnum || result.msg[0])
		_exit(70);
	close(alive_fd);
	close(ready_fd);
	return 0;
}

/*
 * Without CAP_SYS_ADMIN: a user namespace first, with the caller mapped to
 * root, which grants it over the namespaces made next.  Probes then run
 * as root of that user namespace: what user namespaces allow gets real
 * results, what needs the host's root (cgroupfs writes) skips.
 */
int sandbox_enter_user(struct nsp_err *e)
{
	char map[64];
	uid_t uid = geteuid();
	gid_t gid = getegid();

	char env[64], how[128];
	struct nsp_err ignored;
	int outer, known = user_ns_level(&outer, how, sizeof(how), &ignored) == 0;
	struct ns_ident before, after;

	if (ns_ident_of(0, "user", &before, e) < 0)
		return nsp_err_wrap(e, "the sandbox's reference user namespace");
	if (unshare(CLONE_NEWUSER) < 0)
		return nsp_err_sys(e, "unshare a user namespace for the sandbox");
	if (ns_ident_of(0, "user", &after, e) < 0)
		return nsp_err_wrap(e, "prove the sandbox's user namespace");
	if (ns_ident_eq(&before, &after))
		return nsp_err_set(e, 0, "unshare() succeeded but made no new user namespace "
				   "(a seccomp filter or an LD_PRELOAD can make it a no-op)");
	/* "LEVEL@INODE" of the new one, one below ours, for the probes */
	if (known && user_ns_level_env(env, sizeof(env), outer + 1, &ignored) == 0)
		setenv("NSHARNESS_USER_LEVEL", env, 1);
	else
		unsetenv("NSHARNESS_USER_LEVEL");
	snprintf(map, sizeof(map), "0 %u 1\n", (unsigned)uid);
	if (nsp_write_file("/proc/self/uid_map", map, e) < 0 ||
	    nsp_write_file("/proc/self/setgroups", "deny", e) < 0)
		return nsp_err_wrap(e, "sandbox user namespace");
	snprintf(map, sizeof(map), "0 %u 1\n", (unsigned)gid);
	if (nsp_write_file("/proc/self/gid_map", map, e) < 0)
		return nsp_err_wrap(e, "sandbox user namespace");
	return 0;
}

/* The sandbox's pid namespace is one level below ours: its absolute level
 * for the probes (nsinit.h), or nothing where ours cannot be known. */
static void export_pid_level(void)
{
	char how[160], val[16];
	struct nsp_err ignored;
	int level;

	if (pid_ns_level(&level, how, sizeof(how), &ignored) == 0) {
		snprintf(val, sizeof(val), "%d", level + 1);
		setenv("NSHARNESS_PID_LEVEL", val, 1);
	} else {
		unsetenv("NSHARNESS_PID_LEVEL");
	}
}

int sandbox_enter(void (*at_exit)(void), struct nsp_err *e)
{
	int alive[2], ready[2];
	sigset_t set, old;
	struct nsp_err result;
	struct ns_before b;
	pid_t pid;

	export_pid_level();
	if (ns_snapshot(&b, e) < 0)
		return -1;
	if (unshare(CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET |
		    CLONE_NEWPID) < 0)
		return nsp_err_sys(e, "unshare sandbox namespaces");
	/* before anything is changed in what might still be the host's */
	if (ns_prove_new(&b, NS_ALL_ASKED, e) < 0)
		return -1;
	if (mount(NULL, "/", NO_FSTYPE, MS_REC | MS_PRIVATE, NULL) < 0)
		return nsp_err_sys(e, "make / rprivate in the sandbox");
	if (pipe2(alive, O_CLOEXEC) < 0 || pipe2(ready, O_CLOEXEC) < 0)
		return nsp_err_sys(e, "sandbox pipes");
	block_signals(&set, &old);
	pid = fork();
	if (pid < 0)
		return nsp_err_sys(e, "fork sandbox init");
	if (pid == 0) {
		close(alive[1]);
		close(ready[0]);
		return child_start(alive[0], ready[1], &old);
	}
	close(alive[0]);
	close(ready[1]);
	/* until the child has its handlers, a forwarded signal would be lost */
	if (read(ready[0], &result, sizeof(result)) != sizeof(result)) {
		waitpid(pid, NULL, 0);
		return nsp_err_set(e, EPIPE, "sandbox init died during setup");
	}
	if (result.errnum || result.msg[0]) {
		waitpid(pid, NULL, 0);
		*e = result;
		return nsp_err_wrap(e, "sandbox init");
	}
	parent_wait(pid, &set, at_exit);
}
