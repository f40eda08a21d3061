// SPDX-License-Identifier: GPL-2.0-or-later
/* The pid section: the pid at each level and the members of its pid namespace. */
#include <stdio.h>

#include "nsprobe/render.h"

static void text_idlist(FILE *out, const char *name, const struct ns_idlist *l)
{
	fprintf(out, "  %-11s", name);
	for (int i = 0; i < l->n; i++)
		fprintf(out, " %d", (int)l->id[i]);
	fputc('\n', out);
}

static void text_pid(FILE *out, const struct diag_report *r)
{
	const struct diag_pidview *pv = &r->pid;
	size_t shown = pv->nmembers < 16 ? pv->nmembers : 16;

	if (!text_section(out, "pid (outermost level first)", pv->applies, "NSpid", &pv->miss))
		return;
	text_idlist(out, "NSpid", &pv->st.pid);
	text_idlist(out, "NStgid", &pv->st.tgid);
	fprintf(out, "  %-11s", "pid ns");
	for (int i = 0; i < pv->nlevels; i++)
		fprintf(out, " %lu", (unsigned long)pv->level_ino[i]);
	fprintf(out, "\n  members    %zu of its pid namespace (our pid=its pid):", pv->nmembers);
	for (size_t i = 0; i < shown; i++)
		fprintf(out, " %d=%d", (int)pv->members[i].pid, (int)pv->members[i].ns_pid);
	fprintf(out, "%s\n", shown < pv->nmembers ? " ..." : "");
}

static void json_idlist(struct jw *w, const char *key, const struct ns_idlist *l)
{
	jw_arr(w, key);
	for (int i = 0; i < l->n; i++)
		jw_int(w, NULL, l->id[i]);
	jw_end_arr(w);
}

static void json_pid(struct jw *w, const struct diag_report *r)
{
	const struct diag_pidview *pv = &r->pid;

	if (!json_section(w, "pid", pv->applies, &pv->miss))
		return;
	json_idlist(w, "nspid", &pv->st.pid);
	json_idlist(w, "nstgid", &pv->st.tgid);
	json_idlist(w, "nspgid", &pv->st.pgid);
	json_idlist(w, "nssid", &pv->st.sid);
	jw_arr(w, "level_pidns");
	for (int i = 0; i < pv->nlevels; i++)
		jw_uint(w, NULL, pv->level_ino[i]);
	jw_end_arr(w);
	jw_arr(w, "members");
	for (size_t i = 0; i < pv->nmembers; i++) {
		jw_obj(w, NULL);
		jw_int(w, "pid", pv->members[i].pid);
		jw_int(w, "ns_pid", pv->members[i].ns_pid);
		jw_end_obj(w);
	}
	jw_end_arr(w);
	jw_end_obj(w);
}

const struct diag_section diag_section_pid = { text_pid, json_pid };
