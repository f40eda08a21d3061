// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Memory limit, usage and OOM counters of a cgroup, read-only, through the
 * cgroup file model (runtime/cgfile.h): the model knows each file's name
 * on v1 and v2 and its layout.  What a version lacks (v2 has no under_oom,
 * v1 no `oom` event) or this group lacks (the v2 root has no memory.max)
 * is -1, "n/a".
 */
#include "nsprobe/cgcounters.h"
#include "runtime/cgfile.h"

/* One canonical number of the group, -1 when it cannot be had; *e why. */
static long long get(const struct diag_memcg *m, enum cg_item it, struct nsp_err *e)
{
	long long v;

	if (cg_file_read(m->dir, (enum cg_version)m->version, it, NULL, &v, e) < 0)
		return -1;
	return v;
}

void cg_memory_counters(struct diag_memcg *m)
{
	struct nsp_err e, ignored;
	long long under;

	m->limit = get(m, CG_MEMORY_MAX, &ignored);
	m->max_usage = get(m, CG_MEMORY_PEAK, &ignored);
	m->failcnt = get(m, CG_MEMORY_EVENTS_MAX, &ignored);
	m->oom = get(m, CG_MEMORY_EVENTS_OOM, &ignored);
	m->oom_kill = get(m, CG_MEMORY_EVENTS_OOM_KILL, &ignored);
	under = get(m, CG_MEMORY_UNDER_OOM, &ignored);
	m->under_oom = under < 0 ? -1 : under > 0;
	/* every group has a usage: without it nothing here is trustworthy */
	m->usage = get(m, CG_MEMORY_CURRENT, &e);
	if (m->usage < 0)
		miss_from_err(&m->miss, &e);
}
