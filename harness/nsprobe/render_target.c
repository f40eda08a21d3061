// SPDX-License-Identifier: GPL-2.0-or-later
/* The first section: what is inspected, and by whom. */
#include <stdio.h>
#include <unistd.h>

#include "nsprobe/render.h"

static void text_target(FILE *out, const struct diag_report *r)
{
	const struct diag_target *t = r->tgt;

	if (t->kind == TGT_PID)
		fprintf(out, "target: pid %d (%s), state %c\n", (int)t->pid, t->comm,
			target_state(t->pid));
	else
		fprintf(out, "target: namespace file %s\n", t->path);
	fprintf(out, "viewer: pid %d, euid %d\n", (int)getpid(), (int)geteuid());
}

static void json_target(struct jw *w, const struct diag_report *r)
{
	const struct diag_target *t = r->tgt;

	jw_obj(w, "target");
	jw_str(w, "spec", t->spec);
	jw_str(w, "kind", t->kind == TGT_PID ? "pid" : "nsfile");
	if (t->kind == TGT_PID) {
		jw_int(w, "pid", t->pid);
		jw_str(w, "comm", t->comm);
		jw_null(w, "path");
	} else {
		jw_null(w, "pid");
		jw_null(w, "comm");
		jw_str(w, "path", t->path);
	}
	jw_end_obj(w);
	jw_obj(w, "viewer");
	jw_int(w, "pid", getpid());
	jw_int(w, "euid", geteuid());
	jw_end_obj(w);
}

const struct diag_section diag_section_target = { text_target, json_target };
