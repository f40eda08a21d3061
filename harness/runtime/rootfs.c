// SPDX-License-Identifier: GPL-2.0-or-later
#include "runtime/rootfs.h"
#include "lib/nsfile.h"
#include "lib/nsinit.h"
#include "runtime/trace.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

/* binds, remounts and propagation changes ignore the type; a string
 * rather than NULL keeps valgrind (which checks it as one) quiet */
#define NO_FSTYPE "none"

/* what a container may write in /tmp and /dev/shm: a runaway writer gets
 * ENOSPC instead of eating the host's memory (tmpfs defaults to half) */
#define ROOTFS_TMP_SIZE "64m"

/* the new root is a tmpfs over /tmp, a directory every system has */
#define NEWROOT "/tmp"

static const char *const host_dirs[] = {
	"/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc",
};
static const char *const dev_nodes[] = {
	"null", "zero", "full", "random", "urandom", "tty",
};

static int pivot_root(const char *new_root, const char *put_old)
{
	return (int)syscall(SYS_pivot_root, new_root, put_old);
}

static int mkdir_p(const char *path, struct nsp_err *e)
{
	char buf[PATH_MAX];

	snprintf(buf, sizeof(buf), "%s", path);
	for (char *p = buf + 1; ; p++) {
		if (*p == '/' || !*p) {
			char saved = *p;

			*p = '\0';
			if (mkdir(buf, 0755) < 0 && errno != EEXIST)
				return nsp_err_sys(e, "mkdir %s", buf);
			*p = saved;
			if (!saved)
				return 0;
		}
	}
}

