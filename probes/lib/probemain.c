// SPDX-License-Identifier: GPL-2.0-or-later
#include "probeargs.h"

#include <stdio.h>

#include "needs.h"
#include "tap.h"

/* The usage line, with or without the --role option. */
static const char *usage_line(const char *name, const char *const *faults, bool roles,
			      char *buf, size_t len)
{
	size_t off = (size_t)snprintf(buf, len, "usage: %s", name);

	for (size_t i = 0; faults && faults[i] && off < len; i++)
		off += (size_t)snprintf(buf + off, len - off, "%s%s", i ? "|" : " [--fault ",
					faults[i]);
	if (faults && faults[0] && off < len)
		off += (size_t)snprintf(buf + off, len - off, "]");
	if (roles && off < len)
		snprintf(buf + off, len - off, " [--role inside]");
	return buf;
}

const char *probe_usage(const char *name, const char *const *faults, char *buf,
			size_t len)
{
	return usage_line(name, faults, true, buf, len);
}

int probe_main(const struct probe_main *m, int argc, char *const argv[])
{
	struct probe_args a;
	struct nsp_err e;
	struct tap t;
	char usage[256];
	int rc;

	rc = probe_args_parse(argc, argv, m->faults, &a, &e);
	if (rc < 0 || (a.inside && m->no_inside)) {
		fprintf(stderr, "%s: %s\n%s\n", m->name,
			a.inside && m->no_inside ? m->no_inside : e.msg,
			usage_line(m->name, m->faults, !m->no_inside, usage, sizeof(usage)));
		return 64;
	}
	rc = probe_start(&t, a.inside && m->inside_needs ? m->inside_needs : m->needs);
	if (rc >= 0)
		return rc;
	if (a.inside && m->inside)
		return m->inside(&t);
	return m->outside(&t, &a);
}
