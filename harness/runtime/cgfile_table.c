// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The one place where cgroup file names are spelled (see cgfile.h).  Each
 * row: canonical (v2) name and controller, kind, then the v1 side and the
 * v2 side { file, hierarchy, layout, key, word, unlimited word }, then the
 * v1 conversion.  Sources: Documentation/admin-guide/cgroup-v2.rst and
 * cgroup-v1/{memory,pids,cpusets,blkio-controller}.rst, cfs bandwidth
 * (scheduler/sched-bwc.rst); the v1 "unlimited" words are what those files
 * accept: -1 for memory and CFS quota, "max" for pids, 0 for a blkio rule.
 */
#include "runtime/cgfile.h"

#include <string.h>

#define NONE { 0 }
#define VALUE(f, c, unl) { .file = f, .ctrl = c, .fmt = CG_FMT_VALUE, .unlimited = unl }
#define KEYED(f, c, k) { .file = f, .ctrl = c, .fmt = CG_FMT_KEYED, .key = k }
#define TEXT(f, c) { .file = f, .ctrl = c, .fmt = CG_FMT_TEXT }
#define WORD(f, c, w, unl) { .file = f, .ctrl = c, .fmt = CG_FMT_WORD, .word = w, .unlimited = unl }
#define DEV_KV(f, c, k, unl) { .file = f, .ctrl = c, .fmt = CG_FMT_DEV_KV, .key = k, .unlimited = unl }
#define DEV_VALUE(f, c, unl) { .file = f, .ctrl = c, .fmt = CG_FMT_DEV_VALUE, .unlimited = unl }
#define DEV_KEYED(f, c, k) { .file = f, .ctrl = c, .fmt = CG_FMT_DEV_KEYED, .key = k }

/* ns (v1 cpuacct.usage, cpu.stat throttled_time) against µs */
#define NS .v1_mul = 1000, .v1_div = 1
#define ROW(id, ...) [id] = { id, __VA_ARGS__ }

