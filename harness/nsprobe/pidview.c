// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Pid translation: the target's ids at every pid-namespace level we can
 * see (NSpid/NStgid of /proc/<pid>/status, outermost first), the inode of
 * the pid namespace at each level (NS_GET_PARENT from the target's pid
 * namespace up to ours), and the pid the target's namespace gives each of
 * its direct members (NS_GET_PID_IN_PIDNS, else their NSpid).  Runs in
 * nsprobe, read-only.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "nsprobe/nsioctl.h"
#include "nsprobe/nsprobe.h"

/* Inodes from the target's pid namespace upwards, as far as we see. */
static int parent_chain(int fd, ino_t *chain, int max)
{
	int n = 0, cur = dup(fd);

	while (cur >= 0 && n < max) {
		struct stat st;
		int up;

		if (fstat(cur, &st) < 0)
			break;
		chain[n++] = st.st_ino;
		up = ioctl(cur, NS_GET_PARENT);	/* EPERM at the top of our view */
		close(cur);
		cur = up;
	}
	if (cur >= 0)
		close(cur);
	return n;
}

static void member_ids(struct diag_pidview *pv, int pidns_fd, bool ours)
{
	bool ioctl_ok = true;

	for (size_t i = 0; i < pv->nmembers; i++) {
		struct diag_member *m = &pv->members[i];
		struct ns_status st;
		struct nsp_err e;
		int v;

		if (ours) {		/* our own pid namespace: no translation */
			m->ns_pid = m->pid;
			continue;
		}
		if (ioctl_ok) {
			v = ioctl(pidns_fd, NS_GET_PID_IN_PIDNS, (unsigned long)m->pid);
			if (v > 0) {
				m->ns_pid = v;
				continue;
			}
			ioctl_ok = errno != ENOTTY && errno != EINVAL;
		}
		if (ns_status_read(m->pid, &st, &e) == 0 && st.pid.n > 0)
			m->ns_pid = st.pid.id[st.pid.n - 1];
	}
}

void pid_view(struct diag_report *r)
{
	struct diag_pidview *pv = &r->pid;
	ino_t chain[NSP_MAX_PID_LEVELS];
	struct nsp_err e;
	struct stat self;
	char path[64];
	int fd, n;

	if (ns_status_read(r->tgt->pid, &pv->st, &e) < 0) {
		miss_from_err(&pv->miss, &e);
		return;
	}
	pv->nlevels = pv->st.pid.n;
	snprintf(path, sizeof(path), "/proc/%d/ns/pid", (int)r->tgt->pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		miss_set(&pv->miss, errno, "open %s", path);
		return;
	}
	n = parent_chain(fd, chain, NSP_MAX_PID_LEVELS);
	for (int j = 0; j < n && j < pv->nlevels; j++)
		pv->level_ino[pv->nlevels - 1 - j] = chain[j];
	member_ids(pv, fd, stat("/proc/self/ns/pid", &self) == 0 && n > 0 &&
		   self.st_ino == chain[0]);
	close(fd);
}