/* A mount point of the same kind as the source: a directory or a file. */
static int make_target(const char *dst, bool dir, struct nsp_err *e)
{
	int fd;

	if (dir)
		return mkdir_p(dst, e);
	fd = open(dst, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return nsp_err_sys(e, "create mount point %s", dst);
	close(fd);
	return 0;
}

/*
 * The flags a bind inherited that a remount must repeat: in a user
 * namespace the kernel refuses a remount that would clear a locked
 * nosuid/nodev/noexec/atime flag of the source.
 */
static unsigned long kept_flags(const char *path)
{
	static const struct {
		unsigned long st, ms;
	} map[] = {
		{ ST_NOSUID, MS_NOSUID }, { ST_NODEV, MS_NODEV },
		{ ST_NOEXEC, MS_NOEXEC }, { ST_NOATIME, MS_NOATIME },
		{ ST_NODIRATIME, MS_NODIRATIME }, { ST_RELATIME, MS_RELATIME },
	};
	unsigned long flags = 0;
	struct statvfs sv;

	if (statvfs(path, &sv) < 0)
		return 0;
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (sv.f_flag & map[i].st)
			flags |= map[i].ms;
	return flags;
}

/* Bind src at dst read-only; a read-only bind takes a second mount call. */
static int bind_ro(const char *src, const char *dst, struct nsp_err *e)
{
	struct stat st;

	if (stat(src, &st) < 0)
		return nsp_err_sys(e, "bind source %s", src);
	if (make_target(dst, S_ISDIR(st.st_mode), e) < 0)
		return -1;
	if (mount(src, dst, NO_FSTYPE, MS_BIND | MS_REC, NULL) < 0)
		return nsp_err_sys(e, "bind %s on %s", src, dst);
	if (mount(NULL, dst, NO_FSTYPE, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID |
		  MS_NODEV | kept_flags(dst), NULL) < 0)
		return nsp_err_sys(e, "remount %s read-only", dst);
	return 0;
}

/*
 * What goes into the new root, opened before the tmpfs hides anything:
 * binds are made from these O_PATH fds (through /proc/self/fd), so every
 * host path stays reachable without keeping the old root mounted.
 */
struct source {
	const char *path;	/* where it goes, same as where it was */
	int fd;			/* O_PATH, or -1 for a symlink */
	char link[PATH_MAX];	/* the symlink's target */
};

static int open_source(struct source *src, const char *path, bool may_miss,
		       struct nsp_err *e)
{
	struct stat st;
	ssize_t n;

	src->path = path;
	src->fd = -1;
	src->link[0] = '\0';
	if (lstat(path, &st) < 0)
		return errno == ENOENT && may_miss ? 1 : nsp_err_sys(e, "lstat %s", path);
	if (S_ISLNK(st.st_mode) && may_miss) {	/* host dirs: symlinks stay links */
		n = readlink(path, src->link, sizeof(src->link) - 1);
		if (n < 0)
			return nsp_err_sys(e, "readlink %s", path);
		src->link[n] = '\0';
		return 0;
	}
	src->fd = open(path, O_PATH | O_CLOEXEC);
	return src->fd < 0 ? nsp_err_sys(e, "open %s", path) : 0;
}

static int place_source(const struct source *src, const char *root, struct nsp_err *e)
{
	char from[64], dst[PATH_MAX];

	snprintf(dst, sizeof(dst), "%s%s", root, src->path);
	if (src->fd < 0) {
		if (symlink(src->link, dst) < 0 && errno != EEXIST)
			return nsp_err_sys(e, "symlink %s", dst);
		return 0;
	}
	snprintf(from, sizeof(from), "/proc/self/fd/%d", src->fd);
	return bind_ro(from, dst, e);
}

#define MAX_SOURCES 64

struct sources {
	size_t n;
	struct source v[MAX_SOURCES];
};

static void close_sources(struct sources *ss)
{
	for (size_t i = 0; i < ss->n; i++)
		if (ss->v[i].fd >= 0)
			close(ss->v[i].fd);
	ss->n = 0;
}

static int add_source(struct sources *ss, const char *path, bool may_miss,
		      struct nsp_err *e)
{
	int rc;

	if (ss->n == MAX_SOURCES)
		return nsp_err_set(e, E2BIG, "more than %d paths in the rootfs", MAX_SOURCES);
	rc = open_source(&ss->v[ss->n], path, may_miss, e);
	if (rc == 0)
		ss->n++;
	return rc < 0 ? -1 : 0;
}

static int collect_sources(struct sources *ss, bool with_host_dirs,
			   const char *const *binds, struct nsp_err *e)
{
	for (size_t i = 0; with_host_dirs && i < sizeof(host_dirs) / sizeof(host_dirs[0]); i++)
		if (add_source(ss, host_dirs[i], true, e) < 0)
			return -1;
	for (; binds && *binds; binds++)
		if (add_source(ss, *binds, false, e) < 0)
			return nsp_err_wrap(e, "bind");
	return 0;
}

/* Under `root`, the new root being built, a path of it: root + rel. */
static const char *under(char *buf, size_t len, const char *root, const char *rel)
{
	snprintf(buf, len, "%s%s", root, rel);
	return buf;
}

/*
 * One device node of the host's /dev at dst: a node of our own with the
 * same type, numbers and mode where we may make one (root of the initial
 * user namespace: one mknod instead of a bind mount, which costs a tenth
 * of a launch's rootfs), else a bind of the host's (in a user namespace
 * mknod of a device is EPERM).  /dev is still the host's here.
 */
static int make_dev_node(const char *name, const char *dst, bool *may_mknod,
			 struct nsp_err *e)
{
	char src[64];
	struct stat st;

	snprintf(src, sizeof(src), "/dev/%s", name);
	if (*may_mknod && stat(src, &st) == 0 && (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))) {
		if (mknod(dst, st.st_mode & (S_IFMT | 0777), st.st_rdev) == 0)
			return chmod(dst, st.st_mode & 07777) < 0 ?
			       nsp_err_sys(e, "chmod /dev/%s", name) : 0;
		if (errno != EPERM)
			return nsp_err_sys(e, "mknod /dev/%s", name);
		*may_mknod = false;	/* binds from here on */
	}
	if (make_target(dst, false, e) < 0)
		return -1;
	if (mount(src, dst, NO_FSTYPE, MS_BIND, NULL) < 0)
		return nsp_err_sys(e, "bind /dev/%s", name);
	return 0;
}

static int make_dev(const char *root, struct nsp_err *e)
{
	char dst[PATH_MAX];
	bool may_mknod = true;

	if (mkdir_p(under(dst, sizeof(dst), root, "/dev"), e) < 0 ||
	    mount("tmpfs", dst, "tmpfs", MS_NOSUID | MS_NOEXEC, "mode=0755,size=64k") < 0)
		return e->msg[0] ? -1 : nsp_err_sys(e, "mount tmpfs on /dev");
	for (size_t i = 0; i < sizeof(dev_nodes) / sizeof(dev_nodes[0]); i++) {
		snprintf(dst, sizeof(dst), "%s/dev/%s", root, dev_nodes[i]);
		if (make_dev_node(dev_nodes[i], dst, &may_mknod, e) < 0)
			return -1;
	}
	if (mkdir_p(under(dst, sizeof(dst), root, "/dev/shm"), e) < 0 ||
	    mount("tmpfs", dst, "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777,size=" ROOTFS_TMP_SIZE) < 0)
		return e->msg[0] ? -1 : nsp_err_sys(e, "mount tmpfs on /dev/shm");
	return 0;
}

