// SPDX-License-Identifier: GPL-2.0-or-later
/* --check-config, cgroup part: layout and where each controller lives. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/cglayout.h"
#include "lib/file.h"
#include "lib/jsonw.h"
#include "nsprobe/nsprobe.h"

/* One line of /proc/cgroups: "memory 4 90 1" (name hierarchy num enabled). */
static void controller(FILE *out, struct jw *w, const struct cg_layout *l,
		       const char *line)
{
	char name[64], dir[128] = "";
	int hier, num, enabled;
	enum cg_version v;

	if (sscanf(line, "%63s %d %d %d", name, &hier, &num, &enabled) != 4)
		return;
	v = cg_controller_version(l, name, dir, sizeof(dir));
	if (w) {
		jw_obj(w, NULL);
		jw_str(w, "name", name);
		jw_bool(w, "enabled", enabled);
		if (v == CG_VNONE)
			jw_null(w, "version");
		else
			jw_int(w, "version", v);
		jw_str(w, "where", v == CG_V1 ? dir : v == CG_V2 ? l->v2_root : NULL);
		jw_end_obj(w);
	} else {
		fprintf(out, "  %-12s %s %s\n", name,
			v == CG_V1 ? "v1" : v == CG_V2 ? "v2" : enabled ? "unmounted" : "disabled",
			v == CG_V1 ? dir : v == CG_V2 ? l->v2_root : "");
	}
}

void cfg_cgroups(FILE *out, struct jw *w)
{
	struct cg_layout l = { 0 };
	struct nsp_err e;
	char *text, *line, *save = NULL;
	bool ok = cg_layout_detect(&l, &e) == 0;

	if (w) {
		jw_obj(w, "cgroup");
		jw_str(w, "layout", ok ? cg_mode_name(l.mode) : NULL);
		jw_str(w, "v2_root", ok && l.v2_root[0] ? l.v2_root : NULL);
		jw_arr(w, "controllers");
	} else {
		fprintf(out, "\ncgroup layout %s%s%s\n", ok ? cg_mode_name(l.mode) : "unknown",
			l.v2_root[0] ? ", cgroup2 at " : "", l.v2_root);
	}
	text = ok ? nsp_read_file("/proc/cgroups", NULL, &e) : NULL;
	for (line = text ? strtok_r(text, "\n", &save) : NULL; line;
	     line = strtok_r(NULL, "\n", &save))
		if (line[0] != '#')
			controller(out, w, &l, line);
	free(text);
	if (w) {
		jw_end_arr(w);
		jw_end_obj(w);
	}
}
