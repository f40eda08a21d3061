/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Pieces of the JSON report shared by render_json*.c and compare.c. */
#ifndef NSP_DIAG_RENDER_JSON_H
#define NSP_DIAG_RENDER_JSON_H

#include "lib/jsonw.h"
#include "nsprobe/nsprobe.h"

/* {"error": why, "errno": "EPERM", "needs": phrase or null} */
void json_miss(struct jw *w, const char *key, const struct diag_miss *m);
void json_net(struct jw *w, const struct diag_netview *v);
void json_ipc(struct jw *w, const struct diag_ipcview *v);
void json_mnt(struct jw *w, const struct diag_mntview *v);
void json_cgroup(struct jw *w, const struct diag_cgview *v);
void json_user(struct jw *w, const struct diag_userview *v);
void json_time(struct jw *w, const struct diag_timeview *v);

#endif
