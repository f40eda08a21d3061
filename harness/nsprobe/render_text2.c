// SPDX-License-Identifier: GPL-2.0-or-later
/* The human-readable report, second half: mnt, cgroup and user. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "runtime/cgroup.h"
#include "nsprobe/nsprobe.h"

static void miss_line(FILE *out, const char *what, const struct diag_miss *m)
{
	char buf[400];

	fprintf(out, "  %-11s unreadable: %s\n", what, miss_str(m, buf, sizeof(buf)));
}

static void text_mnt(FILE *out, const struct diag_mntview *v)
{
	fprintf(out, "\nmnt\n");
	if (v->root_miss.errnum)
		miss_line(out, "root", &v->root_miss);
	else
		fprintf(out, "  root        %s\n", v->root);
	if (v->miss.errnum) {
		miss_line(out, "mountinfo", &v->miss);
		return;
	}
	fprintf(out, "  /           %s from %s, propagation ", v->root_fstype, v->root_source);
	if (v->root_shared)
		fprintf(out, "shared:%d", v->root_shared);
	if (v->root_master)
		fprintf(out, "%smaster:%d", v->root_shared ? " " : "", v->root_master);
	if (v->root_unbindable)
		fprintf(out, "unbindable");
	else if (!v->root_shared && !v->root_master)
		fprintf(out, "private");
	fprintf(out, "\n  mounts      %zu\n  peer groups", v->nmounts);
	for (int i = 0; i < v->npeers; i++)
		fprintf(out, " %d", v->peers[i]);
	fprintf(out, "%s\n", v->npeers ? "" : " (none)");
	if (!v->overlay)
		return;
	fprintf(out, "  overlay     lower");
	for (size_t i = 0; i < v->nlower; i++)
		fprintf(out, "%s%s", i ? " : " : " ", v->lower[i]);
	fprintf(out, " (top first); upper %s; work %s\n", v->upper ? v->upper : "(none)",
		v->work ? v->work : "(none)");
}

static void bytes(FILE *out, const char *name, long long v)
{
	const char *sep = strcmp(name, "limit") == 0 ? "" : ", ";

	if (v < 0)
		fprintf(out, "%s%s n/a", sep, name);
	else if (v == CORE_CG_MAX || v >= (1LL << 62))
		fprintf(out, "%s%s unlimited", sep, name);
	else
		fprintf(out, "%s%s %lld (%.1f MiB)", sep, name, v, v / 1048576.0);
}

static void text_memcg(FILE *out, const struct diag_memcg *m)
{
	if (!m->version) {
		miss_line(out, "memory", &m->miss);
		return;
	}
	fprintf(out, "  memory      v%d %s\n              ", m->version, m->dir);
	if (m->miss.errnum) {
		miss_line(out, "memory", &m->miss);
		return;
	}
	bytes(out, "limit", m->limit);
	bytes(out, "usage", m->usage);
	bytes(out, "max usage", m->max_usage);
	fprintf(out, "\n              failcnt %lld, oom_kill %lld", m->failcnt, m->oom_kill);
	if (m->version == 2)
		fprintf(out, ", oom %lld", m->oom);
	else
		fprintf(out, ", under_oom %d", m->under_oom);
	fputc('\n', out);
}

static void text_cgroup(FILE *out, const struct diag_cgview *v)
{
	fprintf(out, "\ncgroup (layout %s)\n", v->layout);
	if (v->miss.errnum) {
		miss_line(out, "paths", &v->miss);
		return;
	}
	for (int i = 0; i < v->nentries; i++)
		fprintf(out, "  %d:%s:%s%s\n", v->entries[i].hierarchy, v->entries[i].controllers,
			v->entries[i].path, v->entries[i].deleted ? " (deleted)" : "");
	text_memcg(out, &v->mem);
	text_cglimits(out, &v->limits);
}

static void text_map(FILE *out, const char *name, const struct diag_idmap *m, int n)
{
	fprintf(out, "  %-11s", name);
	for (int i = 0; i < n; i++)
		fprintf(out, "%s%ld %ld %ld", i ? ", " : " ", m[i].inside, m[i].outside, m[i].count);
	fprintf(out, "%s\n", n ? "" : " (empty: no mapping written yet)");
}

static void text_user(FILE *out, const struct diag_userview *v)
{
	fprintf(out, "\nuser (inside outside count)\n");
	if (v->miss.errnum) {
		miss_line(out, "maps", &v->miss);
		return;
	}
	text_map(out, "uid_map", v->uid, v->nuid);
	text_map(out, "gid_map", v->gid, v->ngid);
	fprintf(out, "  setgroups   %s\n", v->setgroups);
}

static void text_time(FILE *out, const struct diag_timeview *v)
{
	fprintf(out, "\ntime (offsets of its time_for_children namespace)\n");
	if (v->miss.errnum) {
		miss_line(out, "offsets", &v->miss);
		return;
	}
	fprintf(out, "  monotonic   %+lld.%09ld s\n  boottime    %+lld.%09ld s\n", v->mono_s,
		v->mono_ns, v->boot_s, v->boot_ns);
}

void render_text_rest(FILE *out, const struct diag_report *r)
{
	if (r->mnt.applies)
		text_mnt(out, &r->mnt);
	if (r->cg.applies)
		text_cgroup(out, &r->cg);
	if (r->user.applies)
		text_user(out, &r->user);
	if (r->time.applies)
		text_time(out, &r->time);
}
