// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cpuset_pin — a container whose group's cpuset holds one CPU runs there
 * only: sched_getaffinity and /proc/self/status Cpus_allowed_list show
 * that CPU, sched_setaffinity cannot move it elsewhere (EINVAL) nor widen
 * it, cpuset.cpus.effective (v1 cpuset.effective_cpus) agrees, and a
 * process outside keeps every CPU.  Nested cpusets narrow: a group in a
 * one-CPU parent cannot widen itself (v1 refuses the write with EACCES,
 * v2 takes it and keeps the effective set within the parent's).
 *
 * Outside role (this process, root): picks the last CPU it may use (PIN)
 * and needs another; per case launches a container (pid, mnt namespaces)
 * whose init, on GO, looks at its own affinity and tries to change it,
 * and sends what it saw.  Case "nested" first makes a parent group with
 * cpuset.cpus PIN, puts the container's group in it, and tries to widen
 * that group to every CPU before GO.
 *
 *   --fault no-cpuset  the cpuset that narrows (the group's, the parent's)
 *                      is left as inherited: the container keeps every
 *                      CPU, and the checks report not ok.
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fixtures/cgrun.h"
#include "fixtures/memhog.h"
#include "fixtures/probeargs.h"
#include "lib/file.h"
#include "lib/needs.h"
#include "lib/tap.h"

#define LIST_MAX 64
enum { STEP_GO = 1 };

static const struct probe_needs needs = CGRUN_NEEDS("cpuset");

static const char *const faults[] = { "no-cpuset", NULL };

/* What init saw of itself. */
struct seen {
	char affinity[LIST_MAX], status[LIST_MAX], after[LIST_MAX];
	int move_err;	/* sched_setaffinity to another CPU only */
};

struct pin {
	bool nested, fault;
	int cpu, other;		/* PIN and a CPU that is not it */
	char all[LIST_MAX];	/* every CPU we may use */
	struct core_cgroup parent;
	int widen_err;		/* nested: widening the group, 0: accepted */
};

/* "0-2,5" like the kernel writes cpu lists. */
static void list_of(const cpu_set_t *set, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	for (int i = 0; i < CPU_SETSIZE && n < len; i++) {
		int j = i;

		if (!CPU_ISSET(i, set))
			continue;
		while (j + 1 < CPU_SETSIZE && CPU_ISSET(j + 1, set))
			j++;
		n += (size_t)snprintf(buf + n, len - n, n ? ",%d" : "%d", i);
		if (j > i && n < len)
			n += (size_t)snprintf(buf + n, len - n, "-%d", j);
		i = j;
	}
}

static void my_list(char *buf, size_t len)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	sched_getaffinity(0, sizeof(set), &set);
	list_of(&set, buf, len);
}

static void status_list(char *buf, size_t len)
{
	struct nsp_err e;
	char *text = nsp_read_proc(0, "status", &e), *line;

	snprintf(buf, len, "?");
	if (text && (line = strstr(text, "\nCpus_allowed_list:")))
		sscanf(line + 19, " %63s", buf);
	free(text);
}

/* Container init, in its group (and pid namespace): look, try, tell. */
static int init_main(void *arg, int fd, int mfd)
{
	const struct pin *p = arg;
	struct seen s = { .move_err = 0 };
	cpu_set_t set;
	struct nsp_err e;

	(void)mfd;
	if (nsp_sync_wait(fd, STEP_GO, &e) < 0)
		return 2;
	my_list(s.affinity, sizeof(s.affinity));
	status_list(s.status, sizeof(s.status));
	CPU_ZERO(&set);
	CPU_SET(p->other, &set);
	if (sched_setaffinity(0, sizeof(set), &set) < 0)
		s.move_err = errno;
	CPU_ZERO(&set);
	for (int i = 0; i <= p->other || i <= p->cpu; i++)
		CPU_SET(i, &set);
	sched_setaffinity(0, sizeof(set), &set);	/* may succeed: the cpuset still binds */
	my_list(s.after, sizeof(s.after));
	if (nsp_sync_send(fd, &s, sizeof(s), &e) < 0)
		return 2;
	memhog_hold(fd);
	return 0;
}

static void check_inside(struct tap *t, const struct pin *p, const struct seen *s,
			 const char *label, const char *want)
{
	tap_expect_str(t, want, s->affinity, "%s: inside, sched_getaffinity shows the one CPU",
		       label);
	tap_expect_str(t, want, s->status, "%s: inside, Cpus_allowed_list shows the one CPU",
		       label);
	tap_expect_str(t, "EINVAL", s->move_err ? nsp_errno_name(s->move_err) : "moved",
		       "%s: inside, sched_setaffinity to CPU %d only is EINVAL", label, p->other);
	tap_expect_str(t, want, s->after, "%s: inside, asking for every CPU does not widen it",
		       label);
}

