// SPDX-License-Identifier: GPL-2.0-or-later
#include "lib/timens.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/file.h"

int timens_offsets_parse(const char *text, struct timens_offsets *o, struct nsp_err *e)
{
	const char *line = text;
	int found = 0;

	memset(o, 0, sizeof(*o));
	while (line && *line) {
		size_t len = strcspn(line, "\n");
		char one[128], clock[32];
		long long s;
		long ns;

		/* one line at a time: sscanf would read on across a newline */
		snprintf(one, sizeof(one), "%.*s", (int)(len < sizeof(one) ? len : 0), line);
		if (sscanf(one, "%31s %lld %ld", clock, &s, &ns) == 3) {
			if (!strcmp(clock, "monotonic") || !strcmp(clock, "1")) {
				o->mono_s = s;
				o->mono_ns = ns;
				found |= 1;
			} else if (!strcmp(clock, "boottime") || !strcmp(clock, "7")) {
				o->boot_s = s;
				o->boot_ns = ns;
				found |= 2;
			}
		}
		line = strchr(line, '\n');
		line = line ? line + 1 : NULL;
	}
	if (found != 3)
		return nsp_err_set(e, EINVAL, "timens_offsets: no %s line",
				   found & 1 ? "boottime" : "monotonic");
	return 0;
}

int timens_offsets_read(pid_t pid, struct timens_offsets *o, struct nsp_err *e)
{
	char *text = nsp_read_proc(pid, "timens_offsets", e);
	int rc;

	if (!text)
		return -1;
	rc = timens_offsets_parse(text, o, e);
	free(text);
	return rc;
}
