/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The namespace id lines of /proc/<pid>/status:
 *   NStgid: 4321  7  1
 *   NSpid:  4321  7  1
 *   NSpgid: 4321  7  1
 *   NSsid:  4300  0  0
 * Each lists the id at every pid-namespace level the reader can see, from
 * the reader's /proc level outwards-in (outermost first, the process's own
 * namespace last).
 */
#ifndef NSP_LIB_PROCSTATUS_H
#define NSP_LIB_PROCSTATUS_H

#include <sys/types.h>

#include "lib/err.h"

/* 32 nested pid namespaces below the initial one: 33 levels at most. */
#define NSP_MAX_PID_LEVELS 33

struct ns_idlist {
	int n;				/* levels listed; 0 if the line was absent */
	pid_t id[NSP_MAX_PID_LEVELS];	/* outermost first */
};

struct ns_status {
	struct ns_idlist tgid, pid, pgid, sid;
};

/*
 * Parse the text of a status file.  Lines other than NS* are ignored.  A
 * malformed NS* line (non-numeric, negative, more than 33 ids, truncated
 * mid-number is fine: the kernel never does that) is an EINVAL error naming
 * the line.  Missing NS* lines (kernels before 4.1) leave n == 0.
 */
int ns_status_parse(const char *text, struct ns_status *out, struct nsp_err *e);

/* Read and parse /proc/<pid>/status (pid 0: self). */
int ns_status_read(pid_t pid, struct ns_status *out, struct nsp_err *e);

#endif
