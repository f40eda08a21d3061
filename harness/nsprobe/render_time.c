// SPDX-License-Identifier: GPL-2.0-or-later
/* The time section: the offsets of its time_for_children namespace. */
#include <stdio.h>

#include "nsprobe/render.h"

static void text_time(FILE *out, const struct diag_report *r)
{
	const struct diag_timeview *v = &r->time;

	if (!text_section(out, "time (offsets of its time_for_children namespace)", v->applies, "offsets", &v->miss))
		return;
	fprintf(out, "  monotonic   %+lld.%09ld s\n  boottime    %+lld.%09ld s\n", v->mono_s,
		v->mono_ns, v->boot_s, v->boot_ns);
}

static void json_offset(struct jw *w, const char *key, long long s, long ns)
{
	jw_obj(w, key);
	jw_int(w, "secs", s);
	jw_int(w, "nsecs", ns);
	jw_end_obj(w);
}

static void json_time(struct jw *w, const struct diag_report *r)
{
	const struct diag_timeview *v = &r->time;

	if (!json_section(w, "time", v->applies, &v->miss))
		return;
	json_offset(w, "monotonic", v->mono_s, v->mono_ns);
	json_offset(w, "boottime", v->boot_s, v->boot_ns);
	jw_end_obj(w);
}

const struct diag_section diag_section_time = { text_time, json_time };
