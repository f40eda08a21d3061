// SPDX-License-Identifier: GPL-2.0-or-later
#include "mnttest.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mountinfo.h"
#include "nsfile.h"
#include "sync.h"
#include "tap.h"

int mt_private_ns(struct nsp_err *e)
{
	if (unshare(CLONE_NEWNS) < 0)
		return nsp_err_sys(e, "unshare(CLONE_NEWNS) for a private mount namespace");
	/* before anything else: nothing we mount may propagate to the host */
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return nsp_err_sys(e, "make / private (recursive)");
	return 0;
}

int mt_scratch(const char *const *dirs, struct nsp_err *e)
{
	char path[MT_PATH_MAX * 2];

	if (mount("nsp-scratch", MT_BASE, "tmpfs", MS_NOSUID | MS_NODEV,
		  "mode=0755,size=1m") < 0)
		return nsp_err_sys(e, "mount scratch tmpfs on " MT_BASE);
	for (size_t i = 0; dirs && dirs[i]; i++) {
		snprintf(path, sizeof(path), MT_BASE "/%s", dirs[i]);
		if (mkdir(path, 0755) < 0)
			return nsp_err_sys(e, "mkdir %s", path);
	}
	return 0;
}

int mt_apply(const struct mt_req *r, struct nsp_err *e)
{
	int rc;

	switch (r->op) {
	case MT_MOUNT:
		rc = mount(r->arg, r->path, "tmpfs", MS_NOSUID | MS_NODEV, "size=64k");
		break;
	case MT_UMOUNT:
		rc = umount2(r->path, 0);
		break;
	case MT_PROP:
		rc = mount(NULL, r->path, NULL, r->flags, NULL);
		break;
	case MT_BIND:
		rc = mount(r->arg, r->path, NULL, MS_BIND | r->flags, NULL);
		break;
	case MT_MKDIR:
		rc = mkdir(r->path, 0755);
		break;
	default:
		return nsp_err_set(e, EINVAL, "unknown mount request %d", r->op);
	}
	if (rc < 0)
		return nsp_err_sys(e, "mount request %d on %s", r->op, r->path);
	return 0;
}

