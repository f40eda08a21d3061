// SPDX-License-Identifier: GPL-2.0-or-later
/* The uts section: host and domain name. */
#include <stdio.h>

#include "nsprobe/render.h"

static void text_uts(FILE *out, const struct diag_report *r)
{
	const struct diag_utsview *v = &r->uts;

	if (!text_section(out, "uts", v->applies, "names", &v->miss))
		return;
	fprintf(out, "  hostname    %s\n  domainname  %s\n", v->hostname, v->domainname);
}

static void json_uts(struct jw *w, const struct diag_report *r)
{
	const struct diag_utsview *v = &r->uts;

	if (!json_section(w, "uts", v->applies, &v->miss))
		return;
	jw_str(w, "hostname", v->hostname);
	jw_str(w, "domainname", v->domainname);
	jw_end_obj(w);
}

const struct diag_section diag_section_uts = { text_uts, json_uts };
