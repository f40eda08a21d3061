// SPDX-License-Identifier: GPL-2.0-or-later
/* The user section: uid and gid maps and setgroups. */
#include <stdio.h>

#include "nsprobe/render.h"

static void text_map(FILE *out, const char *name, const struct diag_idmap *m, int n)
{
	fprintf(out, "  %-11s", name);
	for (int i = 0; i < n; i++)
		fprintf(out, "%s%ld %ld %ld", i ? ", " : " ", m[i].inside, m[i].outside, m[i].count);
	fprintf(out, "%s\n", n ? "" : " (empty: no mapping written yet)");
}

static void text_user(FILE *out, const struct diag_report *r)
{
	const struct diag_userview *v = &r->user;

	if (!text_section(out, "user (inside outside count)", v->applies, "maps", &v->miss))
		return;
	text_map(out, "uid_map", v->uid, v->nuid);
	text_map(out, "gid_map", v->gid, v->ngid);
	fprintf(out, "  setgroups   %s\n", v->setgroups);
}

static void json_map(struct jw *w, const char *key, const struct diag_idmap *m, int n)
{
	jw_arr(w, key);
	for (int i = 0; i < n; i++) {
		jw_obj(w, NULL);
		jw_int(w, "inside", m[i].inside);
		jw_int(w, "outside", m[i].outside);
		jw_int(w, "count", m[i].count);
		jw_end_obj(w);
	}
	jw_end_arr(w);
}

static void json_user(struct jw *w, const struct diag_report *r)
{
	const struct diag_userview *v = &r->user;

	if (!json_section(w, "user", v->applies, &v->miss))
		return;
	json_map(w, "uid_map", v->uid, v->nuid);
	json_map(w, "gid_map", v->gid, v->ngid);
	jw_str(w, "setgroups", v->setgroups);
	jw_end_obj(w);
}

const struct diag_section diag_section_user = { text_user, json_user };
