// SPDX-License-Identifier: GPL-2.0-or-later
#include "lib/policyenv.h"

#include <ctype.h>
#include <stdio.h>

void policy_env_name(const char *fact, char *buf, size_t len)
{
	size_t off = (size_t)snprintf(buf, len, POLICY_ENV_PREFIX);

	for (; *fact && off + 1 < len; fact++)
		buf[off++] = *fact == '-' ? '_' : (char)toupper((unsigned char)*fact);
	if (off < len)
		buf[off] = '\0';
}
