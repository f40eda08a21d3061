// SPDX-License-Identifier: GPL-2.0-or-later
/* The JSON report, second half: net, ipc, mnt, cgroup and user objects. */
#include <stdio.h>

#include "runtime/cgroup.h"
#include "nsprobe/render_json.h"

static const char *const oper_names[] = { "unknown", "notpresent", "down",
	"lowerlayerdown", "testing", "dormant", "up" };

static void json_link(struct jw *w, const struct diag_linkview *l)
{
	jw_obj(w, NULL);
	jw_str(w, "name", l->name);
	jw_int(w, "ifindex", l->ifindex);
	jw_bool(w, "up", l->flags & IFF_UP);
	jw_str(w, "operstate", l->has_operstate && l->operstate < 7 ?
		   oper_names[l->operstate] : NULL);
	jw_uint(w, "mtu", l->mtu);
	jw_str(w, "kind", l->kind[0] ? l->kind : NULL);
	jw_str(w, "address", l->mac[0] ? l->mac : NULL);
	jw_str(w, "master", l->master[0] ? l->master : NULL);
	jw_arr(w, "addresses");
	for (int i = 0; i < l->naddrs; i++)
		jw_str(w, NULL, l->addrs[i]);
	jw_end_arr(w);
	jw_end_obj(w);
}

void json_net(struct jw *w, const struct diag_netview *v)
{
	if (!v->applies) {
		jw_null(w, "net");
		return;
	}
	if (v->miss.errnum) {
		json_miss(w, "net", &v->miss);
		return;
	}
	jw_obj(w, "net");
	/* schema 1 keeps the field: the list is whole, it grows as needed */
	jw_bool(w, "truncated", false);
	jw_arr(w, "links");
	for (int i = 0; i < v->nlinks; i++)
		json_link(w, &v->links[i]);
	jw_end_arr(w);
	jw_end_obj(w);
}

void json_ipc(struct jw *w, const struct diag_ipcview *v)
{
	if (!v->applies) {
		jw_null(w, "ipc");
		return;
	}
	if (v->miss.errnum) {
		json_miss(w, "ipc", &v->miss);
		return;
	}
	jw_obj(w, "ipc");
	jw_int(w, "sysv_msg_queues", v->msg_queues);
	jw_int(w, "sysv_shm_segments", v->shm_segments);
	jw_int(w, "sysv_sem_sets", v->sem_sets);
	if (v->posix_mqueues >= 0)
		jw_int(w, "posix_mqueues", v->posix_mqueues);
	else
		json_miss(w, "posix_mqueues", &v->mq_miss);
	jw_end_obj(w);
}

/* The root's overlay layers, or null when the root is no overlay. */
static void json_overlay(struct jw *w, const struct diag_mntview *v)
{
	if (!v->overlay) {
		jw_null(w, "overlay");
		return;
	}
	jw_obj(w, "overlay");
	jw_arr(w, "lower");
	for (size_t i = 0; i < v->nlower; i++)
		jw_str(w, NULL, v->lower[i]);
	jw_end_arr(w);
	jw_str(w, "upper", v->upper);
	jw_str(w, "work", v->work);
	jw_end_obj(w);
}

void json_mnt(struct jw *w, const struct diag_mntview *v)
{
	if (!v->applies) {
		jw_null(w, "mnt");
		return;
	}
	jw_obj(w, "mnt");
	if (v->root_miss.errnum)
		json_miss(w, "root", &v->root_miss);
	else
		jw_str(w, "root", v->root);
	if (v->miss.errnum) {
		json_miss(w, "mountinfo", &v->miss);
		jw_end_obj(w);
		return;
	}
	jw_uint(w, "mounts", v->nmounts);
	jw_obj(w, "root_mount");
	jw_str(w, "fstype", v->root_fstype);
	jw_str(w, "source", v->root_source);
	jw_str(w, "propagation", v->root_unbindable ? "unbindable" :
		   v->root_shared ? "shared" : v->root_master ? "slave" : "private");
	jw_int(w, "shared", v->root_shared);
	jw_int(w, "master", v->root_master);
	jw_end_obj(w);
	jw_arr(w, "peer_groups");
	for (int i = 0; i < v->npeers; i++)
		jw_int(w, NULL, v->peers[i]);
	jw_end_arr(w);
	json_overlay(w, v);
	jw_end_obj(w);
}

