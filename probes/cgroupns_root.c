// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cgroupns_root — inside a cgroup namespace a container sees its own
 * cgroup as the root: /proc/self/cgroup shows "/" for the memory line on
 * cgroup v1 and for the 0:: line on cgroup v2 (and for the hybrid
 * layout's cgroup2 companion).  That the outside sees the container at
 * the group's full path is checked as our own setup (broken if not).
 *
 * Outside role (this process, root, in the initial cgroup namespace or the
 * runner's): launches a container (cgroup, pid, mnt namespaces) in a
 * 16 MiB memory group; the core enters the cgroup namespace in the child
 * after placing it in the group.  Inside role (container init, pid 1 with
 * its own /proc): parses /proc/self/cgroup (lib/proccgroup.h) and
 * sends the two lines' paths out.
 *
 *   --fault no-cgroupns   the container gets no cgroup namespace: it sees
 *                         the full path and the root checks report not ok.
 */
#include <stdio.h>
#include <string.h>

#include "fixtures/memhog.h"
#include "lib/needs.h"
#include "fixtures/oomgroup.h"
#include "fixtures/probeargs.h"
#include "lib/proccgroup.h"
#include "lib/tap.h"

#define PATH_LEN 256

static const struct probe_needs needs = {
	.caps_sys_admin = true,
	.namespaces = CLONE_NEWCGROUP | CLONE_NEWPID | CLONE_NEWNS,
	.controllers = (const char *const[]){ "memory", NULL },
	.timeout = 20,
};

/* One process's view: the memory line's path and the 0:: line's. */
struct view {
	char memory[PATH_LEN];	/* "" when there is no memory line */
	char unified[PATH_LEN];	/* "" when there is no 0:: line */
	struct nsp_err err;
};

static const char *const faults[] = { "no-cgroupns", NULL };

static void take_view(pid_t pid, struct view *v)
{
	const struct cgroup_entry *m, *u;
	struct cgroup_list l;

	memset(v, 0, sizeof(*v));
	if (cgroup_list_read(pid, &l, &v->err) < 0)
		return;
	m = cgroup_list_find(&l, "memory");
	u = cgroup_list_find(&l, NULL);
	snprintf(v->memory, sizeof(v->memory), "%s", m ? m->path : "");
	snprintf(v->unified, sizeof(v->unified), "%s", u ? u->path : "");
	cgroup_list_free(&l);
}

/* Container init, in its cgroup (unless faulted), pid and mnt namespaces. */
static int inside_main(void *arg, int fd, int members_fd)
{
	struct nsp_err e;
	struct view v;

	(void)arg;
	(void)members_fd;
	take_view(0, &v);
	if (nsp_sync_send(fd, &v, sizeof(v), &e) < 0)
		return 2;
	memhog_hold(fd);	/* stay a member until the outside has looked */
	return 0;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t sl = strlen(s), xl = strlen(suffix);

	return sl >= xl && strcmp(s + sl - xl, suffix) == 0;
}

/*
 * Our setup, not the kernel: seen from outside, the container must be in
 * its group in each hierarchy that is checked, or "/" inside means nothing.
 */
static int placed(const struct core_cgroup *cg, const struct view *out,
		  struct nsp_err *e)
{
	char full[sizeof(cg->name) + 1];

	snprintf(full, sizeof(full), "/%s", cg->name);
	if (cg->version == CG_V1 && !ends_with(out->memory, full))
		return nsp_err_set(e, 0, "outside sees the memory line at %s, not %s",
				   out->memory, full);
	if (cg->v2_dir[0] && !ends_with(out->unified, full))
		return nsp_err_set(e, 0, "outside sees the 0:: line at %s, not %s",
				   out->unified, full);
	return 0;
}

static void check(struct tap *t, const struct core_cgroup *cg, const struct view *in)
{
	static const char memory_desc[] =
		"inside, the memory line (v1) shows the group as the root \"/\"";
	static const char unified_desc[] =
		"inside, the 0:: line (cgroup2) shows the group as the root \"/\"";

	if (cg->version == CG_V1)
		tap_expect_str(t, "/", in->memory, memory_desc);
	else
		tap_skip(t, "memory is on cgroup v2 here: no v1 memory line", memory_desc);
	if (cg->v2_dir[0])
		tap_expect_str(t, "/", in->unified, unified_desc);
	else
		tap_skip(t, "no cgroup2 hierarchy holds the group here (pure v1)", unified_desc);
}

/* The container's view, after checking from outside that it is placed. */
static int inside_view(struct core_container *c, int fd, struct view *in,
		       struct nsp_err *e)
{
	struct view out;

	if (nsp_sync_recv(fd, in, sizeof(*in), e) < 0)
		return nsp_err_wrap(e, "inside: read /proc/self/cgroup");
	if (in->err.msg[0]) {
		*e = in->err;
		return nsp_err_wrap(e, "inside: read /proc/self/cgroup");
	}
	take_view(c->pid, &out);
	if (out.err.msg[0]) {
		*e = out.err;
		return nsp_err_wrap(e, "outside: read /proc/%d/cgroup", (int)c->pid);
	}
	return placed(&c->cg, &out, e);
}

static void observe(struct tap *t, struct core_container *c, int fd, void *arg)
{
	struct nsp_err e = { 0 };
	struct view in;

	(void)arg;
	if (inside_view(c, fd, &in, &e) < 0)
		tap_broken(t, &e, "the container sees its own cgroup as the root");
	else
		check(t, &c->cg, &in);
}

static int outside(struct tap *t, const struct probe_args *a)
{
	const struct cgrun_probe p = {
		.namespaces = needs.namespaces &
			      ~(probe_fault(a, "no-cgroupns") ? CLONE_NEWCGROUP : 0),
		.memory_limit = MEMHOG_LIMIT,
		.launch_desc = "launch a container in a cgroup namespace",
		.init = inside_main,
		.observe = observe,
	};

	return cgrun_probe_run(t, &p);	/* init's hold ends with end-of-file */
}

/* --role inside: the cgroup namespace's own point comes first (from
 * probe_main); then every line of /proc/self/cgroup must show the root. */
static int inside(struct tap *t, const struct probe_args *a)
{
	struct cgroup_list l;
	struct nsp_err e = { 0 };
	size_t off = 0;
	char got[512] = "";

	(void)a;
	if (cgroup_list_read(0, &l, &e) < 0) {
		tap_broken(t, &e, "inside: every line of /proc/self/cgroup shows the root \"/\"");
		return tap_done(t);
	}
	for (size_t i = 0; i < l.n && off < sizeof(got); i++)
		if (strcmp(l.v[i].path, "/") != 0)
			off += (size_t)snprintf(got + off, sizeof(got) - off, "%s%s", off ? " " : "",
						l.v[i].path);
	tap_expect(t, off == 0, "/ on every line", got,
		   "inside: every line of /proc/self/cgroup shows the root \"/\"");
	cgroup_list_free(&l);
	return tap_done(t);
}

int main(int argc, char **argv)
{
	static const struct probe_needs inside_needs = { .timeout = 20 };
	static const struct probe_main m = {
		.name = "cgroupns_root", .needs = &needs, .faults = faults,
		.outside = outside, .inside = inside, .inside_needs = &inside_needs,
		.inside_ns = "cgroup",
	};

	return probe_main(&m, argc, argv);
}
