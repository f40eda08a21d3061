// SPDX-License-Identifier: GPL-2.0-or-later
/* The mnt section: the root, its propagation, peer groups and overlay layers. */
#include <stdio.h>

#include "nsprobe/render.h"

static void text_mnt(FILE *out, const struct diag_report *r)
{
	const struct diag_mntview *v = &r->mnt;

	if (!text_section(out, "mnt", v->applies, NULL, NULL))
		return;
	if (v->root_miss.errnum)
		text_miss(out, "root", &v->root_miss);
	else
		fprintf(out, "  root        %s\n", v->root);
	if (v->miss.errnum) {
		text_miss(out, "mountinfo", &v->miss);
		return;
	}
	fprintf(out, "  /           %s from %s, propagation ", v->root_fstype, v->root_source);
	if (v->root_shared)
		fprintf(out, "shared:%d", v->root_shared);
	if (v->root_master)
		fprintf(out, "%smaster:%d", v->root_shared ? " " : "", v->root_master);
	if (v->root_unbindable)
		fprintf(out, "unbindable");
	else if (!v->root_shared && !v->root_master)
		fprintf(out, "private");
	fprintf(out, "\n  mounts      %zu\n  peer groups", v->nmounts);
	for (int i = 0; i < v->npeers; i++)
		fprintf(out, " %d", v->peers[i]);
	fprintf(out, "%s\n", v->npeers ? "" : " (none)");
	if (!v->overlay)
		return;
	fprintf(out, "  overlay     lower");
	for (size_t i = 0; i < v->nlower; i++)
		fprintf(out, "%s%s", i ? " : " : " ", v->lower[i]);
	fprintf(out, " (top first); upper %s; work %s\n", v->upper ? v->upper : "(none)",
		v->work ? v->work : "(none)");
}

/* The root's overlay layers, or null when the root is no overlay. */
static void json_overlay(struct jw *w, const struct diag_mntview *v)
{
	if (!v->overlay) {
		jw_null(w, "overlay");
		return;
	}
	jw_obj(w, "overlay");
	jw_arr(w, "lower");
	for (size_t i = 0; i < v->nlower; i++)
		jw_str(w, NULL, v->lower[i]);
	jw_end_arr(w);
	jw_str(w, "upper", v->upper);
	jw_str(w, "work", v->work);
	jw_end_obj(w);
}

static void json_mnt(struct jw *w, const struct diag_report *r)
{
	const struct diag_mntview *v = &r->mnt;

	if (!json_section(w, "mnt", v->applies, NULL))
		return;
	if (v->root_miss.errnum)
		json_miss(w, "root", &v->root_miss);
	else
		jw_str(w, "root", v->root);
	if (v->miss.errnum) {
		json_miss(w, "mountinfo", &v->miss);
		jw_end_obj(w);
		return;
	}
	jw_uint(w, "mounts", v->nmounts);
	jw_obj(w, "root_mount");
	jw_str(w, "fstype", v->root_fstype);
	jw_str(w, "source", v->root_source);
	jw_str(w, "propagation", v->root_unbindable ? "unbindable" :
		   v->root_shared ? "shared" : v->root_master ? "slave" : "private");
	jw_int(w, "shared", v->root_shared);
	jw_int(w, "master", v->root_master);
	jw_end_obj(w);
	jw_arr(w, "peer_groups");
	for (int i = 0; i < v->npeers; i++)
		jw_int(w, NULL, v->peers[i]);
	jw_end_arr(w);
	json_overlay(w, v);
	jw_end_obj(w);
}

const struct diag_section diag_section_mnt = { text_mnt, json_mnt };
