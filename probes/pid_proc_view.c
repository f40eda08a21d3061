// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pid_proc_view — a /proc mounted in a new pid namespace shows only that
 * namespace's processes, under their inside numbers, and /proc/self
 * resolves to the inside pid.
 *
 * Outside role (root, in the sandbox): launches a container in new pid and
 * mount namespaces; the runtime core mounts a fresh /proc there.  Inside
 * role (the container's init, root): forks one child that blocks, then
 * looks at /proc; in the container it also checks the exact listing, "1 2".
 *
 *   --role inside        inside observations only (in a container that
 *                        runs nothing but this probe)
 *   --fault shared-pid   the container gets a mount namespace but no pid
 *                        namespace, so no fresh /proc: not ok expected
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/file.h"
#include "lib/grow.h"
#include "fixtures/pidprobe.h"
#include "lib/syncfork.h"
#include "lib/tap.h"

/* Every numeric entry of /proc, however many (readdir order is by pid);
 * *pids is malloc'd. */
static int list_proc(pid_t **pids, int *n, struct nsp_err *e)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	size_t cap = 0;
	int rc = 0;

	if (!d)
		return nsp_err_sys(e, "opendir /proc");
	*pids = NULL;
	*n = 0;
	while (rc == 0 && (de = readdir(d))) {
		long v;

		if (!isdigit((unsigned char)de->d_name[0]) ||
		    nsp_parse_long(de->d_name, 1, INT_MAX, &v) < 0)
			continue;
		if (nsp_grow(pids, &cap, (size_t)*n + 1, sizeof(**pids)) < 0)
			rc = nsp_err_sys(e, "list /proc: %d entries", *n + 1);
		else
			(*pids)[(*n)++] = (pid_t)v;
	}
	closedir(d);
	return rc;
}

/* PPid of `pid` in our /proc; 0 when it has none we can see, -1 unreadable. */
static pid_t proc_ppid(pid_t pid)
{
	struct nsp_err e;
	char *s = nsp_read_proc(pid, "status", &e), *line, *end;
	long v = -1;

	if (s && (line = strstr(s, "\nPPid:\t"))) {
		line += 7;
		end = strchr(line, '\n');
		if (end)
			*end = '\0';
		if (nsp_parse_long(line, 0, INT_MAX, &v) < 0)
			v = -1;
	}
	free(s);
	return (pid_t)v;
}

static bool is_ancestor(pid_t p)
{
	for (pid_t a = getppid(); a > 0; a = proc_ppid(a))
		if (a == p)
			return true;
	return false;
}

/* Every listed process must be us, our child, or one of our ancestors. */
static void listing_checks(struct tap *t, pid_t child, bool exact)
{
	pid_t *pids;
	char got[512] = "", stranger[64] = "none";
	size_t used = 0;
	struct nsp_err e = { 0 };
	int n;

	if (list_proc(&pids, &n, &e) < 0) {
		free(pids);
		tap_broken(t, &e, "list /proc");
		return;
	}
	for (int i = 0; i < n; i++) {
		int w = snprintf(got + used, sizeof(got) - used, "%s%d", i ? " " : "", (int)pids[i]);

		if (w > 0 && (size_t)w < sizeof(got) - used)
			used += (size_t)w;
		if (strcmp(stranger, "none") == 0 && pids[i] != getpid() && pids[i] != child &&
		    !is_ancestor(pids[i]))
			snprintf(stranger, sizeof(stranger), "pid %d", (int)pids[i]);
	}
	free(pids);
	tap_expect_str(t, "none", stranger,
		       "/proc lists only this process, its ancestors and its child");
	if (exact)
		tap_expect(t, n == 2 && !strcmp(got, "1 2"), "1 2", got,
			   "/proc in the container lists exactly init and its child");
}

static void inside_checks(struct tap *t, bool exact)
{
	char self[32] = "", want[32], path[64];
	struct nsp_err e;
	pid_t child;
	ssize_t n;
	int fd;

	n = readlink("/proc/self", self, sizeof(self) - 1);
	self[n > 0 ? n : 0] = '\0';
	snprintf(want, sizeof(want), "%d", (int)getpid());
	tap_expect_str(t, want, self, "/proc/self resolves to the inside pid (getpid())");
	child = sync_fork(&fd, &e);
	if (child < 0) {
		tap_broken(t, &e, "a child to look for in /proc");
		return;
	}
	if (child == 0) {
		char b;

		_exit(read(fd, &b, 1) < 0);	/* end-of-file: go */
	}
	snprintf(path, sizeof(path), "/proc/%d/status", (int)child);
	n = access(path, F_OK);
	tap_expect_ok(t, n, errno,
		      "/proc lists our child under the number fork() returned (%d)", (int)child);
	listing_checks(t, child, exact);
	close(fd);	/* the child reads end-of-file and exits */
	waitpid(child, NULL, 0);
}

/* The container's init (inside role, root), with a fresh /proc. */
static int inside_role(struct tap *t, struct twoside *s)
{
	(void)s;
	inside_checks(t, true);
	return 0;
}

/* --role inside: the listing may hold whatever else the container runs. */
static void standalone(struct tap *t)
{
	inside_checks(t, false);
}

int main(int argc, char **argv)
{
	static const struct pid_probe p = { inside_role, NULL, standalone, };
	static const struct probe_main m = PID_PROBE_MAIN("pid_proc_view", &p);

	return probe_main(&m, argc, argv);
}
