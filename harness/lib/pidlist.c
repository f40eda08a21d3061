// SPDX-License-Identifier: GPL-2.0-or-later
#include "lib/pidlist.h"

#include <stdio.h>
#include <string.h>

const char *ns_idlist_str(const struct ns_idlist *l, char *buf, size_t len)
{
	size_t used = 0;

	if (len == 0)
		return buf;
	buf[0] = '\0';
	for (int i = 0; i < l->n; i++) {
		int n = snprintf(buf + used, len - used, "%s%d", i ? " " : "", (int)l->id[i]);

		if (n < 0 || (size_t)n >= len - used) {
			buf[used] = '\0';
			if (len - used > strlen(" ..."))
				strcat(buf, " ...");
			break;
		}
		used += (size_t)n;
	}
	return buf;
}
