// SPDX-License-Identifier: GPL-2.0-or-later
#include "sysvipc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "file.h"

key_t sysvipc_key(unsigned tag, pid_t pid)
{
	unsigned long k = ((unsigned long)(tag & 0xff) << 23) | ((unsigned long)pid & 0x7fffff);

	return (key_t)(k ? k : 1);
}

/* One object line: "  <key>  <id> ..."; the key is what we compare. */
static int line_key(const char *line, long *key)
{
	char *end;

	errno = 0;
	*key = strtol(line, &end, 10);
	if (errno || end == line || (*end != ' ' && *end != '\t'))
		return -1;
	return 0;
}

int sysvipc_table_has(const char *text, key_t key, bool *found, struct nsp_err *e)
{
	const char *line = strchr(text, '\n');	/* skip the header */
	int n = 1;

	*found = false;
	while (line && *++line) {
		long k;

		n++;
		if (line_key(line, &k) < 0)
			return nsp_err_set(e, EINVAL, "sysvipc table line %d: no key", n);
		if (k == (long)key)
			*found = true;
		line = strchr(line, '\n');
	}
	return 0;
}

int sysvipc_proc_has(const char *table, key_t key, bool *found, struct nsp_err *e)
{
	char path[64];
	char *text;
	int rc;

	snprintf(path, sizeof(path), "/proc/sysvipc/%s", table);
	text = nsp_read_file(path, NULL, e);
	if (!text)
		return -1;
	rc = sysvipc_table_has(text, key, found, e);
	free(text);
	return rc < 0 ? nsp_err_wrap(e, "%s", path) : 0;
}