/* /proc, /dev and /tmp of the new root, whatever its other contents. */
/*
 * A fresh proc of our pid namespace; where we may not make one (a user
 * namespace without a pid namespace of its own: the pid namespace belongs
 * to the caller's user namespace, EPERM) the /proc we have, which shows
 * that same pid namespace.
 */
static int make_proc(const char *dst, struct nsp_err *e)
{
	if (mount("proc", dst, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) == 0)
		return 0;
	if (errno != EPERM)
		return nsp_err_sys(e, "mount proc");
	if (mount("/proc", dst, NO_FSTYPE, MS_BIND | MS_REC, NULL) < 0)
		return nsp_err_sys(e, "mount proc (EPERM), then bind /proc");
	return 0;
}

static int make_special(const char *root, struct nsp_err *e)
{
	char dst[PATH_MAX];

	nsp_err_clear(e);
	if (mkdir_p(under(dst, sizeof(dst), root, "/proc"), e) < 0 || make_proc(dst, e) < 0)
		return -1;
	if (make_dev(root, e) < 0)
		return -1;
	if (mkdir_p(under(dst, sizeof(dst), root, "/tmp"), e) < 0 ||
	    mount("tmpfs", dst, "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777,size=" ROOTFS_TMP_SIZE) < 0)
		return e->msg[0] ? -1 : nsp_err_sys(e, "mount tmpfs on /tmp");
	return 0;
}

/* pivot_root(".", "."): the new root stacks over the old one, which is
 * then detached from below it in one go, so no trace of it remains. */
static int enter_newroot(const char *dir, struct nsp_err *e)
{
	if (chdir(dir) < 0)
		return nsp_err_sys(e, "chdir %s", dir);
	if (pivot_root(".", ".") < 0)
		return nsp_err_sys(e, "pivot_root into %s", dir);
	if (umount2(".", MNT_DETACH) < 0)
		return nsp_err_sys(e, "detach the old root");
	if (chdir("/") < 0)
		return nsp_err_sys(e, "chdir / in the new root");
	return 0;
}

