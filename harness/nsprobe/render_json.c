// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The JSON report, schema_version 1 (the schema is in nsprobe.1; keep
 * the two in step, and bump the version on any incompatible change).
 * A missing item is an object {"error": text, "errno": "EPERM",
 * "needs": text-or-null} in place of its value.
 */
#include <stdio.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "runtime/cgroup.h"
#include "lib/jsonw.h"
#include "nsprobe/nsprobe.h"
#include "nsprobe/render_json.h"

void jw_begin_doc(struct jw *w, FILE *out, const char *mode)
{
	jw_init(w, out);
	jw_obj(w, NULL);
	jw_int(w, "schema_version", 1);
	jw_str(w, "mode", mode);
}

void json_miss(struct jw *w, const char *key, const struct diag_miss *m)
{
	jw_obj(w, key);
	jw_str(w, "error", m->why);
	jw_str(w, "errno", nsp_errno_name(m->errnum));
	jw_str(w, "needs", miss_need(m->errnum));
	jw_end_obj(w);
}

static void json_target(struct jw *w, const struct diag_target *t)
{
	jw_obj(w, "target");
	jw_str(w, "spec", t->spec);
	jw_str(w, "kind", t->kind == TGT_PID ? "pid" : "nsfile");
	if (t->kind == TGT_PID) {
		jw_int(w, "pid", t->pid);
		jw_str(w, "comm", t->comm);
		jw_null(w, "path");
	} else {
		jw_null(w, "pid");
		jw_null(w, "comm");
		jw_str(w, "path", t->path);
	}
	jw_end_obj(w);
	jw_obj(w, "viewer");
	jw_int(w, "pid", getpid());
	jw_int(w, "euid", geteuid());
	jw_end_obj(w);
}

static void json_ns(struct jw *w, const struct diag_nsinfo *ni)
{
	char dev[32];

	jw_obj(w, NULL);
	jw_str(w, "type", ni->type->name);
	jw_str(w, "file", ni->file);
	if (!ni->present) {
		json_miss(w, "error", &ni->miss);
		jw_end_obj(w);
		return;
	}
	snprintf(dev, sizeof(dev), "%u:%u", major(ni->dev), minor(ni->dev));
	jw_uint(w, "inode", ni->ino);
	jw_str(w, "device", dev);
	if (ni->has_id)
		jw_uint(w, "id", ni->id);
	else
		jw_null(w, "id");
	if (ni->initial < 0)
		jw_null(w, "initial");
	else
		jw_bool(w, "initial", ni->initial);
	jw_str(w, "initial_basis", ni->initial_basis);
	if (ni->has_owner)
		jw_uint(w, "owner_userns", ni->owner_ino);
	else
		json_miss(w, "owner_userns", &ni->owner_miss);
	jw_arr(w, "owner_chain");
	for (size_t i = 0; i < ni->owner_chain_n; i++)
		jw_uint(w, NULL, ni->owner_chain[i]);
	jw_end_arr(w);
	jw_bool(w, "owner_chain_to_initial", ni->owner_chain_to_initial);
	if (ni->has_parent)
		jw_uint(w, "parent", ni->parent_ino);
	else if (ni->parent_applies)
		json_miss(w, "parent", &ni->parent_miss);
	else
		jw_null(w, "parent");
	if (ni->has_owner_uid)
		jw_uint(w, "owner_uid", ni->owner_uid);
	else
		jw_null(w, "owner_uid");
	jw_int(w, "nprocs", ni->nprocs);
	jw_arr(w, "threads_differ");
	for (int i = 0; i < ni->nthreads_differ; i++)
		jw_int(w, NULL, ni->threads_differ[i]);
	jw_end_arr(w);
	jw_end_obj(w);
}

static void json_idlist(struct jw *w, const char *key, const struct ns_idlist *l)
{
	jw_arr(w, key);
	for (int i = 0; i < l->n; i++)
		jw_int(w, NULL, l->id[i]);
	jw_end_arr(w);
}

static void json_pid(struct jw *w, const struct diag_pidview *pv)
{
	if (!pv->applies) {
		jw_null(w, "pid");
		return;
	}
	if (pv->miss.errnum) {
		json_miss(w, "pid", &pv->miss);
		return;
	}
	jw_obj(w, "pid");
	json_idlist(w, "nspid", &pv->st.pid);
	json_idlist(w, "nstgid", &pv->st.tgid);
	json_idlist(w, "nspgid", &pv->st.pgid);
	json_idlist(w, "nssid", &pv->st.sid);
	jw_arr(w, "level_pidns");
	for (int i = 0; i < pv->nlevels; i++)
		jw_uint(w, NULL, pv->level_ino[i]);
	jw_end_arr(w);
	jw_arr(w, "members");
	for (size_t i = 0; i < pv->nmembers; i++) {
		jw_obj(w, NULL);
		jw_int(w, "pid", pv->members[i].pid);
		jw_int(w, "ns_pid", pv->members[i].ns_pid);
		jw_end_obj(w);
	}
	jw_end_arr(w);
	jw_end_obj(w);
}

static void json_uts(struct jw *w, const struct diag_utsview *v)
{
	if (!v->applies) {
		jw_null(w, "uts");
	} else if (v->miss.errnum) {
		json_miss(w, "uts", &v->miss);
	} else {
		jw_obj(w, "uts");
		jw_str(w, "hostname", v->hostname);
		jw_str(w, "domainname", v->domainname);
		jw_end_obj(w);
	}
}

void render_json(FILE *out, const struct diag_report *r)
{
	struct jw w;

	jw_begin_doc(&w, out, "report");
	json_target(&w, r->tgt);
	jw_arr(&w, "namespaces");
	for (size_t i = 0; i < r->nns; i++)
		json_ns(&w, &r->ns[i]);
	jw_end_arr(&w);
	json_pid(&w, &r->pid);
	json_uts(&w, &r->uts);
	json_net(&w, &r->net);
	json_ipc(&w, &r->ipc);
	json_mnt(&w, &r->mnt);
	json_cgroup(&w, &r->cg);
	json_user(&w, &r->user);
	json_time(&w, &r->time);
	jw_end_obj(&w);
	jw_done(&w);
}
