// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A container group's files through the cgroup file model: find where an
 * item lives for this group (which directory, which version), read it as
 * a canonical number or text, and set limits in an order the kernel
 * accepts.  Reading is plain cgroupfs (libcgroup's read API would wrap
 * the same read() in a controller lookup and cannot reach the companion's
 * core files); limits are written through libcgroup.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>

#include "runtime/cgroup_int.h"

/* requested values plus the v1 memsw kept along with the memory limit */
#define MAX_WRITES 16

struct place {
	const char *dir;
	enum cg_version v;
};

static int no_file(const struct cg_file *f, enum cg_version v, struct nsp_err *e)
{
	return nsp_err_set(e, EOPNOTSUPP, "%s: no such file on cgroup v%d", f->name, (int)v);
}

/* The group's directory in v1 hierarchy `hname`. */
static const char *hier_dir(const struct core_cgroup *cg, const char *hname)
{
	for (int i = 0; i < cg->nhier; i++)
		if (strcmp(cg->hier[i].name, hname) == 0)
			return cg->hier[i].dir;
	return NULL;
}

/*
 * Where `it` is for this group.  Controller files: in the group of the
 * hierarchy the model names for the controller's version here.  Core
 * files: in the main directory when its version has them, else in the
 * cgroup2 side (the hybrid companion has cgroup.kill and cgroup.events,
 * the v1 group has not).
 */
static int place_of(const struct core_cgroup *cg, enum cg_item it, struct place *p,
		    struct nsp_err *e)
{
	const struct cg_file *f = cg_file(it);
	int c;

	if (!f)
		return nsp_err_set(e, EINVAL, "cgroup item %d: no such item", (int)it);
	if (!cg->dir[0])
		return nsp_err_set(e, ENOENT, "%s: no cgroup", f->name);
	*p = (struct place){ cg->dir, cg->version };
	if (!f->ctrl) {
		if (!cg_file_name(it, cg->version) && cg->v2_dir[0])
			*p = (struct place){ cg->v2_dir, CG_V2 };
		return cg_file_name(it, p->v) ? 0 : no_file(f, p->v, e);
	}
	c = cg_ctrl_of(f->ctrl);
	if (c < 0 || !(cg->ctrls & CG_CTRL_BIT(c)))
		return nsp_err_set(e, ENODEV, "%s: cgroup `%s' has no %s controller", f->name,
				   cg->name, f->ctrl);
	p->v = cg->ctrl_version[c];
	if (!cg_file_name(it, p->v))
		return no_file(f, p->v, e);
	p->dir = p->v == CG_V2 ? cg->v2_dir : hier_dir(cg, cg_file_ctrl(it, CG_V1));
	if (!p->dir)
		return nsp_err_set(e, ENODEV, "%s: no v1 %s hierarchy here", f->name,
				   cg_file_ctrl(it, CG_V1));
	return 0;
}

enum cg_version core_cgroup_version_of(const struct core_cgroup *cg, enum cg_item it)
{
	struct place p;
	struct nsp_err e;

	return place_of(cg, it, &p, &e) < 0 ? CG_VNONE : p.v;
}

bool core_cgroup_has(const struct core_cgroup *cg, enum cg_item it)
{
	struct place p;
	struct nsp_err e;

	return place_of(cg, it, &p, &e) == 0 && cg_file_exists(p.dir, p.v, it);
}

int core_cgroup_get_dev(const struct core_cgroup *cg, enum cg_item it, const char *dev,
			long long *val, struct nsp_err *e)
{
	struct place p;

	if (place_of(cg, it, &p, e) < 0 || cg_file_read(p.dir, p.v, it, dev, val, e) < 0)
		return nsp_err_wrap(e, "cgroup `%s'", cg->name);
	return 0;
}

int core_cgroup_get(const struct core_cgroup *cg, enum cg_item it, long long *val,
		    struct nsp_err *e)
{
	return core_cgroup_get_dev(cg, it, NULL, val, e);
}

int core_cgroup_get_text(const struct core_cgroup *cg, enum cg_item it, char *buf,
			 size_t len, struct nsp_err *e)
{
	struct place p;

	if (place_of(cg, it, &p, e) < 0 || cg_file_read_text(p.dir, p.v, it, buf, len, e) < 0)
		return nsp_err_wrap(e, "cgroup `%s'", cg->name);
	return 0;
}

int core_cgroup_open(const struct core_cgroup *cg, enum cg_item it, int flags,
		     struct nsp_err *e)
{
	char path[CORE_CG_PATH_MAX];
	struct place p;
	int fd;