static int build_minimal(struct sources *ss, struct nsp_err *e)
{
	if (mount("tmpfs", NEWROOT, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755") < 0)
		return nsp_err_sys(e, "mount tmpfs on " NEWROOT);
	/* the fresh /tmp, /dev and /proc first: a bind under them (a command
	 * in /tmp/x) goes on top, instead of being hidden by them */
	if (make_special(NEWROOT, e) < 0)
		return -1;
	for (size_t i = 0; i < ss->n; i++)
		if (place_source(&ss->v[i], NEWROOT, e) < 0)
			return -1;
	core_mark(CORE_MARK_ROOTFS);
	if (enter_newroot(NEWROOT, e) < 0)
		return -1;
	if (mount(NULL, "/", NO_FSTYPE, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID |
		  MS_NODEV, NULL) < 0)
		return nsp_err_sys(e, "remount the new root read-only");
	core_mark(CORE_MARK_PIVOTED);
	return 0;
}

int rootfs_enter_minimal(const char *const *binds, struct nsp_err *e)
{
	struct sources ss = { 0 };
	int rc;

	nsp_err_clear(e);
	rc = collect_sources(&ss, true, binds, e);
	if (rc == 0)
		rc = build_minimal(&ss, e);
	close_sources(&ss);
	return rc < 0 ? nsp_err_wrap(e, "rootfs") : 0;
}

/* ---- the layered rootfs ------------------------------------------------ */

/*
 * Where the scratch tmpfs (upper, work and the merged root) goes: a
 * directory of the current tree that holds no layer, since mounting over
 * it hides what is below.  Tried in this order.
 */
static const char *const stage_dirs[] = { "/tmp", "/mnt", "/run", "/srv", "/media", "/opt" };

static bool is_below(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	return strncmp(path, dir, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

static bool hides_a_layer(const char *dir, const char *const *layers)
{
	char real[PATH_MAX];

	for (size_t i = 0; layers[i]; i++)
		if (is_below(layers[i], dir) ||
		    (realpath(layers[i], real) && is_below(real, dir)))
			return true;
	return false;
}

static int pick_stage(const char *const *layers, const char **stage, struct nsp_err *e)
{
	struct stat st;

	for (size_t i = 0; i < sizeof(stage_dirs) / sizeof(stage_dirs[0]); i++)
		if (stat(stage_dirs[i], &st) == 0 && S_ISDIR(st.st_mode) &&
		    !hides_a_layer(stage_dirs[i], layers)) {
			*stage = stage_dirs[i];
			return 0;
		}
	return nsp_err_set(e, EINVAL, "layers: every place for the scratch tmpfs "
			   "(/tmp, /mnt, /run, /srv, /media, /opt) holds a layer");
}

/*
 * Outside the initial user namespace overlayfs may not write its
 * trusted.overlay.* attributes (opaque directories, redirects): it needs
 * "userxattr" (5.11+, with unprivileged overlay mounts) to use
 * user.overlay.* instead, or directory removals over a layer fail (EIO).
 */
static bool in_child_userns(void)
{
	struct ns_ident id;
	struct nsp_err ignored;

	/* the initial one by its fixed inode, from the namespace-type registry */
	return ns_ident_of(0, "user", &id, &ignored) == 0 && !ns_is_initial("user", &id);
}

/* "lowerdir=TOP:...:BOTTOM,upperdir=S/upper,workdir=S/work[,userxattr]" */
static int overlay_opts(char *buf, size_t len, const char *const *layers,
			const char *stage, struct nsp_err *e)
{
	size_t n = 0, off;

	while (layers[n])
		n++;
	off = (size_t)snprintf(buf, len, "lowerdir=");
	for (size_t i = n; i-- > 0 && off < len;)
		off += (size_t)snprintf(buf + off, len - off, "%s%s", layers[i], i ? ":" : "");
	if (off < len)
		off += (size_t)snprintf(buf + off, len - off, ",upperdir=%s/upper,workdir=%s/work%s",
					stage, stage, in_child_userns() ? ",userxattr" : "");
	if (off >= len)
		return nsp_err_set(e, E2BIG, "layers: %zu layers make overlay options "
				   "longer than %zu bytes", n, len - 1);
	return 0;
}

static int build_layers(struct sources *ss, const char *const *layers, struct nsp_err *e)
{
	char opts[4096], merged[PATH_MAX], dir[PATH_MAX];
	const char *stage = NULL;

	if (pick_stage(layers, &stage, e) < 0 || overlay_opts(opts, sizeof(opts), layers, stage, e) < 0)
		return -1;
	/* the tmpfs of this mount namespace: the upper is seen nowhere else */
	if (mount("tmpfs", stage, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755") < 0)
		return nsp_err_sys(e, "mount the layers' scratch tmpfs on %s", stage);
	if (mkdir_p(under(dir, sizeof(dir), stage, "/upper"), e) < 0 ||
	    mkdir_p(under(dir, sizeof(dir), stage, "/work"), e) < 0 ||
	    mkdir_p(under(merged, sizeof(merged), stage, "/merged"), e) < 0)
		return -1;
	if (mount("overlay", merged, "overlay", 0, opts) < 0)
		return nsp_err_sys(e, "mount overlay (%s)", opts);
	if (make_special(merged, e) < 0)	/* first, as build_minimal says */
		return -1;
	for (size_t i = 0; i < ss->n; i++)
		if (place_source(&ss->v[i], merged, e) < 0)
			return -1;
	return enter_newroot(merged, e);
}

int rootfs_enter_layers(const char *const *layers, const char *const *binds,
			struct nsp_err *e)
{
	struct sources ss = { 0 };
	int rc;

	nsp_err_clear(e);
	rc = collect_sources(&ss, false, binds, e);
	if (rc == 0)
		rc = build_layers(&ss, layers, e);
	close_sources(&ss);
	return rc < 0 ? nsp_err_wrap(e, "layered rootfs") : 0;
}

int rootfs_enter_dir(const char *dir, struct nsp_err *e)
{
	struct stat st;

	if (mount(dir, dir, NO_FSTYPE, MS_BIND | MS_REC, NULL) < 0)
		return nsp_err_sys(e, "rootfs: bind %s onto itself", dir);
	if (enter_newroot(dir, e) < 0)
		return nsp_err_wrap(e, "rootfs");
	if (stat("/proc", &st) == 0 && S_ISDIR(st.st_mode) &&
	    mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
		return nsp_err_sys(e, "rootfs: mount proc");
	return 0;
}
