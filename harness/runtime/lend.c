// SPDX-License-Identifier: GPL-2.0-or-later
#include "runtime/lend.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <unistd.h>

#include "lib/file.h"
#include "lib/nsfile.h"

int lend_clone_flags(const struct core_spec *s, int namespaces)
{
	if (s->time.set)
		namespaces &= ~CLONE_NEWTIME;	/* the lent one, offsets and all */
	return namespaces;
}

static int open_own(const char *type, struct nsp_err *e)
{
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "/proc/self/ns/%s", type);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	return fd < 0 ? nsp_err_sys(e, "open %s", path) : fd;
}

static int enter_net(pid_t from, struct lend *l, struct nsp_err *e)
{
	char path[64];
	int fd, rc = 0;

	snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)from);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return nsp_err_sys(e, "--net-from %d: open %s", (int)from, path);
	l->net_home = open_own("net", e);
	if (l->net_home < 0) {
		rc = -1;
	} else if (setns(fd, CLONE_NEWNET) < 0) {
		rc = nsp_err_sys(e, "--net-from %d: setns into its network namespace", (int)from);
		close(l->net_home);
		l->net_home = -1;
	}
	close(fd);
	return rc;
}

static int enter_time(const struct core_time_offsets *t, struct lend *l,
		      struct nsp_err *e)
{
	char offsets[96];

	l->time_home = open_own("time", e);
	if (l->time_home < 0)
		return -1;
	if (unshare(CLONE_NEWTIME) < 0) {
		nsp_err_sys(e, "unshare(CLONE_NEWTIME) for the offsets");
		close(l->time_home);
		l->time_home = -1;
		return -1;
	}
	/* /proc/self/timens_offsets is our time_for_children's: the new one */
	snprintf(offsets, sizeof(offsets), "monotonic %lld 0\nboottime %lld 0\n",
		 t->monotonic, t->boottime);
	if (nsp_write_file("/proc/self/timens_offsets", offsets, e) < 0)
		return nsp_err_wrap(e, "time namespace offsets");
	return 0;
}

int lend_enter(const struct core_spec *s, struct lend *l, struct nsp_err *e)
{
	*l = (struct lend){ .net_home = -1, .time_home = -1 };
	if (s->net_from && enter_net(s->net_from, l, e) < 0)
		return -1;
	if (s->time.set && enter_time(&s->time, l, e) < 0) {
		struct nsp_err ignored;

		lend_leave(l, &ignored);
		return -1;
	}
	return 0;
}

static int go_home(int *fd, int type, const char *what, struct nsp_err *e)
{
	int rc = 0;

	if (*fd < 0)
		return 0;
	if (setns(*fd, type) < 0)
		rc = nsp_err_sys(e, "back to our own %s namespace", what);
	close(*fd);
	*fd = -1;
	return rc;
}

int lend_leave(struct lend *l, struct nsp_err *e)
{
	int rc = go_home(&l->net_home, CLONE_NEWNET, "network", e);

	/* setns of a time namespace sets time_for_children too: ours again */
	if (go_home(&l->time_home, CLONE_NEWTIME, "time", e) < 0)
		rc = -1;
	return rc;
}
