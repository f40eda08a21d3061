// SPDX-License-Identifier: GPL-2.0-or-later
/* Why an item could not be read, in words an operator can act on. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "nsprobe/nsprobe.h"

void miss_set(struct diag_miss *m, int errnum, const char *fmt, ...)
{
	va_list ap;

	m->errnum = errnum ? errnum : EIO;
	va_start(ap, fmt);
	vsnprintf(m->why, sizeof(m->why), fmt, ap);
	va_end(ap);
}

const char *miss_need(int errnum)
{
	switch (errnum) {
	case EPERM:
		return "needs privilege (CAP_SYS_ADMIN over the namespace)";
	case EACCES:
		return "needs privilege (ptrace access to the process: root or its owner)";
	default:
		return NULL;
	}
}

const char *miss_str(const struct diag_miss *m, char *buf, size_t len)
{
	const char *need = miss_need(m->errnum);

	if (need)
		snprintf(buf, len, "%s: %s (%s)", m->why, need, nsp_errno_name(m->errnum));
	else
		snprintf(buf, len, "%s: %s (%s)", m->why, strerror(m->errnum),
			 nsp_errno_name(m->errnum));
	return buf;
}

int miss_from_err(struct diag_miss *m, const struct nsp_err *e)
{
	miss_set(m, e->errnum, "%s", e->msg);
	return -1;
}
