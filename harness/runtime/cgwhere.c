// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Where the cgroup file model's files are: which hierarchy holds each
 * controller in this layout (v1, cgroup2, or nowhere and why), and which
 * group directory a process is in for a controller or an item.
 */
#include "runtime/cgfile.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "lib/proccgroup.h"

size_t cg_ctrl_v1_hierarchies(enum cg_ctrl c, const char **out, size_t max)
{
	size_t n = 0, k;

	for (int it = CG_ITEM_NONE + 1; it < CG_ITEM_COUNT; it++) {
		const struct cg_file *f = cg_file(it);

		if (!f->ctrl || strcmp(f->ctrl, cg_ctrl_name(c)) != 0 || !f->v1.file)
			continue;
		for (k = 0; k < n && strcmp(out[k], f->v1.ctrl) != 0; k++)
			;
		if (k == n && n < max)
			out[n++] = f->v1.ctrl;
	}
	return n;
}

enum cg_version cg_ctrl_locate(const struct cg_layout *l, enum cg_ctrl c, char *v1_dir,
			       size_t len, char *why, size_t wlen)
{
	const char *name = cg_ctrl_name(c), *v1 = cg_v1_name(name);
	enum cg_version v = cg_controller_version(l, name, v1_dir, (unsigned)len);
	char offered[128] = "";
	struct nsp_err e;

	if (v != CG_VNONE)
		return v;
	if (l->v2_root[0] &&
	    cg_file_read_text(l->v2_root, CG_V2, CG_CONTROLLERS, offered, sizeof(offered), &e) < 0)
		snprintf(offered, sizeof(offered), "?");
	if (l->v2_root[0])
		snprintf(why, wlen, "%s: no v1 %s hierarchy, and cgroup2 at %s offers only "
			 "\"%s\" (layout %s)", name, v1, l->v2_root, offered, cg_mode_name(l->mode));
	else
		snprintf(why, wlen, "%s: no v1 %s hierarchy and no cgroup2 (layout %s)", name, v1,
			 cg_mode_name(l->mode));
	return CG_VNONE;
}

/* pid's group directory under `root` in the hierarchy of `hier` (v1 name; NULL: cgroup2). */
static int dir_under(pid_t pid, const char *hier, const char *root, char *dir, size_t len,
		     struct nsp_err *e)
{
	const struct cgroup_entry *ent;
	struct cgroup_list l;
	int n;

	if (cgroup_list_read(pid, &l, e) < 0)
		return -1;
	ent = cgroup_list_find(&l, hier);
	n = ent ? snprintf(dir, len, "%s%s", root, strcmp(ent->path, "/") == 0 ? "" : ent->path)
		: -1;
	cgroup_list_free(&l);
	if (n < 0)
		return nsp_err_set(e, ENODATA, "/proc/%d/cgroup has no %s line", (int)pid,
				   hier ? hier : "cgroup2");
	if ((size_t)n >= len)
		return nsp_err_set(e, ENAMETOOLONG, "%s cgroup path too long", hier ? hier : "");
	return 0;
}

int cg_dir_of_pid(pid_t pid, const char *ctrl, char *dir, size_t len,
		  enum cg_version *v, struct nsp_err *e)
{
	char root[PATH_MAX], why[256];
	struct cg_layout lay;
	int c = ctrl ? cg_ctrl_of(ctrl) : -1;

	if (cg_layout_detect(&lay, e) < 0)
		return -1;
	if (ctrl && c < 0)
		return nsp_err_set(e, EINVAL, "%s: not a controller of the model", ctrl);
	*v = ctrl ? cg_ctrl_locate(&lay, c, root, sizeof(root), why, sizeof(why)) :
	     lay.v2_root[0] ? CG_V2 : CG_VNONE;
	if (*v == CG_VNONE)
		return nsp_err_set(e, ENODEV, "%s", ctrl ? why : "no cgroup2 hierarchy");
	if (*v == CG_V2)
		snprintf(root, sizeof(root), "%s", lay.v2_root);
	return dir_under(pid, *v == CG_V1 ? cg_v1_name(ctrl) : NULL, root, dir, len, e);
}

int cg_item_dir_of_pid(pid_t pid, enum cg_item it, char *dir, size_t len,
		       enum cg_version *v, struct nsp_err *e)
{
	const struct cg_file *f = cg_file(it);
	char root[PATH_MAX];
	struct cg_layout lay;

	if (!f || !f->ctrl)
		return nsp_err_set(e, EINVAL, "item %d is no controller's", (int)it);
	if (cg_dir_of_pid(pid, f->ctrl, dir, len, v, e) < 0)
		return -1;
	if (*v != CG_V1 || !f->v1.file || strcmp(f->v1.ctrl, cg_v1_name(f->ctrl)) == 0)
		return 0;
	/* a v1 file in a hierarchy of its own (cpuacct.usage) */
	if (cg_layout_detect(&lay, e) < 0)
		return -1;
	if (cg_controller_version(&lay, f->v1.ctrl, root, sizeof(root)) != CG_V1)
		return nsp_err_set(e, ENODEV, "no v1 %s hierarchy here", f->v1.ctrl);
	return dir_under(pid, f->v1.ctrl, root, dir, len, e);
}
