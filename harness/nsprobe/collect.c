// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Collect the whole report for one target.  A pid target gets every
 * namespace type and every view; a namespace-file target gets its one
 * namespace and, for uts/net/ipc, that view (mnt, pid, cgroup and user
 * views are about a process and do not apply).  Returns how many items
 * could not be read, for the "partial" exit status.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nsprobe/nsprobe.h"

static void one_view(struct diag_report *r, int flag, int fd)
{
	if (flag == CLONE_NEWUTS)
		view_uts(&r->uts, fd);
	else if (flag == CLONE_NEWNET)
		view_net(&r->net, fd);
	else if (flag == CLONE_NEWIPC)
		view_ipc(&r->ipc, fd);
}

static void pid_views(struct diag_report *r)
{
	static const int viewed[] = { CLONE_NEWUTS, CLONE_NEWNET, CLONE_NEWIPC };
	const struct ns_type *ty;
	char path[64];

	for (size_t i = 0; i < sizeof(viewed) / sizeof(viewed[0]); i++) {
		int fd;

		ty = ns_type_by_flag(viewed[i]);
		snprintf(path, sizeof(path), "/proc/%d/ns/%s", (int)r->tgt->pid, ty->name);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			struct diag_miss *m = viewed[i] == CLONE_NEWUTS ? &r->uts.miss :
					     viewed[i] == CLONE_NEWNET ? &r->net.miss : &r->ipc.miss;

			miss_set(m, errno, "open %s", path);
			continue;
		}
		one_view(r, viewed[i], fd);
		close(fd);
	}
	r->uts.applies = r->net.applies = r->ipc.applies = true;
	mnt_view(&r->mnt, r->tgt->pid);
	cgroup_view(&r->cg, r->tgt->pid);
	user_view(&r->user, r->tgt->pid);
	time_view(&r->time, r->tgt->pid);
}

static int count_missing(const struct diag_report *r)
{
	const struct diag_miss *views[] = { &r->pid.miss, &r->uts.miss, &r->net.miss,
					   &r->ipc.miss, &r->mnt.miss, &r->cg.miss,
					   &r->user.miss, &r->time.miss };
	int n = 0;

	for (size_t i = 0; i < r->nns; i++)
		n += !r->ns[i].present && r->ns[i].miss.errnum != ENOENT;
	for (size_t i = 0; i < sizeof(views) / sizeof(views[0]); i++)
		n += views[i]->errnum != 0;
	n += r->ipc.applies && !r->ipc.miss.errnum && r->ipc.mq_miss.errnum != 0;
	return n;
}

int report_collect(struct diag_report *r, struct diag_target *t, bool views)
{
	memset(r, 0, sizeof(*r));
	r->tgt = t;
	if (t->kind == TGT_NSFILE) {
		r->nns = 1;
		r->ns[0].type = ns_type_by_flag(t->nsflag);
		ns_info_from_fd(&r->ns[0], t->nsfd, t->path);
		scan_sharers(r);
		if (views)
			one_view(r, t->nsflag, t->nsfd);
		return count_missing(r);
	}
	r->nns = DIAG_NTYPES;
	for (size_t i = 0; i < DIAG_NTYPES; i++)
		ns_info_of_pid(&r->ns[i], &ns_files[i], t->pid);
	r->pid.applies = true;
	scan_sharers(r);
	pid_view(r);
	if (views)
		pid_views(r);
	return count_missing(r);
}

void report_free(struct diag_report *r)
{
	for (size_t i = 0; i < r->nns; i++) {
		free(r->ns[i].threads_differ);
		free(r->ns[i].owner_chain);
	}
	for (size_t i = 0; i < r->mnt.nlower; i++)
		free(r->mnt.lower[i]);
	free(r->mnt.lower);
	free(r->mnt.upper);
	free(r->mnt.work);
	free(r->pid.members);
	for (int i = 0; i < r->net.nlinks; i++)
		free(r->net.links[i].addrs);
	free(r->net.links);
	free(r->mnt.peers);
	free(r->cg.entries);
	free(r->user.uid);
	free(r->user.gid);
	memset(r, 0, sizeof(*r));
}

const struct diag_nsinfo *report_ns(const struct diag_report *r, const char *type)
{
	for (size_t i = 0; i < r->nns; i++)
		if (strcmp(r->ns[i].type->name, type) == 0)
			return &r->ns[i];
	return NULL;
}
