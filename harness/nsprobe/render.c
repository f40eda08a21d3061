// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The report: every section in order, as text or as JSON.  In text, every
 * item is either its value or "unreadable: why (needs ...)", never a
 * silent blank; in JSON, a missing item is an object {"error": text,
 * "errno": "EPERM", "needs": text-or-null} in place of its value.
 */
#include "nsprobe/render.h"

static const struct diag_section *const sections[] = {
	&diag_section_target, &diag_section_ns, &diag_section_pid, &diag_section_uts,
	&diag_section_net, &diag_section_ipc, &diag_section_mnt, &diag_section_cgroup,
	&diag_section_user, &diag_section_time,
};
#define NSECTIONS (sizeof(sections) / sizeof(sections[0]))

void jw_begin_doc(struct jw *w, FILE *out, const char *mode)
{
	jw_init(w, out);
	jw_obj(w, NULL);
	jw_int(w, "schema_version", 1);
	jw_str(w, "mode", mode);
}

void json_miss(struct jw *w, const char *key, const struct diag_miss *m)
{
	jw_obj(w, key);
	jw_str(w, "error", m->why);
	jw_str(w, "errno", nsp_errno_name(m->errnum));
	jw_str(w, "needs", miss_need(m->errnum));
	jw_end_obj(w);
}

bool json_section(struct jw *w, const char *key, bool applies, const struct diag_miss *m)
{
	if (!applies) {
		jw_null(w, key);
		return false;
	}
	if (m && m->errnum) {
		json_miss(w, key, m);
		return false;
	}
	jw_obj(w, key);
	return true;
}

bool text_section(FILE *out, const char *heading, bool applies, const char *what,
		  const struct diag_miss *m)
{
	if (!applies)
		return false;
	fprintf(out, "\n%s\n", heading);
	if (m && m->errnum) {
		text_miss(out, what, m);
		return false;
	}
	return true;
}

void text_miss(FILE *out, const char *what, const struct diag_miss *m)
{
	char buf[400];

	fprintf(out, "  %-11s unreadable: %s\n", what, miss_str(m, buf, sizeof(buf)));
}

void render_text(FILE *out, const struct diag_report *r)
{
	for (size_t i = 0; i < NSECTIONS; i++)
		sections[i]->text(out, r);
}

void render_json(FILE *out, const struct diag_report *r)
{
	struct jw w;

	jw_begin_doc(&w, out, "report");
	for (size_t i = 0; i < NSECTIONS; i++)
		sections[i]->json(&w, r);
	jw_end_obj(&w);
	jw_done(&w);
}