static void observe(struct tap *t, struct core_container *c, int fd, void *arg)
{
	struct pin *p = arg;
	const char *label = p->nested ? "nested" : "one CPU";
	struct nsp_err e = { 0 };
	char want[16], eff[LIST_MAX], mine[LIST_MAX];
	struct seen s;

	snprintf(want, sizeof(want), "%d", p->cpu);
	if (p->nested && core_cgroup_set_text(&c->cg, CG_CPUSET_CPUS, p->all, &e) < 0)
		p->widen_err = e.errnum;	/* v1 refuses: a child must stay within */
	if (nsp_sync_wake(fd, STEP_GO, &e) < 0 || nsp_sync_recv(fd, &s, sizeof(s), &e) < 0 ||
	    core_cgroup_get_text(&c->cg, CG_CPUSET_CPUS_EFFECTIVE, eff, sizeof(eff), &e) < 0) {
		tap_broken(t, &e, "%s: a container pinned to CPU %d", label, p->cpu);
		return;
	}
	if (p->nested)
		tap_diag(t, "widening the nested group to %s: %s", p->all,
			 p->widen_err ? nsp_errno_name(p->widen_err) : "accepted");
	check_inside(t, p, &s, label, want);
	tap_expect_str(t, want, eff, "%s: outside, the group's effective cpus are the one CPU",
		       label);
	my_list(mine, sizeof(mine));
	tap_expect_str(t, p->all, mine, "%s: outside, a process outside keeps every CPU", label);
}

static void run_case(struct tap *t, struct pin *p)
{
	char cpu[16];
	const struct cg_limit one = { CG_CPUSET_CPUS, 0, NULL, cpu };
	const struct core_cgroup_req req = {
		.ctrls = CG_CTRL_BIT(CG_CTRL_CPUSET), .limits = &one, .nlimits = !p->fault,
	};
	const struct cgrun_probe cp = {
		.namespaces = needs.namespaces,
		.ctrls = CG_CTRL_BIT(CG_CTRL_CPUSET),
		.limits = &one,
		.nlimits = !p->nested && !p->fault,
		.parent = p->nested ? &p->parent : NULL,
		.init = init_main,
		.observe = observe,
		.arg = p,
	};
	struct nsp_err e = { 0 };
	char name[32];

	snprintf(cpu, sizeof(cpu), "%d", p->cpu);
	snprintf(name, sizeof(name), "cpuset-nest-%d", (int)getpid());
	if (p->nested && core_cgroup_create_req(&p->parent, name, &req, &e) < 0)
		tap_broken(t, &e, "nested: a parent group pinned to CPU %d", p->cpu);
	else
		cgrun_case(t, &cp);
	if (core_cgroup_destroy(&p->parent, &e) < 0)
		tap_broken(t, &e, "nested: remove the parent group");
}

static int outside(struct tap *t, const struct probe_args *a)
{
	struct pin p = { .fault = probe_fault(a, "no-cpuset"), .parent = CORE_CGROUP_INIT };
	struct nsp_err e = { 0 };
	cpu_set_t set;

	CPU_ZERO(&set);
	if (sched_getaffinity(0, sizeof(set), &set) < 0 || CPU_COUNT(&set) < 2)
		return tap_skip_all(t, "needs 2 CPUs to narrow a cpuset to one (we may use %d)",
				    CPU_COUNT(&set));
	for (int i = 0; i < CPU_SETSIZE; i++)
		if (CPU_ISSET(i, &set)) {
			p.other = p.cpu;
			p.cpu = i;
		}
	list_of(&set, p.all, sizeof(p.all));
	if (cgrun_clean_stale(&e) < 0)
		return tap_bail_err(t, &e, "remove stale groups");
	run_case(t, &p);
	p.nested = true;
	run_case(t, &p);
	return tap_done(t);
}

int main(int argc, char **argv)
{
	static const struct probe_main m = {
		.name = "cpuset_pin", .needs = &needs, .faults = faults,
		.summary = "a one-CPU cpuset binds the container's affinity; nested cpusets narrow",
		.outside = outside, .no_inside = CGRUN_NO_INSIDE,
	};

	return probe_main(&m, argc, argv);
}
