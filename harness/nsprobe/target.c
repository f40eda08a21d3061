// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * TARGET parsing: a pid, /proc/<pid>, /proc/<pid>/ns, or one namespace
 * file (/proc/<pid>/ns/net, a bind mount such as /run/netns/NAME).  The
 * kind is decided by what the path is (stat, then NS_GET_NSTYPE on a
 * file), never by how it is spelled, except that a bare number is a pid.
 * Runs in nsprobe itself, in the caller's namespaces, read-only.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/nsfs.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "lib/file.h"
#include "nsprobe/nsprobe.h"

char target_state(pid_t pid)
{
	char path[64], buf[512], *p;
	struct nsp_err e;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if (nsp_read_line(path, buf, sizeof(buf), &e) < 0)
		return '?';
	p = strrchr(buf, ')');	/* comm may hold spaces and parentheses */
	return p && p[1] == ' ' && p[2] ? p[2] : '?';
}

static void read_comm(struct diag_target *t)
{
	char path[64];
	struct nsp_err e;

	snprintf(path, sizeof(path), "/proc/%d/comm", (int)t->pid);
	if (nsp_read_line(path, t->comm, sizeof(t->comm), &e) < 0)
		t->comm[0] = '\0';
}

/* The process must exist, be alive, and its namespaces readable by us. */
static int open_pid(struct diag_target *t, long pid, char *why, size_t len)
{
	char path[64];
	struct stat st;

	t->kind = TGT_PID;
	t->pid = (pid_t)pid;
	snprintf(path, sizeof(path), "/proc/%ld", pid);
	if (stat(path, &st) < 0) {
		snprintf(why, len, "no such process");
		return NSPROBE_GONE;
	}
	/* a pidfd tells at the end whether it was the same process all along */
	t->pidfd = (int)syscall(SYS_pidfd_open, t->pid, 0);
	if (t->pidfd < 0 && errno == ESRCH) {
		snprintf(why, len, "no such process");
		return NSPROBE_GONE;
	}
	if (target_state(t->pid) == 'Z') {
		snprintf(why, len, "process has exited (zombie, its namespaces are gone)");
		return NSPROBE_GONE;
	}
	read_comm(t);
	snprintf(path, sizeof(path), "/proc/%ld/ns/mnt", pid);
	if (stat(path, &st) < 0) {
		if (errno == EACCES || errno == EPERM) {
			snprintf(why, len, "permission denied: %s (needs ptrace access: root or the same user)",
				 path);
			return NSPROBE_PERM;
		}
		snprintf(why, len, "process exited while being probed (%s: %s)", path,
			 strerror(errno));
		return NSPROBE_GONE;
	}
	return NSPROBE_OK;
}

/* "/proc/<N>" or "/proc/<N>/ns" (after realpath) into a pid. */
static bool proc_dir_pid(const char *real, long *pid)
{
	char num[32];
	const char *p;
	size_t n;

	if (strncmp(real, "/proc/", 6) != 0)
		return false;
	p = real + 6;
	n = strspn(p, "0123456789");
	if (n == 0 || n >= sizeof(num) || (p[n] && strcmp(p + n, "/ns") != 0))
		return false;
	memcpy(num, p, n);
	num[n] = '\0';
	return nsp_parse_long(num, 1, INT_MAX, pid) == 0;
}

static int open_nsfile(struct diag_target *t, const char *spec, char *why, size_t len)
{
	int flag;

	t->kind = TGT_NSFILE;
	snprintf(t->path, sizeof(t->path), "%s", spec);
	t->nsfd = open(spec, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (t->nsfd < 0) {
		int err = errno;

		snprintf(why, len, "%s%s", strerror(err),
			 err == EACCES ? " (needs ptrace access: root or the same user)" : "");
		return err == EACCES || err == EPERM ? NSPROBE_PERM :
		       err == ENOENT ? NSPROBE_GONE : NSPROBE_USAGE;
	}
	flag = ioctl(t->nsfd, NS_GET_NSTYPE);
	if (flag < 0 || !ns_type_by_flag(flag)) {
		snprintf(why, len, "not a namespace file or a /proc/<pid> directory");
		return NSPROBE_USAGE;
	}
	t->nsflag = flag;
	return NSPROBE_OK;
}

int target_open(struct diag_target *t, const char *spec, char *why, size_t len)
{
	char real[PATH_MAX];
	struct stat st;
	long pid;

	memset(t, 0, sizeof(*t));
	t->spec = spec;
	t->pidfd = t->nsfd = -1;
	if (spec[0] >= '0' && spec[0] <= '9' && strspn(spec, "0123456789") == strlen(spec)) {
		if (nsp_parse_long(spec, 1, INT_MAX, &pid) < 0) {
			snprintf(why, len, "not a valid pid");
			return NSPROBE_USAGE;
		}
		return open_pid(t, pid, why, len);
	}
	if (stat(spec, &st) < 0) {
		if (errno == EACCES) {
			snprintf(why, len, "permission denied (needs ptrace access: root or the same user)");
			return NSPROBE_PERM;
		}
		if (errno == ENOENT && strchr(spec, '/'))
			snprintf(why, len, "no such file or directory");
		else if (errno == ENOENT)
			snprintf(why, len, "not a pid, /proc/<pid>[/ns] or namespace file");
		else
			snprintf(why, len, "%s", strerror(errno));
		return errno == ENOENT && strchr(spec, '/') ? NSPROBE_GONE : NSPROBE_USAGE;
	}
	if (S_ISDIR(st.st_mode)) {
		if (!realpath(spec, real) || !proc_dir_pid(real, &pid)) {
			snprintf(why, len, "not a namespace file or a /proc/<pid> directory");
			return NSPROBE_USAGE;
		}
		return open_pid(t, pid, why, len);
	}
	return open_nsfile(t, spec, why, len);
}

bool target_alive(const struct diag_target *t)
{
	if (t->kind != TGT_PID)
		return true;
	/* the same process (pidfd), not a new one with a recycled pid */
	if (t->pidfd >= 0 && syscall(SYS_pidfd_send_signal, t->pidfd, 0, NULL, 0) < 0 &&
	    errno == ESRCH)
		return false;
	if (target_state(t->pid) == 'Z')
		return false;
	return kill(t->pid, 0) == 0 || errno == EPERM;
}

void target_close(struct diag_target *t)
{
	if (t->pidfd >= 0)
		close(t->pidfd);
	if (t->nsfd >= 0)
		close(t->nsfd);
	t->pidfd = t->nsfd = -1;
}