static void json_bytes(struct jw *w, const char *key, long long v)
{
	if (v < 0)
		jw_null(w, key);
	else if (v == CORE_CG_MAX || v >= (1LL << 62))	/* v2 "max", v1 PAGE_COUNTER_MAX */
		jw_str(w, key, "max");
	else
		jw_int(w, key, v);
}

static void json_memcg(struct jw *w, const struct diag_memcg *m)
{
	if (!m->version || m->miss.errnum) {
		json_miss(w, "memory", &m->miss);
		return;
	}
	jw_obj(w, "memory");
	jw_int(w, "version", m->version);
	jw_str(w, "dir", m->dir);
	json_bytes(w, "limit", m->limit);
	json_bytes(w, "usage", m->usage);
	json_bytes(w, "max_usage", m->max_usage);
	json_bytes(w, "failcnt", m->failcnt);
	json_bytes(w, "oom", m->oom);
	json_bytes(w, "oom_kill", m->oom_kill);
	if (m->under_oom < 0)
		jw_null(w, "under_oom");
	else
		jw_bool(w, "under_oom", m->under_oom);
	jw_end_obj(w);
}

void json_cgroup(struct jw *w, const struct diag_cgview *v)
{
	if (!v->applies) {
		jw_null(w, "cgroup");
		return;
	}
	if (v->miss.errnum) {
		json_miss(w, "cgroup", &v->miss);
		return;
	}
	jw_obj(w, "cgroup");
	jw_str(w, "layout", v->layout);
	jw_arr(w, "paths");
	for (int i = 0; i < v->nentries; i++) {
		jw_obj(w, NULL);
		jw_int(w, "hierarchy", v->entries[i].hierarchy);
		jw_str(w, "controllers", v->entries[i].controllers);
		jw_str(w, "path", v->entries[i].path);
		jw_bool(w, "deleted", v->entries[i].deleted);
		jw_end_obj(w);
	}
	jw_end_arr(w);
	json_memcg(w, &v->mem);
	json_cglimits(w, &v->limits);
	jw_end_obj(w);
}

static void json_map(struct jw *w, const char *key, const struct diag_idmap *m, int n)
{
	jw_arr(w, key);
	for (int i = 0; i < n; i++) {
		jw_obj(w, NULL);
		jw_int(w, "inside", m[i].inside);
		jw_int(w, "outside", m[i].outside);
		jw_int(w, "count", m[i].count);
		jw_end_obj(w);
	}
	jw_end_arr(w);
}

static void json_offset(struct jw *w, const char *key, long long s, long ns)
{
	jw_obj(w, key);
	jw_int(w, "secs", s);
	jw_int(w, "nsecs", ns);
	jw_end_obj(w);
}

void json_time(struct jw *w, const struct diag_timeview *v)
{
	if (!v->applies) {
		jw_null(w, "time");
		return;
	}
	if (v->miss.errnum) {
		json_miss(w, "time", &v->miss);
		return;
	}
	jw_obj(w, "time");
	json_offset(w, "monotonic", v->mono_s, v->mono_ns);
	json_offset(w, "boottime", v->boot_s, v->boot_ns);
	jw_end_obj(w);
}

void json_user(struct jw *w, const struct diag_userview *v)
{
	if (!v->applies) {
		jw_null(w, "user");
		return;
	}
	if (v->miss.errnum) {
		json_miss(w, "user", &v->miss);
		return;
	}
	jw_obj(w, "user");
	json_map(w, "uid_map", v->uid, v->nuid);
	json_map(w, "gid_map", v->gid, v->ngid);
	jw_str(w, "setgroups", v->setgroups);
	jw_end_obj(w);
}
