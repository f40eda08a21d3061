// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Memory limit, usage and OOM counters of a cgroup, straight from
 * cgroupfs files (read-only).  The file names differ by version:
 *   v1: memory.limit_in_bytes, memory.usage_in_bytes,
 *       memory.max_usage_in_bytes, memory.failcnt, memory.oom_control
 *       (oom_kill, under_oom)
 *   v2: memory.max, memory.current, memory.peak, memory.events
 *       (oom, oom_kill: oom counts where the limit was hit)
 * A file the group lacks (the v2 root has no memory.max) is -1, "n/a".
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nsprobe/cgcounters.h"
#include "runtime/cgroup.h"
#include "lib/file.h"

static long long read_num(const char *dir, const char *file)
{
	char path[PATH_MAX + 64], buf[64];
	struct nsp_err e;
	long long v;
	char *end;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	if (nsp_read_line(path, buf, sizeof(buf), &e) < 0) {
		errno = e.errnum;
		return -1;
	}
	if (strcmp(buf, "max") == 0)
		return CORE_CG_MAX;
	errno = 0;
	v = strtoll(buf, &end, 10);
	return errno || *end || end == buf ? -1 : v;
}

static long long read_key(const char *dir, const char *file, const char *key)
{
	char path[PATH_MAX + 64];
	struct nsp_err e;
	long long v;
	char *text;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	text = nsp_read_file(path, NULL, &e);
	if (!text)
		return -1;
	if (core_cgroup_parse_key(text, key, &v, &e) < 0)
		v = -1;
	free(text);
	return v;
}

void cg_memory_counters(struct diag_memcg *m)
{
	long long under;

	m->oom = -1;
	m->under_oom = -1;
	if (m->version == 1) {
		m->limit = read_num(m->dir, "memory.limit_in_bytes");
		m->usage = read_num(m->dir, "memory.usage_in_bytes");
		m->max_usage = read_num(m->dir, "memory.max_usage_in_bytes");
		m->failcnt = read_num(m->dir, "memory.failcnt");
		m->oom_kill = read_key(m->dir, "memory.oom_control", "oom_kill");
		under = read_key(m->dir, "memory.oom_control", "under_oom");
		m->under_oom = under < 0 ? -1 : under > 0;
	} else {
		m->limit = read_num(m->dir, "memory.max");
		m->usage = read_num(m->dir, "memory.current");
		m->max_usage = read_num(m->dir, "memory.peak");
		m->failcnt = read_key(m->dir, "memory.events", "max");
		m->oom = read_key(m->dir, "memory.events", "oom");
		m->oom_kill = read_key(m->dir, "memory.events", "oom_kill");
	}
	errno = 0;
	m->usage = m->version == 1 ? read_num(m->dir, "memory.usage_in_bytes") :
		   read_num(m->dir, "memory.current");
	if (m->usage < 0)
		miss_set(&m->miss, errno ? errno : ENOENT, "read %s/memory.%s", m->dir,
			 m->version == 1 ? "usage_in_bytes" : "current");
}
