// SPDX-License-Identifier: GPL-2.0-or-later
#include "runtime/trace.h"

#include <sys/mman.h>
#include <string.h>
#include <time.h>

/* Shared with every container cloned after core_trace_on(), until it execs. */
static uint64_t *marks;

static const char *const phase_names[CORE_MARK_COUNT] = {
	[CORE_MARK_CGROUP] = "cgroup before the clone",
	[CORE_MARK_CLONED] = "clone + namespaces",
	[CORE_MARK_GO] = "the child starts",
	[CORE_MARK_PROPAGATED] = "propagation",
	[CORE_MARK_ROOTFS] = "rootfs build",
	[CORE_MARK_PIVOTED] = "pivot_root",
	[CORE_MARK_NAMED] = "names",
	[CORE_MARK_PLACED] = "placed: wait + v1 join",
	[CORE_MARK_LINKS] = "links up",
	[CORE_MARK_READY] = "cgroup ns + report",
	[CORE_MARK_EXECED] = "exec",
	[CORE_MARK_REAPED] = "run + exit + reap",
	[CORE_MARK_DESTROYED] = "teardown",
	[CORE_MARK_MAPPED] = "(parallel) uid/gid maps, GO",
	[CORE_MARK_PCREATED] = "(parallel) cgroup create",
	[CORE_MARK_ATTACHED] = "(parallel) attach/join files",
	[CORE_MARK_VETH] = "(parallel) veth",
	[CORE_MARK_WATCHED] = "(parallel) watcher fork",
};

static const enum core_mark parallel_from[CORE_MARK_COUNT] = {
	[CORE_MARK_MAPPED] = CORE_MARK_CLONED,
	[CORE_MARK_PCREATED] = CORE_MARK_MAPPED,
	[CORE_MARK_ATTACHED] = CORE_MARK_PCREATED,
	[CORE_MARK_VETH] = CORE_MARK_ATTACHED,
	[CORE_MARK_WATCHED] = CORE_MARK_VETH,
};

int core_trace_on(struct nsp_err *e)
{
	void *page;

	if (marks)
		return 0;
	page = mmap(NULL, sizeof(uint64_t) * CORE_MARK_COUNT, PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED)
		return nsp_err_sys(e, "map the launch trace page");
	marks = page;
	return 0;
}

bool core_trace_enabled(void)
{
	return marks != NULL;
}

void core_trace_reset(void)
{
	if (marks)
		memset(marks, 0, sizeof(uint64_t) * CORE_MARK_COUNT);
}

void core_mark(enum core_mark m)
{
	struct timespec ts;

	if (!marks)
		return;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	marks[m] = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

const uint64_t *core_trace_marks(void)
{
	return marks;
}

const char *core_mark_phase(enum core_mark m)
{
	return m < CORE_MARK_COUNT && phase_names[m] ? phase_names[m] : "?";
}

enum core_mark core_mark_from(enum core_mark m)
{
	return m < CORE_MARK_COUNT ? parallel_from[m] : CORE_MARK_START;
}
