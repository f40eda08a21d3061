// SPDX-License-Identifier: GPL-2.0-or-later
#include "runtime/lend.h"

#include <errno.h>
#include <sched.h>
#include <stdio.h>

#include "lib/file.h"
#include "lib/nsfile.h"

bool lend_needed(const struct core_spec *s)
{
	return s->net_from > 0 || s->time.set;
}

int lend_clone_flags(const struct core_spec *s, int namespaces)
{
	if (s->time.set)
		namespaces &= ~CLONE_NEWTIME;	/* the lent one, offsets and all */
	return namespaces;
}

static int enter_time(const struct core_time_offsets *t, struct nsp_err *e)
{
	char offsets[96];

	if (unshare(CLONE_NEWTIME) < 0)
		return nsp_err_sys(e, "unshare(CLONE_NEWTIME) for the offsets");
	/* /proc/self/timens_offsets is our time_for_children's: the new one */
	snprintf(offsets, sizeof(offsets), "monotonic %lld 0\nboottime %lld 0\n",
		 t->monotonic, t->boottime);
	if (nsp_write_file("/proc/self/timens_offsets", offsets, e) < 0)
		return nsp_err_wrap(e, "time namespace offsets");
	return 0;
}

int lend_enter(const struct core_spec *s, struct nsp_err *e)
{
	if (s->net_from > 0 && ns_join(s->net_from, "net", CLONE_NEWNET, e) < 0)
		return nsp_err_wrap(e, "--net-from %d", (int)s->net_from);
	if (s->time.set && enter_time(&s->time, e) < 0)
		return -1;
	return 0;
}