static const struct cg_file table[CG_ITEM_COUNT] = {
	ROW(CG_PROCS, "cgroup.procs", NULL, CG_KIND_CORE,
		TEXT("cgroup.procs", NULL), TEXT("cgroup.procs", NULL)),
	ROW(CG_POPULATED, "cgroup.events.populated", NULL, CG_KIND_CORE,
		NONE, KEYED("cgroup.events", NULL, "populated")),
	ROW(CG_KILL, "cgroup.kill", NULL, CG_KIND_CORE,
		NONE, VALUE("cgroup.kill", NULL, NULL)),
	ROW(CG_SUBTREE_CONTROL, "cgroup.subtree_control", NULL, CG_KIND_CORE,
		NONE, TEXT("cgroup.subtree_control", NULL)),
	ROW(CG_CONTROLLERS, "cgroup.controllers", NULL, CG_KIND_CORE,
		NONE, TEXT("cgroup.controllers", NULL)),
	ROW(CG_EVENT_CONTROL, "cgroup.event_control", NULL, CG_KIND_CORE,
		TEXT("cgroup.event_control", NULL), NONE),
	ROW(CG_TASKS, "tasks", NULL, CG_KIND_CORE, TEXT("tasks", NULL), NONE),

	ROW(CG_MEMORY_MAX, "memory.max", "memory", CG_KIND_LIMIT,
		VALUE("memory.limit_in_bytes", "memory", "-1"),
		VALUE("memory.max", "memory", "max")),
	/* v1 memsw is memory + swap: canonical swap = memsw - limit */
	ROW(CG_MEMORY_SWAP_MAX, "memory.swap.max", "memory", CG_KIND_LIMIT,
		VALUE("memory.memsw.limit_in_bytes", "memory", "-1"),
		VALUE("memory.swap.max", "memory", "max"),
		.v1_adds = CG_MEMORY_MAX, .has_closed = true, .closed = 0),
	ROW(CG_MEMORY_CURRENT, "memory.current", "memory", CG_KIND_COUNTER,
		VALUE("memory.usage_in_bytes", "memory", NULL),
		VALUE("memory.current", "memory", NULL)),
	ROW(CG_MEMORY_PEAK, "memory.peak", "memory", CG_KIND_COUNTER,
		VALUE("memory.max_usage_in_bytes", "memory", NULL),
		VALUE("memory.peak", "memory", NULL)),
	/* hits of the limit: v1 failcnt counts every failed charge */
	ROW(CG_MEMORY_EVENTS_MAX, "memory.events.max", "memory", CG_KIND_COUNTER,
		VALUE("memory.failcnt", "memory", NULL),
		KEYED("memory.events", "memory", "max")),
	ROW(CG_MEMORY_EVENTS_OOM, "memory.events.oom", "memory", CG_KIND_COUNTER,
		NONE, KEYED("memory.events", "memory", "oom")),
	ROW(CG_MEMORY_EVENTS_OOM_KILL, "memory.events.oom_kill", "memory", CG_KIND_COUNTER,
		KEYED("memory.oom_control", "memory", "oom_kill"),
		KEYED("memory.events", "memory", "oom_kill")),
	ROW(CG_MEMORY_EVENTS_OOM_GROUP_KILL, "memory.events.oom_group_kill", "memory",
		CG_KIND_COUNTER, NONE, KEYED("memory.events", "memory", "oom_group_kill")),
	ROW(CG_MEMORY_OOM_GROUP, "memory.oom.group", "memory", CG_KIND_SETTING,
		NONE, VALUE("memory.oom.group", "memory", NULL)),
	ROW(CG_MEMORY_SWAP_FAILCNT, "memory.memsw.failcnt", "memory", CG_KIND_COUNTER,
		VALUE("memory.memsw.failcnt", "memory", NULL), NONE),
	ROW(CG_MEMORY_UNDER_OOM, "memory.oom_control.under_oom", "memory", CG_KIND_COUNTER,
		KEYED("memory.oom_control", "memory", "under_oom"), NONE),
	/* written as the whole file ("1"), read as its key */
	ROW(CG_MEMORY_OOM_KILL_DISABLE, "memory.oom_control.oom_kill_disable", "memory",
		CG_KIND_SETTING, KEYED("memory.oom_control", "memory", "oom_kill_disable"), NONE),

	ROW(CG_PIDS_MAX, "pids.max", "pids", CG_KIND_LIMIT,
		VALUE("pids.max", "pids", "max"), VALUE("pids.max", "pids", "max")),
	ROW(CG_PIDS_CURRENT, "pids.current", "pids", CG_KIND_COUNTER,
		VALUE("pids.current", "pids", NULL), VALUE("pids.current", "pids", NULL)),
	ROW(CG_PIDS_EVENTS_MAX, "pids.events.max", "pids", CG_KIND_COUNTER,
		KEYED("pids.events", "pids", "max"), KEYED("pids.events", "pids", "max")),

	/* v2 cpu.max is "QUOTA PERIOD" in one file, v1 two files */
	ROW(CG_CPU_MAX_QUOTA, "cpu.max.quota", "cpu", CG_KIND_LIMIT,
		VALUE("cpu.cfs_quota_us", "cpu", "-1"), WORD("cpu.max", "cpu", 0, "max")),
	ROW(CG_CPU_MAX_PERIOD, "cpu.max.period", "cpu", CG_KIND_SETTING,
		VALUE("cpu.cfs_period_us", "cpu", NULL), WORD("cpu.max", "cpu", 1, NULL)),
	/* shares = weight * 1024 / 100: 100 (the v2 default) is 1024 */
	ROW(CG_CPU_WEIGHT, "cpu.weight", "cpu", CG_KIND_SETTING,
		VALUE("cpu.shares", "cpu", NULL), VALUE("cpu.weight", "cpu", NULL),
		.v1_mul = 1024, .v1_div = 100),
	ROW(CG_CPU_USAGE, "cpu.stat.usage_usec", "cpu", CG_KIND_COUNTER,
		VALUE("cpuacct.usage", "cpuacct", NULL),
		KEYED("cpu.stat", "cpu", "usage_usec"), NS),
	ROW(CG_CPU_NR_PERIODS, "cpu.stat.nr_periods", "cpu", CG_KIND_COUNTER,
		KEYED("cpu.stat", "cpu", "nr_periods"), KEYED("cpu.stat", "cpu", "nr_periods")),
	ROW(CG_CPU_NR_THROTTLED, "cpu.stat.nr_throttled", "cpu", CG_KIND_COUNTER,
		KEYED("cpu.stat", "cpu", "nr_throttled"), KEYED("cpu.stat", "cpu", "nr_throttled")),
	ROW(CG_CPU_THROTTLED, "cpu.stat.throttled_usec", "cpu", CG_KIND_COUNTER,
		KEYED("cpu.stat", "cpu", "throttled_time"),
		KEYED("cpu.stat", "cpu", "throttled_usec"), NS),

	/* a v1 cpuset starts with empty cpus and mems: copied from the parent */
	ROW(CG_CPUSET_CPUS, "cpuset.cpus", "cpuset", CG_KIND_LIST,
		TEXT("cpuset.cpus", "cpuset"), TEXT("cpuset.cpus", "cpuset"), .v1_inherit = true),
	ROW(CG_CPUSET_CPUS_EFFECTIVE, "cpuset.cpus.effective", "cpuset", CG_KIND_LIST,
		TEXT("cpuset.effective_cpus", "cpuset"), TEXT("cpuset.cpus.effective", "cpuset")),
	ROW(CG_CPUSET_MEMS, "cpuset.mems", "cpuset", CG_KIND_LIST,
		TEXT("cpuset.mems", "cpuset"), TEXT("cpuset.mems", "cpuset"), .v1_inherit = true),
	ROW(CG_CPUSET_MEMS_EFFECTIVE, "cpuset.mems.effective", "cpuset", CG_KIND_LIST,
		TEXT("cpuset.effective_mems", "cpuset"), TEXT("cpuset.mems.effective", "cpuset")),

	ROW(CG_IO_MAX_WBPS, "io.max.wbps", "io", CG_KIND_LIMIT,
		DEV_VALUE("blkio.throttle.write_bps_device", "blkio", "0"),
		DEV_KV("io.max", "io", "wbps", "max"), .per_device = true),
	ROW(CG_IO_WBYTES, "io.stat.wbytes", "io", CG_KIND_COUNTER,
		DEV_KEYED("blkio.throttle.io_service_bytes", "blkio", "Write"),
		DEV_KV("io.stat", "io", "wbytes", NULL), .per_device = true),
	ROW(CG_IO_WIOS, "io.stat.wios", "io", CG_KIND_COUNTER,
		DEV_KEYED("blkio.throttle.io_serviced", "blkio", "Write"),
		DEV_KV("io.stat", "io", "wios", NULL), .per_device = true),
};

/* the controllers' canonical names (v1 names: lib/cglayout.h cg_v1_name) */
static const char *const ctrl_names[CG_CTRL_COUNT] = {
	[CG_CTRL_MEMORY] = "memory", [CG_CTRL_PIDS] = "pids", [CG_CTRL_CPU] = "cpu",
	[CG_CTRL_CPUSET] = "cpuset", [CG_CTRL_IO] = "io",
};

const struct cg_file *cg_file(enum cg_item it)
{
	if ((int)it <= CG_ITEM_NONE || it >= CG_ITEM_COUNT)
		return NULL;
	return &table[it];
}

const char *cg_ctrl_name(enum cg_ctrl c)
{
	return (int)c >= 0 && c < CG_CTRL_COUNT ? ctrl_names[c] : "?";
}

int cg_ctrl_of(const char *name)
{
	for (int c = 0; c < CG_CTRL_COUNT; c++)
		if (strcmp(name, ctrl_names[c]) == 0)
			return c;
	return -1;
}