	if (place_of(cg, it, &p, e) < 0 || cg_file_path(p.dir, p.v, it, path, sizeof(path), e) < 0)
		return nsp_err_wrap(e, "cgroup `%s'", cg->name);
	fd = open(path, flags | O_CLOEXEC);
	return fd < 0 ? nsp_err_sys(e, "open %s", path) : fd;
}

/* One planned write: the item, its canonical value, its text. */
struct write {
	struct cg_limit l;
	struct place p;
	char text[64];
};

struct plan {
	struct write w[MAX_WRITES];
	size_t n;
};

static const struct write *planned(const struct plan *pl, enum cg_item it)
{
	for (size_t i = 0; i < pl->n; i++)
		if (pl->w[i].l.item == it)
			return &pl->w[i];
	return NULL;
}

static int add(struct plan *pl, const struct core_cgroup *cg, const struct cg_limit *l,
	       struct nsp_err *e)
{
	if (pl->n == MAX_WRITES)
		return nsp_err_set(e, E2BIG, "more than %d values at once", MAX_WRITES);
	pl->w[pl->n].l = *l;
	if (place_of(cg, l->item, &pl->w[pl->n].p, e) < 0)
		return -1;
	pl->n++;
	return 0;
}

/*
 * v1: a file that also counts another item (memsw) keeps its canonical
 * value when only that item changes, as on v2 where they are apart.
 */
static int keep_dependents(struct plan *pl, const struct core_cgroup *cg, struct nsp_err *e)
{
	size_t asked = pl->n;

	for (enum cg_item d = CG_ITEM_NONE + 1; d < CG_ITEM_COUNT; d++) {
		const struct cg_file *f = cg_file(d);
		struct cg_limit keep = { d, 0, NULL, NULL };

		if (!f->v1_adds || planned(pl, d) || core_cgroup_version_of(cg, d) != CG_V1 ||
		    !core_cgroup_has(cg, d))
			continue;
		for (size_t i = 0; i < asked; i++)
			if (pl->w[i].l.item == f->v1_adds &&
			    (core_cgroup_get(cg, d, &keep.value, e) < 0 || add(pl, cg, &keep, e) < 0))
				return -1;
	}
	return 0;
}

/* The current or planned canonical value of `it` */
static int value_of(const struct plan *pl, const struct core_cgroup *cg, enum cg_item it,
		    long long *v, struct nsp_err *e)
{
	const struct write *w = planned(pl, it);

	if (w) {
		*v = w->l.value;
		return 0;
	}
	return core_cgroup_get(cg, it, v, e);
}

static int format_all(struct plan *pl, const struct core_cgroup *cg, struct nsp_err *e)
{
	for (size_t i = 0; i < pl->n; i++) {
		struct write *w = &pl->w[i];
		const struct cg_file *f = cg_file(w->l.item);
		long long adds = 0;

		if (f->kind == CG_KIND_LIST) {
			if (!w->l.text ||
			    snprintf(w->text, sizeof(w->text), "%s", w->l.text) >= (int)sizeof(w->text))
				return nsp_err_set(e, EINVAL, "%s: no text or too long", f->name);
			continue;
		}
		if (w->p.v == CG_V1 && f->v1_adds && w->l.value != CG_UNLIMITED &&
		    value_of(pl, cg, f->v1_adds, &adds, e) < 0)
			return -1;
		if (cg_file_format(w->l.item, w->p.v, w->l.value, adds, w->l.dev, w->text,
				   sizeof(w->text), e) < 0)
			return -1;
	}
	return 0;
}

/*
 * When w must be written: 0 before, 1 in the asked order, 2 after the
 * others.  A v1 file that counts another planned item (memsw) may never be
 * below it: it goes first when its new value is at least the other's
 * current one (raising), else last (lowering).
 */
static int rank(const struct plan *pl, const struct core_cgroup *cg,
		const struct write *w, int *r, struct nsp_err *e)
{
	const struct cg_file *f = cg_file(w->l.item);
	long long cur, floor, mine = w->l.value;

	*r = 1;
	if (w->p.v != CG_V1 || !f->v1_adds || !planned(pl, f->v1_adds))
		return 0;
	if (core_cgroup_get(cg, f->v1_adds, &cur, e) < 0 ||
	    value_of(pl, cg, f->v1_adds, &floor, e) < 0)
		return -1;
	mine = mine == CG_UNLIMITED || floor == CG_UNLIMITED ? CG_UNLIMITED : mine + floor;
	*r = mine >= cur ? 0 : 2;
	return 0;
}

