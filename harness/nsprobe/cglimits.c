// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The target's limits and counters of every controller but memory (which
 * has its own view, cgcounters.c): pids, cpu, cpuset, io.  Table-driven
 * by the cgroup file model (runtime/cgfile.h): a controller's values are
 * its rows, read in the group of the hierarchy each row names on this
 * version (cpuacct's for v1 usage), so a new row shows up here by itself.
 * Read-only; a value the group or kernel lacks is n/a.
 */
#include <errno.h>
#include <string.h>

#include "nsprobe/nsprobe.h"
#include "runtime/cgfile.h"

static bool of_ctrl(const struct cg_file *f, const char *ctrl, enum cg_version v)
{
	return f->ctrl && strcmp(f->ctrl, ctrl) == 0 && cg_file_name(f->item, v);
}

/* One value of the group; lists as text, numbers canonical. */
static void read_value(struct diag_cgvalue *x, pid_t pid, const struct cg_file *f,
		       enum cg_version v)
{
	char dir[PATH_MAX];
	enum cg_version got;
	struct nsp_err e;

	x->name = f->name;
	x->is_list = f->kind == CG_KIND_LIST;
	if (cg_item_dir_of_pid(pid, f->item, dir, sizeof(dir), &got, &e) < 0 || got != v)
		return;
	x->ok = x->is_list ? cg_file_read_text(dir, v, f->item, x->list, sizeof(x->list), &e) == 0
			   : cg_file_read(dir, v, f->item, NULL, &x->v, &e) == 0;
}

/* Add each device of found[] not listed yet. */
static void merge_devices(struct diag_cgctrl *c, char (*found)[16], size_t n)
{
	for (size_t i = 0; i < n && c->ndevs < DIAG_CG_DEVS; i++) {
		int k = 0;

		while (k < c->ndevs && strcmp(c->devs[k].dev, found[i]) != 0)
			k++;
		if (k == c->ndevs)
			memcpy(c->devs[c->ndevs++].dev, found[i], sizeof(c->devs[0].dev));
	}
}

/* Per-device rows: the devices any of their files lists, then each value. */
static void read_devices(struct diag_cgctrl *c, enum cg_version v)
{
	struct { enum cg_item it; bool read; char text[4096]; } file[DIAG_CG_DEV_VALUES];
	char found[DIAG_CG_DEVS][16];
	int nfiles = 0;
	struct nsp_err e;

	for (int it = CG_ITEM_NONE + 1; it < CG_ITEM_COUNT && nfiles < DIAG_CG_DEV_VALUES; it++) {
		const struct cg_file *f = cg_file(it);

		if (!f->per_device || !of_ctrl(f, c->name, v))
			continue;
		file[nfiles].it = it;
		file[nfiles].read = cg_file_read_text(c->dir, v, it, file[nfiles].text,
						      sizeof(file[0].text), &e) == 0;
		if (!file[nfiles].read)
			file[nfiles].text[0] = '\0';
		merge_devices(c, found, cg_file_devices(file[nfiles++].text, found, DIAG_CG_DEVS));
	}
	for (int d = 0; d < c->ndevs; d++)
		for (int i = 0; i < nfiles; i++) {
			struct diag_cgvalue *x = &c->devs[d].values[c->devs[d].n++];

			x->name = cg_file(file[i].it)->name;
			x->ok = file[i].read && cg_file_parse(file[i].it, v, file[i].text,
							      c->devs[d].dev, &x->v, &e) == 0;
		}
}

static void one_ctrl(struct diag_cgctrl *c, pid_t pid, enum cg_ctrl ctrl)
{
	enum cg_version v;
	struct nsp_err e;

	c->name = cg_ctrl_name(ctrl);
	if (cg_dir_of_pid(pid, c->name, c->dir, sizeof(c->dir), &v, &e) < 0) {
		miss_from_err(&c->miss, &e);
		return;
	}
	c->version = v;
	for (int it = CG_ITEM_NONE + 1; it < CG_ITEM_COUNT && c->n < DIAG_CG_VALUES; it++) {
		const struct cg_file *f = cg_file(it);

		if (of_ctrl(f, c->name, v) && !f->per_device)
			read_value(&c->values[c->n++], pid, f, v);
	}
	read_devices(c, v);
}

void cglimits_view(struct diag_cglimits *l, pid_t pid)
{
	for (int c = 0; c < CG_CTRL_COUNT; c++)
		if (c != CG_CTRL_MEMORY && l->n < (int)(sizeof(l->ctrl) / sizeof(l->ctrl[0])))
			one_ctrl(&l->ctrl[l->n++], pid, c);
}
