// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The mount, cgroup and user views, read from /proc/<pid> and cgroupfs by
 * nsprobe itself (no setns needed: the kernel shows another process's
 * mountinfo, cgroup paths and id maps through /proc).  Read-only.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nsprobe/cgcounters.h"
#include "lib/cglayout.h"
#include "lib/file.h"
#include "lib/grow.h"
#include "lib/mountinfo.h"
#include "nsprobe/nsprobe.h"
#include "lib/proccgroup.h"
#include "lib/timens.h"
#include "runtime/cgfile.h"

static void add_peer(struct diag_mntview *v, int id)
{
	if (id <= 0)
		return;
	for (int i = 0; i < v->npeers; i++)
		if (v->peers[i] == id)
			return;
	if (nsp_grow(&v->peers, &v->peers_cap, (size_t)v->npeers + 1, sizeof(*v->peers)) == 0)
		v->peers[v->npeers++] = id;
}

/* The raw value of `key=` in super options (malloc'd), or NULL. */
static char *opt_value(const char *opts, const char *key)
{
	size_t klen = strlen(key);

	for (const char *p = opts; p && *p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
		if (strncmp(p, key, klen) == 0 && p[klen] == '=')
			return strndup(p + klen + 1, strcspn(p + klen + 1, ","));
	return NULL;
}

/* A path from the options: "\:" is a colon of the path (lowerdir), the
 * rest mountinfo's octal escapes; "?" when they do not decode. */
static char *opt_path(const char *start, size_t len)
{
	char *s = strndup(start, len), *in, *out;

	if (!s)
		return NULL;
	for (in = out = s; *in; in++) {
		if (*in == '\\' && in[1] == ':')
			in++;
		*out++ = *in;
	}
	*out = '\0';
	if (mountinfo_unescape(s) < 0)
		snprintf(s, len + 1, "?");
	return s;
}

static char *opt_path_of(const char *opts, const char *key)
{
	char *raw = opt_value(opts, key), *path = raw ? opt_path(raw, strlen(raw)) : NULL;

	free(raw);
	return path;
}

/* lowerdir=TOP:...:BOTTOM, upperdir, workdir: the layers of an overlay
 * root, as its mountinfo line shows them. */
static void overlay_layers(struct diag_mntview *v, const char *opts)
{
	char *lower = opt_value(opts, "lowerdir"), *p, *start;
	size_t cap = 0;

	v->overlay = true;
	v->upper = opt_path_of(opts, "upperdir");
	v->work = opt_path_of(opts, "workdir");
	for (p = start = lower; lower; p++) {
		if (*p == '\\' && p[1] == ':') {
			p++;
			continue;
		}
		if (*p && *p != ':')
			continue;
		if (nsp_grow(&v->lower, &cap, v->nlower + 1, sizeof(*v->lower)) < 0)
			break;
		v->lower[v->nlower] = opt_path(start, (size_t)(p - start));
		if (v->lower[v->nlower])
			v->nlower++;
		if (!*p)
			break;
		start = p + 1;
	}
	free(lower);
}

void mnt_view(struct diag_mntview *v, pid_t pid)
{
	struct mount_table t = { 0 };
	const struct mount_entry *root;
	char path[64];
	struct nsp_err e;
	ssize_t n;

	v->applies = true;
	snprintf(path, sizeof(path), "/proc/%d/root", (int)pid);
	n = readlink(path, v->root, sizeof(v->root) - 1);
	if (n < 0)
		miss_set(&v->root_miss, errno, "readlink %s", path);
	else
		v->root[n] = '\0';
	if (mount_table_read(pid, &t, &e) < 0) {
		miss_from_err(&v->miss, &e);
		return;
	}
	v->nmounts = t.n;
	root = mount_table_find(&t, "/");
	if (root) {
		snprintf(v->root_fstype, sizeof(v->root_fstype), "%s", root->fstype);
		snprintf(v->root_source, sizeof(v->root_source), "%s", root->source);
		v->root_shared = root->shared;
		v->root_master = root->master;
		v->root_unbindable = root->unbindable;
	}
	for (size_t i = 0; i < t.n; i++)
		add_peer(v, t.v[i].shared);
	if (root && !strcmp(root->fstype, "overlay"))
		overlay_layers(v, root->super_opts);
	mount_table_free(&t);
}

void time_view(struct diag_timeview *v, pid_t pid)
{
	struct timens_offsets o;
	struct nsp_err e;

	v->applies = true;
	if (timens_offsets_read(pid, &o, &e) < 0) {
		if (e.errnum == ENOENT)
			v->applies = false;	/* a kernel without time namespaces (< 5.6) */
		else
			miss_from_err(&v->miss, &e);
		return;
	}
	v->mono_s = o.mono_s;
	v->mono_ns = o.mono_ns;
	v->boot_s = o.boot_s;
	v->boot_ns = o.boot_ns;
}

/* Every line of uid_map or gid_map (up to 340 since 4.15). */
static void user_map(pid_t pid, const char *name, struct diag_idmap **m, int *n,
		     struct diag_miss *miss)
{
	struct nsp_err e;
	char *text = nsp_read_proc(pid, name, &e), *line, *save = NULL;
	size_t cap = 0;
	struct diag_idmap x;

	if (!text) {
		miss_from_err(miss, &e);
		return;
	}
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (sscanf(line, "%ld %ld %ld", &x.inside, &x.outside, &x.count) != 3)
			continue;
		if (nsp_grow(m, &cap, (size_t)*n + 1, sizeof(**m)) < 0) {
			miss_set(miss, ENOMEM, "%s: line %d", name, *n + 1);
			break;
		}
		(*m)[(*n)++] = x;
	}
	free(text);
}

