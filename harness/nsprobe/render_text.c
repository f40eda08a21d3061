// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The human-readable report: one section per namespace type, every item
 * either its value or "unreadable: why (needs ...)", never a silent blank.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "runtime/cgroup.h"
#include "nsprobe/nsprobe.h"

static void text_miss(FILE *out, const char *what, const struct diag_miss *m)
{
	char buf[400];

	fprintf(out, "  %-11s unreadable: %s\n", what, miss_str(m, buf, sizeof(buf)));
}

static void text_target(FILE *out, const struct diag_report *r)
{
	const struct diag_target *t = r->tgt;

	if (t->kind == TGT_PID)
		fprintf(out, "target: pid %d (%s), state %c\n", (int)t->pid, t->comm,
			target_state(t->pid));
	else
		fprintf(out, "target: namespace file %s\n", t->path);
	fprintf(out, "viewer: pid %d, euid %d\n", (int)getpid(), (int)geteuid());
}

static void text_ns_row(FILE *out, const struct diag_nsinfo *ni)
{
	char id[24] = "-", owner[24] = "-", parent[24] = "-", procs[24] = "?";

	if (!ni->present) {
		char buf[400];

		fprintf(out, "  %-17s %s\n", ni->type->name, miss_str(&ni->miss, buf, sizeof(buf)));
		return;
	}
	if (ni->has_id)
		snprintf(id, sizeof(id), "%llu", (unsigned long long)ni->id);
	if (ni->has_owner)
		snprintf(owner, sizeof(owner), "%lu", (unsigned long)ni->owner_ino);
	else if (ni->owner_miss.errnum == EPERM)
		snprintf(owner, sizeof(owner), "(above view)");
	if (ni->has_parent)
		snprintf(parent, sizeof(parent), "%lu", (unsigned long)ni->parent_ino);
	else if (ni->parent_applies)
		snprintf(parent, sizeof(parent), "%s",
			 ni->parent_miss.errnum == EPERM ? "(top of view)" : "?");
	if (ni->nprocs >= 0)
		snprintf(procs, sizeof(procs), "%ld", ni->nprocs);
	fprintf(out, "  %-17s %-11lu %-6s %-7s %-6s %-13s %s\n", ni->type->name,
		(unsigned long)ni->ino, id,
		ni->initial > 0 ? "yes" : ni->initial == 0 ? "no" : "unknown", procs, owner, parent);
}

static void text_ns_notes(FILE *out, const struct diag_report *r)
{
	for (size_t i = 0; i < r->nns; i++) {
		const struct diag_nsinfo *ni = &r->ns[i];

		if (!ni->present)
			continue;
		fprintf(out, "  %s: %s (%s)", ni->type->name,
			ni->initial > 0 ? "the initial one" : ni->initial == 0 ?
			"not the initial one" : "initial or not: unknown", ni->initial_basis);
		if (ni->has_owner_uid)
			fprintf(out, "; owner uid %u", (unsigned)ni->owner_uid);
		for (size_t k = 0; k < ni->owner_chain_n; k++)
			fprintf(out, "%s%lu", k ? " < " : "; owners ",
				(unsigned long)ni->owner_chain[k]);
		if (ni->owner_chain_to_initial)
			fprintf(out, " (initial)");
		if (!ni->has_id && ni->id_miss.errnum == ENOTTY)
			fprintf(out, "; no NS_GET_ID on this kernel");
		for (int k = 0; k < ni->nthreads_differ; k++)
			fprintf(out, "%s%d", k ? " " : "; threads in another one: ",
				(int)ni->threads_differ[k]);
		fputc('\n', out);
	}
}

static void text_namespaces(FILE *out, const struct diag_report *r)
{
	dev_t dev = 0;

	for (size_t i = 0; i < r->nns; i++)
		if (r->ns[i].present)
			dev = r->ns[i].dev;
	fprintf(out, "\nnamespaces (nsfs device %u:%u)\n", major(dev), minor(dev));
	fprintf(out, "  %-17s %-11s %-6s %-7s %-6s %-13s %s\n", "TYPE", "INODE", "ID",
		"INITIAL", "PROCS", "OWNER-USERNS", "PARENT");
	for (size_t i = 0; i < r->nns; i++)
		text_ns_row(out, &r->ns[i]);
	text_ns_notes(out, r);
}

