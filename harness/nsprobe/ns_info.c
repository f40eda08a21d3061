// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * One namespace's identity and relations, from its nsfs file: inode and
 * device (fstat), the 64-bit id (NS_GET_ID), the owning user namespace
 * (NS_GET_USERNS), the parent of a pid or user namespace (NS_GET_PARENT),
 * the owner uid of a user namespace (NS_GET_OWNER_UID), and whether it is
 * the initial namespace.  Runs in nsprobe, in its own namespaces; the fds
 * the ioctls return are only fstat()ed and closed.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/grow.h"
#include "lib/nsfile.h"
#include "lib/nsinit.h"
#include "nsprobe/nsioctl.h"
#include "nsprobe/nsprobe.h"

/* Inode of the namespace an ioctl returned as an fd; closes it. */
static int fd_ino(int fd, ino_t *ino)
{
	struct stat st;
	int rc = fstat(fd, &st);

	if (rc == 0)
		*ino = st.st_ino;
	close(fd);
	return rc;
}

/* Why an NS_GET_USERNS/NS_GET_PARENT answer is missing, in words. */
static void relation_miss(struct diag_miss *m, int err, const char *what)
{
	if (err == EPERM)
		miss_set(m, err, "%s is outside our view (above our user or pid namespace)", what);
	else if (err == ENOTTY)
		miss_set(m, err, "%s: the kernel has no such nsfs ioctl", what);
	else
		miss_set(m, err, "%s", what);
}

/* The owner (fd, closed here) and its ancestors as far as we may see:
 * NS_GET_PARENT answers EPERM above our own user namespace and at the
 * initial one.  0 once the owner itself is known. */
static int owner_chain(struct diag_nsinfo *ni, int fd)
{
	int rc = -1;

	while (fd >= 0) {
		struct stat st;
		int parent;

		if (fstat(fd, &st) < 0 ||
		    nsp_grow(&ni->owner_chain, &ni->owner_chain_cap, ni->owner_chain_n + 1,
			     sizeof(*ni->owner_chain)) < 0) {
			close(fd);
			break;
		}
		ni->owner_chain[ni->owner_chain_n++] = st.st_ino;
		if (rc < 0) {
			ni->owner_ino = st.st_ino;
			rc = 0;
		}
		ni->owner_chain_to_initial = st.st_ino == ns_initial_ino("user");
		parent = ioctl(fd, NS_GET_PARENT);
		close(fd);
		fd = parent;
	}
	return rc;
}

static void ask_ioctls(struct diag_nsinfo *ni, int fd)
{
	__u64 id = 0;
	uid_t uid = 0;	/* set for valgrind, which cannot see this ioctl write */
	int rfd;

	if (ioctl(fd, NS_GET_ID, &id) == 0) {
		ni->has_id = true;
		ni->id = id;
	} else {
		relation_miss(&ni->id_miss, errno, "NS_GET_ID");
	}
	rfd = ioctl(fd, NS_GET_USERNS);
	if (rfd >= 0 && owner_chain(ni, rfd) == 0)
		ni->has_owner = true;
	else
		relation_miss(&ni->owner_miss, errno, "owning user namespace");
	if (ni->parent_applies) {
		rfd = ioctl(fd, NS_GET_PARENT);
		if (rfd >= 0 && fd_ino(rfd, &ni->parent_ino) == 0)
			ni->has_parent = true;
		else
			relation_miss(&ni->parent_miss, errno, "parent");
	}
	if (ni->type->flag == CLONE_NEWUSER) {
		if (ioctl(fd, NS_GET_OWNER_UID, &uid) == 0) {
			ni->has_owner_uid = true;
			ni->owner_uid = uid;
		} else {
			relation_miss(&ni->owner_uid_miss, errno, "NS_GET_OWNER_UID");
		}
	}
}

/*
 * A reference process that is certainly in the initial namespaces:
 * kthreadd (pid 2, parent 0) when our pid namespace is the initial one.
 */
static bool kthreadd_visible(void)
{
	char buf[256];
	int ppid = -1;
	char *p;
	FILE *f = fopen("/proc/2/stat", "re");

	if (!f)
		return false;
	p = fgets(buf, sizeof(buf), f) ? strrchr(buf, ')') : NULL;
	fclose(f);
	return p && strstr(buf, "(kthreadd)") && sscanf(p + 2, "%*c %d", &ppid) == 1 &&
	       ppid == 0;
}

static void decide_initial(struct diag_nsinfo *ni)
{
	const struct ns_type *ty = ni->type;
	struct ns_ident ref;
	struct nsp_err e;

	ni->initial = -1;
	if ((uint32_t)ni->ino == ty->init_ino && ni->ino == (ino_t)ty->init_ino) {
		ni->initial = 1;
		snprintf(ni->initial_basis, sizeof(ni->initial_basis),
			 "fixed initial inode 0x%X", ty->init_ino);
		return;
	}
	if (ty->init_ino_always) {
		ni->initial = 0;
		snprintf(ni->initial_basis, sizeof(ni->initial_basis),
			 "the initial one has the fixed inode 0x%X", ty->init_ino);
		return;
	}
	if (kthreadd_visible() && ns_ident_of(2, ty->name, &ref, &e) == 0) {
		ni->initial = ref.ino == ni->ino && ref.dev == ni->dev;
		snprintf(ni->initial_basis, sizeof(ni->initial_basis), "%s kthreadd (pid 2)",
			 ni->initial ? "shared with" : "differs from");
		return;
	}
	if (ns_ident_of(1, ty->name, &ref, &e) == 0) {
		snprintf(ni->initial_basis, sizeof(ni->initial_basis),
			 "unknown (%s pid 1 of our pid namespace)",
			 ref.ino == ni->ino && ref.dev == ni->dev ? "shared with" : "differs from");
		return;
	}
	snprintf(ni->initial_basis, sizeof(ni->initial_basis),
		 "unknown (/proc/1/ns/%s: %s; kthreadd not visible)", ty->name,
		 strerror(e.errnum));
}

void ns_info_from_fd(struct diag_nsinfo *ni, int fd, const char *file)
{
	struct stat st;

	snprintf(ni->file, sizeof(ni->file), "%s", file);
	ni->nprocs = -1;
	ni->parent_applies = ni->type->flag == CLONE_NEWPID || ni->type->flag == CLONE_NEWUSER;
	if (fstat(fd, &st) < 0) {
		miss_set(&ni->miss, errno, "fstat %s", file);
		return;
	}
	ni->present = true;
	ni->dev = st.st_dev;
	ni->ino = st.st_ino;
	ask_ioctls(ni, fd);
	decide_initial(ni);
}

void ns_info_of_pid(struct diag_nsinfo *ni, const struct ns_type *ty, pid_t pid)
{
	char path[64];
	int fd;

	memset(ni, 0, sizeof(*ni));
	ni->type = ty;
	ni->nprocs = -1;
	snprintf(path, sizeof(path), "/proc/%d/ns/%s", (int)pid, ty->name);
	snprintf(ni->file, sizeof(ni->file), "%s", path);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			miss_set(&ni->miss, errno, "%s: the kernel has no %s namespaces", path,
				 ty->name);
		else
			miss_set(&ni->miss, errno, "open %s", path);
		return;
	}
	ns_info_from_fd(ni, fd, path);
	close(fd);
}