void user_view(struct diag_userview *v, pid_t pid)
{
	char path[64];
	struct nsp_err e;

	v->applies = true;
	user_map(pid, "uid_map", &v->uid, &v->nuid, &v->miss);
	user_map(pid, "gid_map", &v->gid, &v->ngid, &v->miss);
	snprintf(path, sizeof(path), "/proc/%d/setgroups", (int)pid);
	if (nsp_read_line(path, v->setgroups, sizeof(v->setgroups), &e) < 0)
		snprintf(v->setgroups, sizeof(v->setgroups), "?");
}

static void memcg(struct diag_cgview *v, pid_t pid)
{
	struct diag_memcg *m = &v->mem;
	enum cg_version ver;
	struct nsp_err e;

	if (cg_dir_of_pid(pid, "memory", m->dir, sizeof(m->dir), &ver, &e) < 0) {
		m->dir[0] = '\0';
		miss_from_err(&m->miss, &e);
		return;
	}
	m->version = ver;
	cg_memory_counters(m);
}

void cgroup_view(struct diag_cgview *v, pid_t pid)
{
	struct cgroup_list cl = { 0 };
	struct cg_layout l;
	struct nsp_err e;

	v->applies = true;
	if (cg_layout_detect(&l, &e) == 0)
		snprintf(v->layout, sizeof(v->layout), "%s", cg_mode_name(l.mode));
	else
		snprintf(v->layout, sizeof(v->layout), "unknown");
	if (cgroup_list_read(pid, &cl, &e) < 0) {
		miss_from_err(&v->miss, &e);
		return;
	}
	v->entries = calloc(cl.n ? cl.n : 1, sizeof(*v->entries));
	if (!v->entries) {
		miss_set(&v->miss, ENOMEM, "%zu cgroup entries", cl.n);
		cgroup_list_free(&cl);
		return;
	}
	for (size_t i = 0; i < cl.n; i++) {
		struct diag_cgentry *x = &v->entries[v->nentries++];

		x->hierarchy = cl.v[i].hierarchy_id;
		x->deleted = cl.v[i].deleted;
		snprintf(x->controllers, sizeof(x->controllers), "%s", cl.v[i].controllers);
		snprintf(x->path, sizeof(x->path), "%s", cl.v[i].path);
	}
	if (l.mode != CG_MODE_NONE)
		memcg(v, pid);
	else
		miss_set(&v->mem.miss, ENOENT, "no cgroup hierarchy mounted");
	cglimits_view(&v->limits, pid);
	cgroup_list_free(&cl);
}
