// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * One pass over /proc: how many processes share each of the target's
 * namespaces (as lsns counts them), which of the target's threads are in
 * another namespace than the process (/proc/<pid>/task/<tid>/ns), and the
 * members of its pid namespace with the pid that namespace gives them.
 * Runs in nsprobe, read-only; a process that vanishes mid-scan is skipped.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/file.h"
#include "lib/grow.h"
#include "lib/nsfile.h"
#include "nsprobe/nsioctl.h"
#include "nsprobe/nsprobe.h"

static bool is_pid_name(const char *s, long *pid)
{
	return s[0] >= '1' && s[0] <= '9' && nsp_parse_long(s, 1, INT_MAX, pid) == 0;
}

/* Out of memory, the list ends early: what it holds is still right. */
static void add_member(struct diag_pidview *pv, pid_t pid)
{
	if (nsp_grow(&pv->members, &pv->members_cap, pv->nmembers + 1,
		     sizeof(*pv->members)) < 0)
		return;
	pv->members[pv->nmembers++] = (struct diag_member){ .pid = pid };
}

static void add_thread(struct diag_nsinfo *ni, pid_t tid)
{
	if (nsp_grow(&ni->threads_differ, &ni->threads_cap, (size_t)ni->nthreads_differ + 1,
		     sizeof(*ni->threads_differ)) == 0)
		ni->threads_differ[ni->nthreads_differ++] = tid;
}

/* Compare one process's namespaces with the target's. */
static void scan_one(struct diag_report *r, int procfd, long pid)
{
	char path[64];
	int nsdir;

	snprintf(path, sizeof(path), "%ld/ns", pid);
	nsdir = openat(procfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (nsdir < 0)
		return;		/* gone, a kernel thread we may not read, ... */
	for (size_t i = 0; i < r->nns; i++) {
		struct diag_nsinfo *ni = &r->ns[i];
		struct stat st;

		if (!ni->present || fstatat(nsdir, ni->type->name, &st, 0) < 0)
			continue;
		if (st.st_ino != ni->ino || st.st_dev != ni->dev)
			continue;
		ni->nprocs++;
		if (strcmp(ni->type->name, "pid") == 0 && r->pid.applies)
			add_member(&r->pid, (pid_t)pid);
	}
	close(nsdir);
}

/* Threads of the target whose namespace differs from the process's. */
static void scan_threads(struct diag_report *r)
{
	char path[64];
	struct dirent *d;
	long tid;
	DIR *dir;

	snprintf(path, sizeof(path), "/proc/%d/task", (int)r->tgt->pid);
	dir = opendir(path);
	if (!dir)
		return;
	while ((d = readdir(dir))) {
		if (!is_pid_name(d->d_name, &tid) || tid == r->tgt->pid)
			continue;
		for (size_t i = 0; i < r->nns; i++) {
			struct diag_nsinfo *ni = &r->ns[i];
			char tpath[128];
			struct stat st;

			snprintf(tpath, sizeof(tpath), "%s/%ld/ns/%s", path, tid, ni->type->name);
			if (!ni->present || stat(tpath, &st) < 0)
				continue;
			if (st.st_ino != ni->ino || st.st_dev != ni->dev)
				add_thread(ni, (pid_t)tid);
		}
	}
	closedir(dir);
}

void scan_sharers(struct diag_report *r)
{
	struct dirent *d;
	long pid;
	DIR *proc = opendir("/proc");

	if (!proc)
		return;
	for (size_t i = 0; i < r->nns; i++)
		if (r->ns[i].present)
			r->ns[i].nprocs = 0;
	while ((d = readdir(proc)))
		if (is_pid_name(d->d_name, &pid))
			scan_one(r, dirfd(proc), pid);
	closedir(proc);
	if (r->tgt->kind == TGT_PID)
		scan_threads(r);
}
