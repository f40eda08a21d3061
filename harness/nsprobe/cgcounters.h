/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Memory cgroup counters of one group directory, v1 or v2 (read-only). */
#ifndef NSP_DIAG_CGCOUNTERS_H
#define NSP_DIAG_CGCOUNTERS_H

#include "nsprobe/nsprobe.h"

/* Fill limit/usage/OOM counters of m->dir (m->version 1 or 2). */
void cg_memory_counters(struct diag_memcg *m);

#endif