/* Stable within each rank. */
static int order(struct plan *pl, const struct core_cgroup *cg, struct nsp_err *e)
{
	struct write sorted[MAX_WRITES];
	int r[MAX_WRITES];
	size_t k = 0;

	for (size_t i = 0; i < pl->n; i++)
		if (rank(pl, cg, &pl->w[i], &r[i], e) < 0)
			return -1;
	for (int pass = 0; pass <= 2; pass++)
		for (size_t i = 0; i < pl->n; i++)
			if (r[i] == pass)
				sorted[k++] = pl->w[i];
	memcpy(pl->w, sorted, pl->n * sizeof(sorted[0]));
	return 0;
}

/* One value: libcgroup for controller files, WORD rows merged into their line. */
static int write_one(const struct core_cgroup *cg, const struct write *w, struct nsp_err *e)
{
	const struct cg_side *s = cg_file_side(w->l.item, w->p.v);
	char line[128], merged[128];

	if (!s->ctrl)
		return cg_file_write(w->p.dir, w->p.v, w->l.item, w->text, e);
	if (s->fmt != CG_FMT_WORD)
		return core_cgroup_lcg_write(cg, s->ctrl, s->file, w->text, e);
	if (cg_file_read_text(w->p.dir, w->p.v, w->l.item, line, sizeof(line), e) < 0 ||
	    cg_file_merge_word(w->l.item, w->p.v, line, w->text, merged, sizeof(merged), e) < 0)
		return -1;
	return core_cgroup_lcg_write(cg, s->ctrl, s->file, merged, e);
}

/* "cpuset (cgroup v1, hybrid layout): ..." for a value the kernel refused */
static int wrap_where(const struct write *w, struct nsp_err *e)
{
	const struct cg_file *f = cg_file(w->l.item);
	struct cg_layout l;
	struct nsp_err ignored;

	if (cg_layout_detect(&l, &ignored) < 0)
		l.mode = CG_MODE_NONE;
	return nsp_err_wrap(e, "%s (cgroup v%d, %s layout)", f->ctrl ? f->ctrl : "cgroup",
			    (int)w->p.v, cg_mode_name(l.mode));
}

int core_cgroup_set_limits(struct core_cgroup *cg, const struct cg_limit *lim, size_t n,
			   struct nsp_err *e)
{
	struct plan pl = { .n = 0 };

	for (size_t i = 0; i < n; i++)
		if (add(&pl, cg, &lim[i], e) < 0)
			return nsp_err_wrap(e, "set limits of cgroup `%s'", cg->name);
	if (keep_dependents(&pl, cg, e) < 0 || format_all(&pl, cg, e) < 0 || order(&pl, cg, e) < 0)
		return nsp_err_wrap(e, "set limits of cgroup `%s'", cg->name);
	for (size_t i = 0; i < pl.n; i++)
		if (write_one(cg, &pl.w[i], e) < 0)
			return wrap_where(&pl.w[i], e);
	return 0;
}

int core_cgroup_set_limit(struct core_cgroup *cg, enum cg_item it, long long value,
			  struct nsp_err *e)
{
	const struct cg_limit l = { it, value, NULL, NULL };

	return core_cgroup_set_limits(cg, &l, 1, e);
}

int core_cgroup_set_text(struct core_cgroup *cg, enum cg_item it, const char *text,
			 struct nsp_err *e)
{
	const struct cg_file *f = cg_file(it);
	const struct cg_limit l = { it, 0, NULL, text };
	struct write w = { .l = l };

	if (f && f->kind == CG_KIND_LIST)
		return core_cgroup_set_limits(cg, &l, 1, e);
	if (place_of(cg, it, &w.p, e) < 0)
		return nsp_err_wrap(e, "cgroup `%s'", cg->name);
	if (f->kind != CG_KIND_CORE)
		return nsp_err_set(e, EINVAL, "%s is a number: set it as a limit", f->name);
	if (snprintf(w.text, sizeof(w.text), "%s", text) >= (int)sizeof(w.text))
		return nsp_err_set(e, EOVERFLOW, "%s: text too long", f->name);
	return write_one(cg, &w, e);
}

bool core_cgroup_oom_killed(const struct core_cgroup *cg)
{
	long long kills = 0;
	struct nsp_err ignored;

	return core_cgroup_has(cg, CG_MEMORY_EVENTS_OOM_KILL) &&
	       core_cgroup_get(cg, CG_MEMORY_EVENTS_OOM_KILL, &kills, &ignored) == 0 && kills > 0;
}
