// SPDX-License-Identifier: GPL-2.0-or-later
#include "lib/nsfile.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void ns_path(pid_t pid, const char *type, char *buf, size_t len)
{
	if (pid > 0)
		snprintf(buf, len, "/proc/%d/ns/%s", (int)pid, type);
	else
		snprintf(buf, len, "/proc/self/ns/%s", type);
}

int ns_ident_of(pid_t pid, const char *type, struct ns_ident *id,
		struct nsp_err *e)
{
	char path[64];
	struct stat st;

	ns_path(pid, type, path, sizeof(path));
	if (stat(path, &st) < 0)
		return nsp_err_sys(e, "stat %s", path);
	id->dev = st.st_dev;
	id->ino = st.st_ino;
	return 0;
}

int ns_ident_at(int ns_dirfd, const char *name, struct ns_ident *id,
		struct nsp_err *e)
{
	struct stat st;

	if (fstatat(ns_dirfd, name, &st, 0) < 0)
		return nsp_err_sys(e, "stat ns/%s", name);
	id->dev = st.st_dev;
	id->ino = st.st_ino;
	return 0;
}

bool ns_ident_eq(const struct ns_ident *a, const struct ns_ident *b)
{
	return a->dev == b->dev && a->ino == b->ino;
}

int ns_join(pid_t pid, const char *type, int nstype, struct nsp_err *e)
{
	char path[64];
	int fd, rc;

	ns_path(pid, type, path, sizeof(path));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return nsp_err_sys(e, "open %s", path);
	rc = setns(fd, nstype);
	if (rc < 0)
		nsp_err_sys(e, "setns %s", path);
	close(fd);
	return rc;
}

static const char *const sandbox_types[] = { "mnt", "uts", "ipc", "net", "pid", NULL };

int ns_describe(const char *const *types, char *buf, size_t len, struct nsp_err *e)
{
	size_t used = 0;

	buf[0] = '\0';
	for (; *types; types++) {
		struct ns_ident id = { 0 };
		int n;

		if (ns_ident_of(0, *types, &id, e) < 0) {
			if (e->errnum == ENOENT)
				continue;	/* a type this kernel lacks */
			return -1;
		}
		n = snprintf(buf + used, len - used, "%s%s=%lu:%lu", used ? " " : "",
			     *types, (unsigned long)id.dev, (unsigned long)id.ino);
		if (n < 0 || (size_t)n >= len - used)
			return nsp_err_set(e, ENOBUFS, "namespace description");
		used += (size_t)n;
	}
	return 0;
}

int ns_sandbox_describe(char *buf, size_t len, struct nsp_err *e)
{
	return ns_describe(sandbox_types, buf, len, e);
}

bool ns_env_ident(const char *var, const char *type, struct ns_ident *id)
{
	const char *env = getenv(var), *p;
	unsigned long dev, ino;
	size_t tl = strlen(type);
	int used = 0;

	for (p = env; p && *p; p += strcspn(p, " "), p += strspn(p, " "))
		if (strncmp(p, type, tl) == 0 && p[tl] == '=' &&
		    sscanf(p + tl + 1, "%lu:%lu%n", &dev, &ino, &used) == 2 &&
		    (p[tl + 1 + used] == ' ' || p[tl + 1 + used] == '\0')) {
			id->dev = (dev_t)dev;
			id->ino = (ino_t)ino;
			return true;
		}
	return false;
}

bool ns_is_sandbox(const char *type)
{
	struct ns_ident want, mine = { 0 };
	struct nsp_err e;

	return ns_env_ident("NSHARNESS_SANDBOX", type, &want) &&
	       ns_ident_of(0, type, &mine, &e) == 0 && ns_ident_eq(&want, &mine);
}