static void text_idlist(FILE *out, const char *name, const struct ns_idlist *l)
{
	fprintf(out, "  %-11s", name);
	for (int i = 0; i < l->n; i++)
		fprintf(out, " %d", (int)l->id[i]);
	fputc('\n', out);
}

static void text_pid(FILE *out, const struct diag_pidview *pv)
{
	size_t shown = pv->nmembers < 16 ? pv->nmembers : 16;

	fprintf(out, "\npid (outermost level first)\n");
	if (pv->miss.errnum) {
		text_miss(out, "NSpid", &pv->miss);
		return;
	}
	text_idlist(out, "NSpid", &pv->st.pid);
	text_idlist(out, "NStgid", &pv->st.tgid);
	fprintf(out, "  %-11s", "pid ns");
	for (int i = 0; i < pv->nlevels; i++)
		fprintf(out, " %lu", (unsigned long)pv->level_ino[i]);
	fprintf(out, "\n  members    %zu of its pid namespace (our pid=its pid):", pv->nmembers);
	for (size_t i = 0; i < shown; i++)
		fprintf(out, " %d=%d", (int)pv->members[i].pid, (int)pv->members[i].ns_pid);
	fprintf(out, "%s\n", shown < pv->nmembers ? " ..." : "");
}

static void text_uts(FILE *out, const struct diag_utsview *v)
{
	fprintf(out, "\nuts\n");
	if (v->miss.errnum) {
		text_miss(out, "names", &v->miss);
		return;
	}
	fprintf(out, "  hostname    %s\n  domainname  %s\n", v->hostname, v->domainname);
}

static const char *oper_name(const struct diag_linkview *l)
{
	static const char *const names[] = { "UNKNOWN", "NOTPRESENT", "DOWN",
		"LOWERLAYERDOWN", "TESTING", "DORMANT", "UP" };

	if (!l->has_operstate || l->operstate >= sizeof(names) / sizeof(names[0]))
		return "?";
	return names[l->operstate];
}

static void text_net(FILE *out, const struct diag_netview *v)
{
	fprintf(out, "\nnet\n");
	if (v->miss.errnum) {
		text_miss(out, "links", &v->miss);
		return;
	}
	for (int i = 0; i < v->nlinks; i++) {
		const struct diag_linkview *l = &v->links[i];

		fprintf(out, "  %-3d %-15s %-4s %-8s mtu %-6u %s%s%s", l->ifindex, l->name,
			l->flags & IFF_UP ? "up" : "down", oper_name(l), l->mtu,
			l->mac[0] ? l->mac : "-", l->kind[0] ? " " : "", l->kind);
		if (l->master[0])
			fprintf(out, " master %s", l->master);
		for (int a = 0; a < l->naddrs; a++)
			fprintf(out, " %s", l->addrs[a]);
		fputc('\n', out);
	}
}

static void text_ipc(FILE *out, const struct diag_ipcview *v)
{
	fprintf(out, "\nipc\n");
	if (v->miss.errnum) {
		text_miss(out, "objects", &v->miss);
		return;
	}
	fprintf(out, "  SysV        %ld message queues, %ld shared memory segments, %ld semaphore sets\n",
		v->msg_queues, v->shm_segments, v->sem_sets);
	if (v->posix_mqueues >= 0)
		fprintf(out, "  POSIX       %ld message queues\n", v->posix_mqueues);
	else
		text_miss(out, "POSIX", &v->mq_miss);
}

void render_text(FILE *out, const struct diag_report *r)
{
	text_target(out, r);
	text_namespaces(out, r);
	if (r->pid.applies)
		text_pid(out, &r->pid);
	if (r->uts.applies)
		text_uts(out, &r->uts);
	if (r->net.applies)
		text_net(out, &r->net);
	if (r->ipc.applies)
		text_ipc(out, &r->ipc);
	render_text_rest(out, r);
}