int mt_private_tree(const char *const *dirs, const struct mt_req *steps, size_t n,
		    struct nsp_err *e)
{
	if (mt_private_ns(e) < 0 || mt_scratch(dirs, e) < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (mt_apply(&steps[i], e) < 0)
			return -1;
	return 0;
}

int mt_serve(int fd)
{
	struct mt_req r;
	struct nsp_err e, ignored;

	for (;;) {
		if (nsp_sync_recv(fd, &r, sizeof(r), &e) < 0)
			return e.errnum == EPIPE ? 0 : 2;
		r.path[sizeof(r.path) - 1] = r.arg[sizeof(r.arg) - 1] = '\0';
		if (r.op == MT_QUIT)
			return 0;
		nsp_err_clear(&e);
		mt_apply(&r, &e);
		if (nsp_sync_send_result(fd, &e, &ignored) < 0)
			return 2;
	}
}

int mt_call(int fd, const struct mt_req *r, struct nsp_err *e)
{
	struct mt_req wire;

	memset(&wire, 0, sizeof(wire));
	wire.op = r->op;
	wire.flags = r->flags;
	snprintf(wire.path, sizeof(wire.path), "%s", r->path);
	snprintf(wire.arg, sizeof(wire.arg), "%s", r->arg);
	if (nsp_sync_send(fd, &wire, sizeof(wire), e) < 0) {
		nsp_err_wrap(e, "ask the peer");
		return -2;
	}
	if (r->op == MT_QUIT)
		return 0;
	if (nsp_sync_recv_result(fd, e) < 0) {
		if (e->errnum == EPIPE && !strstr(e->msg, "mount request"))
			return -2;
		return -1;
	}
	return 0;
}

int mt_view_of(pid_t pid, const char *path, struct mt_view *v, struct nsp_err *e)
{
	struct mount_table t = { 0 };
	const struct mount_entry *m;

	memset(v, 0, sizeof(*v));
	if (mount_table_read(pid, &t, e) < 0)
		return nsp_err_wrap(e, "mountinfo of pid %d", (int)pid);
	m = mount_table_find(&t, path);
	if (m) {
		v->present = true;
		v->mount_id = m->mount_id;
		v->shared = m->shared;
		v->master = m->master;
		v->propagate_from = m->propagate_from;
		v->unbindable = m->unbindable;
		snprintf(v->source, sizeof(v->source), "%s", m->source ? m->source : "");
	}
	mount_table_free(&t);
	return 0;
}

const char *mt_view_str(const struct mt_view *v, char *buf, size_t len)
{
	size_t off = 0;

	buf[0] = '\0';
	if (!v->present) {
		snprintf(buf, len, "absent");
		return buf;
	}
	if (v->shared)
		off += (size_t)snprintf(buf + off, len - off, "shared:%d ", v->shared);
	if (v->master && off < len)
		off += (size_t)snprintf(buf + off, len - off, "master:%d ", v->master);
	if (v->propagate_from && off < len)
		off += (size_t)snprintf(buf + off, len - off, "propagate_from:%d ",
					v->propagate_from);
	if (v->unbindable && off < len)
		off += (size_t)snprintf(buf + off, len - off, "unbindable ");
	if (off == 0)
		snprintf(buf, len, "private");
	else if (off <= len)
		buf[off - 1] = '\0';
	return buf;
}

int mt_count_source(pid_t pid, const char *source, size_t *n, struct nsp_err *e)
{
	struct mount_table t = { 0 };

	*n = 0;
	if (mount_table_read(pid, &t, e) < 0)
		return nsp_err_wrap(e, "mountinfo of pid %d", (int)pid);
	for (size_t i = 0; i < t.n; i++)
		if (t.v[i].source && strcmp(t.v[i].source, source) == 0)
			(*n)++;
	mount_table_free(&t);
	return 0;
}

const char *mt_kind_name(enum mt_kind k)
{
	static const char *const names[] = {
		[MT_K_PRIVATE] = "private", [MT_K_SHARED] = "shared",
		[MT_K_SLAVE] = "slave", [MT_K_UNBINDABLE] = "unbindable",
	};

	return (unsigned)k < sizeof(names) / sizeof(names[0]) ? names[k] : "?";
}

bool mt_view_is(const struct mt_view *v, enum mt_kind k)
{
	if (!v->present)
		return false;
	switch (k) {
	case MT_K_SHARED:
		return v->shared && !v->master && !v->unbindable;
	case MT_K_SLAVE:
		return v->master && !v->shared && !v->unbindable;
	case MT_K_UNBINDABLE:
		return v->unbindable && !v->shared && !v->master;
	default:
		return !v->shared && !v->master && !v->unbindable;
	}
}

void mt_check_kinds(struct tap *t, const char *const *paths, const enum mt_kind *want,
		    size_t n, const char *desc)
{
	char exp[160] = "", got[256] = "", one[64];
	struct nsp_err e = { 0 };
	struct mt_view v;
	bool ok = true;

	for (size_t i = 0; i < n; i++) {
		if (mt_view_of(0, paths[i], &v, &e) < 0) {
			tap_broken(t, &e, "%s", desc);
			return;
		}
		ok = ok && mt_view_is(&v, want[i]);
		snprintf(exp + strlen(exp), sizeof(exp) - strlen(exp), "%s%s",
			 i ? " / " : "", mt_kind_name(want[i]));
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%s",
			 i ? " / " : "", mt_view_str(&v, one, sizeof(one)));
	}
	tap_expect(t, ok, exp, got, "%s", desc);
}

/* Forked peer: in a copy of `from`'s mount namespace (or of ours), root. */
static _Noreturn void fork_peer_main(pid_t from, int fd)
{
	struct nsp_err e = { 0 }, ignored;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (from > 0 && ns_join(from, "mnt", CLONE_NEWNS, &e) < 0)
		nsp_err_wrap(&e, "peer");
	else if (unshare(CLONE_NEWNS) < 0)
		nsp_err_sys(&e, "peer: unshare(CLONE_NEWNS)");
	if (nsp_sync_send_result(fd, &e, &ignored) < 0 || e.msg[0])
		_exit(2);
	_exit(mt_serve(fd));
}

int mt_fork_peer(pid_t from, pid_t *pid, int *fd, struct nsp_err *e)
{
	struct nsp_sync s;

	*fd = -1;
	if (nsp_sync_open(&s, e) < 0)
		return -1;
	fflush(NULL);
	*pid = fork();
	if (*pid < 0) {
		nsp_sync_close(&s);
		return nsp_err_sys(e, "fork a mount peer");
	}
	if (*pid == 0)
		fork_peer_main(from, nsp_sync_side(&s, NSP_SYNC_CHILD));
	*fd = nsp_sync_side(&s, NSP_SYNC_PARENT);
	if (nsp_sync_recv_result(*fd, e) < 0) {
		mt_fork_peer_end(*pid, *fd);
		*fd = -1;
		return -1;
	}
	return 0;
}

void mt_fork_peer_end(pid_t pid, int fd)
{
	struct nsp_err e;

	if (fd >= 0) {
		mt_call(fd, &(struct mt_req){ .op = MT_QUIT }, &e);
		close(fd);
	}
	while (pid > 0 && waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
}
