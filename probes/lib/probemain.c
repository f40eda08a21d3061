// SPDX-License-Identifier: GPL-2.0-or-later
#include "probeargs.h"

#include <stdio.h>

#include "needs.h"
#include "tap.h"

const char *probe_usage(const char *name, const char *const *faults, char *buf,
			size_t len)
{
	size_t off = (size_t)snprintf(buf, len, "usage: %s", name);

	for (size_t i = 0; faults && faults[i] && off < len; i++)
		off += (size_t)snprintf(buf + off, len - off, "%s%s", i ? "|" : " [--fault ",
					faults[i]);
	if (faults && faults[0] && off < len)
		off += (size_t)snprintf(buf + off, len - off, "]");
	if (off < len)
		snprintf(buf + off, len - off, " [--role inside]");
	return buf;
}

int probe_main(const struct probe_main *m, int argc, char *const argv[])
{
	struct probe_args a;
	struct nsp_err e;
	struct tap t;
	char usage[256];
	int rc;

	if (probe_args_parse(argc, argv, m->faults, &a, &e) < 0) {
		fprintf(stderr, "%s: %s\n%s\n", m->name, e.msg,
			probe_usage(m->name, m->faults, usage, sizeof(usage)));
		return 64;
	}
	rc = probe_start(&t, m->needs);
	if (rc >= 0)
		return rc;
	if (a.inside && m->inside)
		return m->inside(&t);
	return m->outside(&t, &a);
}
