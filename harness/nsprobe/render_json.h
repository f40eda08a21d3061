/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Pieces of the JSON report shared by render_json*.c and compare.c. */
#ifndef NSP_NSPROBE_RENDER_JSON_H
#define NSP_NSPROBE_RENDER_JSON_H

#include "jsonw.h"
#include "nsprobe.h"

/* {"error": why, "errno": "EPERM", "needs": phrase or null} */
void json_miss(struct jw *w, const char *key, const struct nsp_miss *m);
void json_net(struct jw *w, const struct nsp_netview *v);
void json_ipc(struct jw *w, const struct nsp_ipcview *v);
void json_mnt(struct jw *w, const struct nsp_mntview *v);
void json_cgroup(struct jw *w, const struct nsp_cgview *v);
void json_user(struct jw *w, const struct nsp_userview *v);

#endif
