// SPDX-License-Identifier: GPL-2.0-or-later
/* The cgroup section: the paths, the memory controller's counters and the other controllers' limits (render_cglimits.c). */
#include <stdio.h>
#include <string.h>

#include "runtime/cgroup.h"
#include "nsprobe/render.h"

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
		text_miss(out, "memory", &m->miss);
		return;
	}
	fprintf(out, "  memory      v%d %s\n              ", m->version, m->dir);
	if (m->miss.errnum) {
		text_miss(out, "memory", &m->miss);
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

static void text_cgroup(FILE *out, const struct diag_report *r)
{
	const struct diag_cgview *v = &r->cg;
	char heading[64];

	snprintf(heading, sizeof(heading), "cgroup (layout %s)", v->layout);
	if (!text_section(out, heading, v->applies, "paths", &v->miss))
		return;
	for (int i = 0; i < v->nentries; i++)
		fprintf(out, "  %d:%s:%s%s\n", v->entries[i].hierarchy, v->entries[i].controllers,
			v->entries[i].path, v->entries[i].deleted ? " (deleted)" : "");
	text_memcg(out, &v->mem);
	text_cglimits(out, &v->limits);
}

static void json_bytes(struct jw *w, const char *key, long long v)
{
	if (v < 0)
		jw_null(w, key);
	else if (v == CORE_CG_MAX || v >= (1LL << 62))	/* v2 "max", v1 PAGE_COUNTER_MAX */
		jw_str(w, key, "max");
	else
		jw_int(w, key, v);
}

static void json_memcg(struct jw *w, const struct diag_memcg *m)
{
	if (!m->version || m->miss.errnum) {
		json_miss(w, "memory", &m->miss);
		return;
	}
	jw_obj(w, "memory");
	jw_int(w, "version", m->version);
	jw_str(w, "dir", m->dir);
	json_bytes(w, "limit", m->limit);
	json_bytes(w, "usage", m->usage);
	json_bytes(w, "max_usage", m->max_usage);
	json_bytes(w, "failcnt", m->failcnt);
	json_bytes(w, "oom", m->oom);
	json_bytes(w, "oom_kill", m->oom_kill);
	if (m->under_oom < 0)
		jw_null(w, "under_oom");
	else
		jw_bool(w, "under_oom", m->under_oom);
	jw_end_obj(w);
}

static void json_cgroup(struct jw *w, const struct diag_report *r)
{
	const struct diag_cgview *v = &r->cg;

	if (!json_section(w, "cgroup", v->applies, &v->miss))
		return;
	jw_str(w, "layout", v->layout);
	jw_arr(w, "paths");
	for (int i = 0; i < v->nentries; i++) {
		jw_obj(w, NULL);
		jw_int(w, "hierarchy", v->entries[i].hierarchy);
		jw_str(w, "controllers", v->entries[i].controllers);
		jw_str(w, "path", v->entries[i].path);
		jw_bool(w, "deleted", v->entries[i].deleted);
		jw_end_obj(w);
	}
	jw_end_arr(w);
	json_memcg(w, &v->mem);
	json_cglimits(w, &v->limits);
	jw_end_obj(w);
}

const struct diag_section diag_section_cgroup = { text_cgroup, json_cgroup };
