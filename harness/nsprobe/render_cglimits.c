// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The pids, cpu, cpuset and io part of the cgroup section (cglimits.c
 * collects it), in text and JSON.  Values carry the cgroup file model's
 * canonical names, the same on v1 and v2 (nsprobe(1)): in text without
 * the controller's prefix ("max", "stat.usage_usec"), in JSON whole
 * ("pids.max"); an unlimited value is "unlimited" / "max", one this group
 * or kernel lacks "n/a" / null.
 */
#include <stdio.h>
#include <string.h>

#include "nsprobe/nsprobe.h"
#include "nsprobe/render.h"
#include "runtime/cgfile.h"

#define PER_LINE 4

/* "pids.max" -> "max" for the text, under the controller's heading. */
static const char *short_name(const char *ctrl, const char *name)
{
	size_t n = strlen(ctrl);

	return strncmp(name, ctrl, n) == 0 && name[n] == '.' ? name + n + 1 : name;
}

static void text_value(FILE *out, const char *ctrl, const struct diag_cgvalue *x)
{
	fprintf(out, "%s ", short_name(ctrl, x->name));
	if (!x->ok)
		fprintf(out, "n/a");
	else if (x->is_list)
		fprintf(out, "%s", x->list[0] ? x->list : "(empty)");
	else if (x->v == CG_UNLIMITED)
		fprintf(out, "unlimited");
	else
		fprintf(out, "%lld", x->v);
}

static void text_values(FILE *out, const char *ctrl, const char *lead,
			const struct diag_cgvalue *v, int n)
{
	for (int i = 0; i < n; i++) {
		fprintf(out, "%s", i == 0 ? lead : i % PER_LINE ? ", " : ",\n              ");
		text_value(out, ctrl, &v[i]);
	}
	if (n)
		fputc('\n', out);
}

static void text_ctrl(FILE *out, const struct diag_cgctrl *c)
{
	char buf[400], lead[40];

	if (!c->version) {
		fprintf(out, "  %-11s not here: %s\n", c->name, miss_str(&c->miss, buf, sizeof(buf)));
		return;
	}
	fprintf(out, "  %-11s v%d %s\n", c->name, c->version, c->dir);
	text_values(out, c->name, "              ", c->values, c->n);
	for (int d = 0; d < c->ndevs; d++) {
		snprintf(lead, sizeof(lead), "              %s ", c->devs[d].dev);
		text_values(out, c->name, lead, c->devs[d].values, c->devs[d].n);
	}
}

void text_cglimits(FILE *out, const struct diag_cglimits *l)
{
	for (int i = 0; i < l->n; i++)
		text_ctrl(out, &l->ctrl[i]);
}

static void json_value(struct jw *w, const struct diag_cgvalue *x)
{
	if (!x->ok)
		jw_null(w, x->name);
	else if (x->is_list)
		jw_str(w, x->name, x->list);
	else if (x->v == CG_UNLIMITED)
		jw_str(w, x->name, "max");
	else
		jw_int(w, x->name, x->v);
}

static void json_ctrl(struct jw *w, const struct diag_cgctrl *c)
{
	if (!c->version) {
		json_miss(w, c->name, &c->miss);
		return;
	}
	jw_obj(w, c->name);
	jw_int(w, "version", c->version);
	jw_str(w, "dir", c->dir);
	jw_obj(w, "values");
	for (int i = 0; i < c->n; i++)
		json_value(w, &c->values[i]);
	jw_end_obj(w);
	jw_arr(w, "devices");
	for (int d = 0; d < c->ndevs; d++) {
		jw_obj(w, NULL);
		jw_str(w, "dev", c->devs[d].dev);
		for (int i = 0; i < c->devs[d].n; i++)
			json_value(w, &c->devs[d].values[i]);
		jw_end_obj(w);
	}
	jw_end_arr(w);
	jw_end_obj(w);
}

void json_cglimits(struct jw *w, const struct diag_cglimits *l)
{
	for (int i = 0; i < l->n; i++)
		json_ctrl(w, &l->ctrl[i]);
}
