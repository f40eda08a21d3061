// SPDX-License-Identifier: GPL-2.0-or-later
/* The ipc section: SysV objects and POSIX message queues. */
#include <stdio.h>

#include "nsprobe/render.h"

static void text_ipc(FILE *out, const struct diag_report *r)
{
	const struct diag_ipcview *v = &r->ipc;

	if (!text_section(out, "ipc", v->applies, "objects", &v->miss))
		return;
	fprintf(out, "  SysV        %ld message queues, %ld shared memory segments, %ld semaphore sets\n",
		v->msg_queues, v->shm_segments, v->sem_sets);
	if (v->posix_mqueues >= 0)
		fprintf(out, "  POSIX       %ld message queues\n", v->posix_mqueues);
	else
		text_miss(out, "POSIX", &v->mq_miss);
}

static void json_ipc(struct jw *w, const struct diag_report *r)
{
	const struct diag_ipcview *v = &r->ipc;

	if (!json_section(w, "ipc", v->applies, &v->miss))
		return;
	jw_int(w, "sysv_msg_queues", v->msg_queues);
	jw_int(w, "sysv_shm_segments", v->shm_segments);
	jw_int(w, "sysv_sem_sets", v->sem_sets);
	if (v->posix_mqueues >= 0)
		jw_int(w, "posix_mqueues", v->posix_mqueues);
	else
		json_miss(w, "posix_mqueues", &v->mq_miss);
	jw_end_obj(w);
}

const struct diag_section diag_section_ipc = { text_ipc, json_ipc };
