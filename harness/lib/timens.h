/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * /proc/<pid>/timens_offsets (5.6+): the CLOCK_MONOTONIC and
 * CLOCK_BOOTTIME offsets of <pid>'s time_for_children namespace, one line
 * a clock, "monotonic S NS" (or the clock id, 1 and 7, on the first
 * kernels that had it).
 */
#ifndef NSP_LIB_TIMENS_H
#define NSP_LIB_TIMENS_H

#include <sys/types.h>

#include "lib/err.h"

struct timens_offsets {
	long long mono_s, boot_s;
	long mono_ns, boot_ns;
};

/* EINVAL naming the clock that is missing. */
int timens_offsets_parse(const char *text, struct timens_offsets *o, struct nsp_err *e);
/* pid 0: self.  ENOENT: a kernel without time namespaces. */
int timens_offsets_read(pid_t pid, struct timens_offsets *o, struct nsp_err *e);

#endif
