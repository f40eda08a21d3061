// SPDX-License-Identifier: GPL-2.0-or-later
#include "lib/cglayout.h"

#include <errno.h>
#include <linux/magic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statfs.h>

#include "lib/file.h"

static long fs_magic(const char *path)
{
	struct statfs st;

	if (statfs(path, &st) < 0)
		return -1;
	return (long)st.f_type;
}

int cg_layout_detect(struct cg_layout *l, struct nsp_err *e)
{
	long root = fs_magic(CG_ROOT);
	char unified[] = CG_ROOT "/unified";

	memset(l, 0, sizeof(*l));
	if (root < 0 && errno != ENOENT)
		return nsp_err_sys(e, "statfs %s", CG_ROOT);
	if (root == CGROUP2_SUPER_MAGIC) {
		l->mode = CG_MODE_V2;
		snprintf(l->v2_root, sizeof(l->v2_root), "%s", CG_ROOT);
	} else if (root == TMPFS_MAGIC) {
		l->mode = CG_MODE_V1;
		if (fs_magic(unified) == CGROUP2_SUPER_MAGIC) {
			l->mode = CG_MODE_HYBRID;
			snprintf(l->v2_root, sizeof(l->v2_root), "%s", unified);
		}
	} else {
		l->mode = CG_MODE_NONE;
	}
	return 0;
}

const char *cg_mode_name(enum cg_mode m)
{
	static const char *const names[] = { "none", "v1", "v2", "hybrid" };

	return names[m];
}

const char *cg_v1_name(const char *controller)
{
	/* the one controller renamed by cgroup2 (Documentation/admin-guide/cgroup-v2.rst) */
	return strcmp(controller, "io") == 0 ? "blkio" : controller;
}

/* /proc/cgroups: "name hierarchy num_cgroups enabled"; hierarchy 0 = v2. */
static int v1_hierarchy(const char *controller, bool *enabled)
{
	struct nsp_err e;
	char *text = nsp_read_file("/proc/cgroups", NULL, &e), *line, *save;
	int hier = -1;

	if (!text)
		return -1;
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char name[64];
		int h, n, en;

		if (sscanf(line, "%63s %d %d %d", name, &h, &n, &en) == 4 &&
		    strcmp(name, controller) == 0) {
			hier = h;
			*enabled = en != 0;
			break;
		}
	}
	free(text);
	return hier;
}

/* Is `word` one of the space-separated words of cgroup.controllers? */
static bool v2_has(const char *v2_root, const char *controller)
{
	char path[128];
	struct nsp_err e;
	char *text, *w, *save;
	bool found = false;

	snprintf(path, sizeof(path), "%s/cgroup.controllers", v2_root);
	text = nsp_read_file(path, NULL, &e);
	if (!text)
		return false;
	for (w = strtok_r(text, " \n", &save); w && !found;
	     w = strtok_r(NULL, " \n", &save))
		found = strcmp(w, controller) == 0;
	free(text);
	return found;
}

enum cg_version cg_controller_version(const struct cg_layout *l,
				      const char *controller, char *v1_dir,
				      unsigned int v1_dir_len)
{
	bool enabled = false;
	int hier;
	char dir[128];

	if (l->mode == CG_MODE_V1 || l->mode == CG_MODE_HYBRID) {
		hier = v1_hierarchy(cg_v1_name(controller), &enabled);
		snprintf(dir, sizeof(dir), "%s/%s", CG_ROOT, cg_v1_name(controller));
		/*
		 * /proc/cgroups names the kernel's hierarchies, not what is
		 * mounted here: the directory must be a cgroup v1 mount (an
		 * empty mount point left by an unmounted hierarchy is not)
		 */
		if (hier > 0 && enabled && fs_magic(dir) == CGROUP_SUPER_MAGIC) {
			if (v1_dir)
				snprintf(v1_dir, v1_dir_len, "%s", dir);
			return CG_V1;
		}
	}
	if (l->v2_root[0] && v2_has(l->v2_root, controller))
		return CG_V2;
	return CG_VNONE;
}
