// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Creating a container's group: find where each asked controller is
 * (v1 hierarchy or cgroup2), have libcgroup make the group in each, give
 * a new v1 cpuset level its parent's CPUs and memory nodes, add the
 * cgroup2 companion on hybrid, then set the limits.  Any failure destroys
 * what was made (core_cgroup_destroy copes with every half-built state).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libcgroup.h>

#include "runtime/cgroup_int.h"

/* create attempts when a concurrent destroy removed the shared parent */
#define CREATE_TRIES 3

static void freep(void *p)
{
	free(*(void **)p);
}
#define autofree __attribute__((cleanup(freep)))

static bool valid_name(const char *name)
{
	static const char ok[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
				 "0123456789_.-";
	size_t n = strlen(name);

	return n > 0 && n < CORE_CG_NAME_MAX && name[0] != '.' &&
	       strspn(name, ok) == n;
}

static bool exists(const char *path)
{
	return access(path, F_OK) == 0;
}

/* libcgroup must write where we will look (it takes the first mount). */
static int lcg_check_root(const char *ctrl, const char *root, struct nsp_err *e)
{
	autofree char *mp = NULL;
	int rc = cgroup_get_subsys_mount_point(ctrl, &mp);

	if (rc)
		return core_cgroup_lcg_error(e, rc, "libcgroup: %s mount point", ctrl);
	if (strcmp(mp, root) != 0)
		return nsp_err_set(e, EXDEV, "libcgroup finds %s at %s, the kernel at %s",
				   ctrl, mp, root);
	return 0;
}

/* One more v1 hierarchy, unless it is one already listed (comounted). */
static int add_hier(struct core_cgroup *cg, const char *hname, const char *mount,
		    struct nsp_err *e)
{
	char real[CORE_CG_PATH_MAX];
	struct core_cg_hier *h = &cg->hier[cg->nhier];

	if (!realpath(mount, real))
		return nsp_err_sys(e, "realpath %s", mount);
	if (cg->nhier == CORE_CG_HIER_MAX)
		return nsp_err_set(e, E2BIG, "more than %d v1 hierarchies", CORE_CG_HIER_MAX);
	if (core_cgroup_pathf(h->dir, sizeof(h->dir), e, "%s/%s", real, cg->name) < 0)
		return -1;
	snprintf(h->name, sizeof(h->name), "%s", hname);
	for (int i = 0; i < cg->nhier; i++)
		h->alias |= strcmp(cg->hier[i].dir, h->dir) == 0;	/* "cpu,cpuacct" */
	if (!h->alias && lcg_check_root(hname, real, e) < 0)
		return -1;
	if (!h->alias && exists(h->dir))	/* libcgroup would silently take it over */
		return nsp_err_set(e, EEXIST, "%s exists", h->dir);
	cg->nhier++;
	return 0;
}

/* Each v1 hierarchy controller c's files are in (cpu: cpu and cpuacct). */
static int add_v1(struct core_cgroup *cg, const struct cg_layout *l, enum cg_ctrl c,
		  struct nsp_err *e)
{
	const char *names[4];
	size_t n = cg_ctrl_v1_hierarchies(c, names, 4);
	char mount[CORE_CG_PATH_MAX];

	for (size_t i = 0; i < n; i++) {
		/* a hierarchy only some counters need (cpuacct) may be absent */
		if (cg_controller_version(l, names[i], mount, sizeof(mount)) != CG_V1)
			continue;
		if (add_hier(cg, names[i], mount, e) < 0)
			return -1;
	}
	return 0;
}

/*
 * cgroup2: a controller must be on in the root's subtree_control for
 * anything below to have it.  libcgroup 2.0.2 only enables it below the
 * root.  The root is exempt from the no-internal-process rule, and on a
 * systemd host it is on already, so this writes only on bare systems.
 */
static int enable_in_root(const char *root, const char *ctrl, struct nsp_err *e)
{
	char text[256], plus[32];

	if (cg_file_read_text(root, CG_V2, CG_SUBTREE_CONTROL, text, sizeof(text), e) < 0)
		return -1;
	for (char *save, *w = strtok_r(text, " ", &save); w; w = strtok_r(NULL, " ", &save))
		if (strcmp(w, ctrl) == 0)
			return 0;
	snprintf(plus, sizeof(plus), "+%s", ctrl);
	return cg_file_write(root, CG_V2, CG_SUBTREE_CONTROL, plus, e);
}

/* Where every asked controller is; fills ctrl_version, hier, v2 parts. */
static int locate(struct core_cgroup *cg, const struct cg_layout *l, bool companion_made,
		  struct nsp_err *e)
{
	char mount[CORE_CG_PATH_MAX], why[320];

	for (int c = 0; c < CG_CTRL_COUNT; c++) {
		if (!(cg->ctrls & CG_CTRL_BIT(c)))
			continue;
		cg->ctrl_version[c] = cg_ctrl_locate(l, c, mount, sizeof(mount), why, sizeof(why));
		if (cg->ctrl_version[c] == CG_VNONE)
			return nsp_err_set(e, ENODEV, "%s", why);
		if (cg->ctrl_version[c] == CG_V1 && add_v1(cg, l, c, e) < 0)
			return -1;
		if (cg->ctrl_version[c] == CG_V2 &&
		    (lcg_check_root(cg_ctrl_name(c), l->v2_root, e) < 0 ||
		     enable_in_root(l->v2_root, cg_ctrl_name(c), e) < 0))
			return -1;
		cg->v2_own |= cg->ctrl_version[c] == CG_V2;
	}
	if (l->v2_root[0] &&
	    core_cgroup_pathf(cg->v2_dir, sizeof(cg->v2_dir), e, "%s/%s", l->v2_root, cg->name) < 0)
		return -1;
	if (cg->v2_dir[0] && !companion_made && exists(cg->v2_dir))
		return nsp_err_set(e, EEXIST, "%s exists", cg->v2_dir);
	return 0;
}

/* The main directory: memory's when asked (the OOM probes read it), else the first. */
static void pick_main(struct core_cgroup *cg)
{
	int m = 0;

	for (int i = 0; i < cg->nhier; i++)
		if (strcmp(cg->hier[i].name, "memory") == 0)
			m = i;
	if (cg->nhier) {
		memcpy(cg->dir, cg->hier[m].dir, sizeof(cg->dir));
		cg->version = CG_V1;
	} else {
		memcpy(cg->dir, cg->v2_dir, sizeof(cg->dir));
		cg->version = CG_V2;
	}
}

static int lcg_create_once(struct core_cgroup *cg)
{
	cgroup_free(&cg->lcg);
	cg->lcg = cgroup_new_cgroup(cg->name);
	if (!cg->lcg)
		return ECGFAIL;		/* out of memory: the only way these fail */
	for (int i = 0; i < cg->nhier; i++)
		if (!cg->hier[i].alias && !cgroup_add_controller(cg->lcg, cg->hier[i].name))
			return ECGFAIL;
	for (int c = 0; c < CG_CTRL_COUNT; c++)
		if ((cg->ctrls & CG_CTRL_BIT(c)) && cg->ctrl_version[c] == CG_V2 &&
		    !cgroup_add_controller(cg->lcg, cg_ctrl_name(c)))
			return ECGFAIL;
	/* 1: no chown/chmod walk; we are root and keep root's ownership */
	return cgroup_create_cgroup(cg->lcg, 1);
}

/*
 * The groups through libcgroup.  Another container of this run may remove
 * the shared parent between libcgroup's mkdir of it and of ours
 * (core_cgroup_destroy rmdirs an empty parent): then try again.
 */
static int create_groups(struct core_cgroup *cg, struct nsp_err *e)
{
	char parent[CORE_CG_PATH_MAX];
	int rc = 0;

	core_cgroup_parent_of(cg->dir, parent, sizeof(parent));
	for (int i = 0; i < CREATE_TRIES; i++) {
		rc = lcg_create_once(cg);
		if (rc == 0 || exists(parent))
			break;
	}
	if (rc)
		return core_cgroup_lcg_error(e, rc, "libcgroup cgroup_create_cgroup");
	return 0;
}

/*
 * Hybrid or v1 with a cgroup2 mount and no controller of ours on it: the
 * controller-less twin, for cgroup.kill and cgroup.events.  mkdir by
 * hand: libcgroup 2.0.2 cannot address a v2 hierarchy without a
 * controller.  Without it v2_dir is cleared, so a rollback never removes
 * a group that was not ours.
 */
static int create_companion(struct core_cgroup *cg, struct nsp_err *e)
{
	char parent[CORE_CG_PATH_MAX];

	core_cgroup_parent_of(cg->v2_dir, parent, sizeof(parent));
	if (!cg->nested && mkdir(parent, 0755) < 0 && errno != EEXIST) {
		nsp_err_sys(e, "cgroup2 companion: mkdir %s", parent);
		cg->v2_dir[0] = '\0';
		return -1;
	}
	if (mkdir(cg->v2_dir, 0755) < 0) {
		nsp_err_sys(e, "cgroup2 companion: mkdir %s", cg->v2_dir);
		cg->v2_dir[0] = '\0';
		/* the run's parent goes too unless another group is in it */
		if (!cg->nested)
			rmdir(parent);
		return -1;
	}
	return 0;
}

/*
 * A new v1 cpuset level has empty cpus and mems, and no task may join it:
 * each level from the top down gets its parent's, for every v1_inherit
 * row (libcgroup writes it; the level is named relative to the mount).
 */
static int inherit_level(const char *dir, const char *name, enum cg_item it,
			 struct nsp_err *e)
{
	char mine[256], parent[CORE_CG_PATH_MAX], theirs[256];

	if (cg_file_read_text(dir, CG_V1, it, mine, sizeof(mine), e) < 0)
		return -1;
	if (mine[0])
		return 0;
	core_cgroup_parent_of(dir, parent, sizeof(parent));
	if (cg_file_read_text(parent, CG_V1, it, theirs, sizeof(theirs), e) < 0)
		return -1;
	return core_cgroup_lcg_write_name(name, cg_file_ctrl(it, CG_V1),
					  cg_file_name(it, CG_V1), theirs, e);
}

/* Each level of the group's name in hierarchy h, top down. */
static int inherit_levels(const struct core_cgroup *cg, const struct core_cg_hier *h,
			  enum cg_item it, struct nsp_err *e)
{
	size_t mount = strlen(h->dir) - strlen(cg->name) - 1;
	char dir[CORE_CG_PATH_MAX], name[sizeof(cg->name)];

	/* "nsprobe-41", then "nsprobe-41/c3" (and deeper when nested) */
	for (const char *end = strchrnul(cg->name, '/');; end = strchrnul(end + 1, '/')) {
		snprintf(name, sizeof(name), "%.*s", (int)(end - cg->name), cg->name);
		snprintf(dir, sizeof(dir), "%.*s/%s", (int)mount, h->dir, name);
		if (inherit_level(dir, name, it, e) < 0)
			return -1;
		if (!*end)
			return 0;
	}
}

static int inherit_v1(struct core_cgroup *cg, struct nsp_err *e)
{
	for (int it = CG_ITEM_NONE + 1; it < CG_ITEM_COUNT; it++) {
		const struct cg_file *f = cg_file(it);

		for (int i = 0; f->v1_inherit && i < cg->nhier; i++)
			if (strcmp(cg->hier[i].name, f->v1.ctrl) == 0 &&
			    inherit_levels(cg, &cg->hier[i], it, e) < 0)
				return -1;
	}
	return 0;
}

static int open_v2_fd(struct core_cgroup *cg, struct nsp_err *e)
{
	if (!cg->v2_dir[0] || cg->v2_fd >= 0)
		return 0;
	cg->v2_fd = open(cg->v2_dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (cg->v2_fd < 0)
		return nsp_err_sys(e, "open %s", cg->v2_dir);
	return 0;
}

/* memory: swap closed, so that it cannot absorb an overage (the model's closed value) */
static int close_swap(struct core_cgroup *cg, struct nsp_err *e)
{
	if (!core_cgroup_has(cg, CG_MEMORY_SWAP_MAX))
		return 0;	/* no swap accounting: the kernel has no knob */
	return core_cgroup_set_limit(cg, CG_MEMORY_SWAP_MAX, cg_file(CG_MEMORY_SWAP_MAX)->closed,
				     e);
}

/* Everything after the checks; any failure is rolled back by the caller. */
static int build(struct core_cgroup *cg, const struct core_cgroup_req *r, struct nsp_err *e)
{
	if (create_groups(cg, e) < 0 ||
	    (!cg->v2_own && cg->v2_dir[0] && !r->companion_made && create_companion(cg, e) < 0) ||
	    inherit_v1(cg, e) < 0 ||
	    core_cgroup_set_limits(cg, r->limits, r->nlimits, e) < 0 ||
	    (r->close_swap && (cg->ctrls & CG_CTRL_BIT(CG_CTRL_MEMORY)) && close_swap(cg, e) < 0))
		return -1;
	return open_v2_fd(cg, e);
}

/* The controllers asked, with those of the limits; a nested group's parent must have them. */
static int want_ctrls(struct core_cgroup *cg, const struct core_cgroup_req *r, struct nsp_err *e)
{
	cg->ctrls = r->ctrls;
	for (size_t i = 0; i < r->nlimits; i++) {
		const struct cg_file *f = cg_file(r->limits[i].item);
		int c = f && f->ctrl ? cg_ctrl_of(f->ctrl) : -1;

		if (c < 0)
			return nsp_err_set(e, EINVAL, "limit %zu is not a controller's", i);
		cg->ctrls |= CG_CTRL_BIT(c);
	}
	if (!cg->ctrls)
		return nsp_err_set(e, EINVAL, "no controller asked for");
	if (r->parent && (cg->ctrls & ~r->parent->ctrls))
		return nsp_err_set(e, EINVAL, "its parent `%s' lacks a controller it asks for",
				   r->parent->name);
	return 0;
}

/* The run's parent group's name (or the parent request's) into base. */
static int base_name(const struct core_cgroup_req *r, char *base, size_t len, struct nsp_err *e)
{
	if (!r->parent)
		return core_cgroup_run_name(base, len, e);
	snprintf(base, len, "%s", r->parent->name);
	return 0;
}

/*
 * A failure before build(): nothing was made, unless the companion was
 * made first; it may hold the child already, so it is destroyed (its
 * members killed) like any half-built group.
 */
static void unprepare(struct core_cgroup *cg, const struct core_cgroup *first)
{
	struct nsp_err ignored;

	memset(cg, 0, sizeof(*cg));
	cg->v2_fd = -1;
	if (first) {
		*cg = *first;
		core_cgroup_destroy(cg, &ignored);
	}
}

int core_cgroup_create_req(struct core_cgroup *cg, const char *name,
			   const struct core_cgroup_req *r, struct nsp_err *e)
{
	struct core_cgroup first = CORE_CGROUP_INIT;
	char base[sizeof(cg->name)];
	struct nsp_err ignored;
	struct cg_layout l;

	if (r->companion_made)
		first = *cg;
	memset(cg, 0, sizeof(*cg));
	cg->v2_fd = -1;
	if (!valid_name(name)) {
		unprepare(cg, r->companion_made ? &first : NULL);
		return nsp_err_set(e, EINVAL, "create cgroup: invalid name `%.80s'", name);
	}
	cg->nested = r->parent != NULL;
	if (base_name(r, base, sizeof(base), e) < 0 ||
	    core_cgroup_pathf(cg->name, sizeof(cg->name), e, "%s/%s", base, name) < 0 ||
	    want_ctrls(cg, r, e) < 0 || cg_layout_detect(&l, e) < 0 ||
	    core_cgroup_lcg_init(e) < 0 || locate(cg, &l, r->companion_made, e) < 0) {
		unprepare(cg, r->companion_made ? &first : NULL);
		return nsp_err_wrap(e, "create cgroup `%s'", name);
	}
	if (r->companion_made)
		cg->v2_fd = first.v2_fd;	/* the same directory: locate named it */
	pick_main(cg);
	if (build(cg, r, e) < 0) {
		/* destroy copes with every half-built state */
		core_cgroup_destroy(cg, &ignored);
		return nsp_err_wrap(e, "create cgroup `%s/%s'", base, name);
	}
	return 0;
}

/* Is every controller r asks for on version v here?  *l: the layout read. */
static bool all_ctrls_on(const struct core_cgroup_req *r, enum cg_version v,
			 struct cg_layout *l)
{
	struct core_cgroup cg = CORE_CGROUP_INIT;
	char mount[CORE_CG_PATH_MAX], why[320];
	struct nsp_err ignored;

	if (want_ctrls(&cg, r, &ignored) < 0 || cg_layout_detect(l, &ignored) < 0)
		return false;
	for (int c = 0; c < CG_CTRL_COUNT; c++)
		if ((cg.ctrls & CG_CTRL_BIT(c)) &&
		    cg_ctrl_locate(l, c, mount, sizeof(mount), why, sizeof(why)) != v)
			return false;
	return true;
}

/* Every asked controller on v1, and a cgroup2 mount for the companion? */
static bool companion_fits(const struct core_cgroup_req *r, struct cg_layout *l)
{
	return all_ctrls_on(r, CG_V1, l) && l->v2_root[0];
}

int core_cgroup_companion_first(struct core_cgroup *cg, const char *name,
				const struct core_cgroup_req *r, struct nsp_err *e)
{
	char base[sizeof(cg->name)];
	struct nsp_err ignored;
	struct cg_layout l;

	*cg = (struct core_cgroup)CORE_CGROUP_INIT;
	if (!valid_name(name) || !companion_fits(r, &l))
		return 0;	/* the usual way, which says what is wrong */
	cg->nested = r->parent != NULL;
	if (base_name(r, base, sizeof(base), e) < 0 ||
	    core_cgroup_pathf(cg->name, sizeof(cg->name), e, "%s/%s", base, name) < 0 ||
	    core_cgroup_pathf(cg->v2_dir, sizeof(cg->v2_dir), e, "%s/%s", l.v2_root, cg->name) < 0 ||
	    (exists(cg->v2_dir) && nsp_err_set(e, EEXIST, "%s exists", cg->v2_dir) < 0) ||
	    create_companion(cg, e) < 0) {
		*cg = (struct core_cgroup)CORE_CGROUP_INIT;	/* nothing of ours */
		return nsp_err_wrap(e, "cgroup2 companion of `%s'", name);
	}
	memcpy(cg->dir, cg->v2_dir, sizeof(cg->dir));
	cg->version = CG_V2;
	if (open_v2_fd(cg, e) < 0) {
		core_cgroup_destroy(cg, &ignored);
		return nsp_err_wrap(e, "cgroup2 companion of `%s'", name);
	}
	return 1;
}

bool core_cgroup_req_clones_into(const struct core_cgroup_req *r)
{
	struct cg_layout l;

	return all_ctrls_on(r, CG_V2, &l);
}

int core_cgroup_create(struct core_cgroup *cg, const char *name,
		       long long memory_limit_bytes, struct nsp_err *e)
{
	const struct cg_limit limit = { CG_MEMORY_MAX, memory_limit_bytes, NULL, NULL };
	const struct core_cgroup_req r = {
		.ctrls = CG_CTRL_BIT(CG_CTRL_MEMORY),
		.limits = &limit,
		.nlimits = memory_limit_bytes > 0,
		.close_swap = memory_limit_bytes > 0,
	};

	return core_cgroup_create_req(cg, name, &r, e);
}
