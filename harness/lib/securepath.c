// SPDX-License-Identifier: GPL-2.0-or-later
#include "lib/securepath.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/nsfile.h"

const char *nsp_program_path(void)
{
	const char *path = getenv("PATH");

	return geteuid() == 0 || !path || !*path ? NSP_SECURE_PATH : path;
}

bool nsp_is_executable_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

int nsp_find_program(const char *name, char *buf, size_t len, struct nsp_err *e)
{
	const char *search = nsp_program_path();
	char cand[PATH_MAX];

	if (strchr(name, '/')) {
		snprintf(buf, len, "%s", name);
		return 0;
	}
	for (const char *p = search; *p;) {
		size_t n = strcspn(p, ":");

		snprintf(cand, sizeof(cand), "%.*s/%s", (int)n, p, name);
		if (n && nsp_is_executable_file(cand)) {
			char real[PATH_MAX];

			snprintf(buf, len, "%s", realpath(cand, real) ? real : cand);
			return 0;
		}
		p += n + (p[n] == ':');
	}
	return nsp_err_set(e, ENOENT, "%s: not found in %s%s", name, search,
			   geteuid() == 0 ? " (as root: the fixed secure path, not $PATH)" : "");
}

/* Why a directory on the way to ours could be changed by someone else, or NULL. */
static const char *untrusted(const struct stat *st, bool leaf)
{
	if (st->st_uid != 0 && st->st_uid != geteuid())
		return "owned by another user";
	if ((st->st_mode & S_IWOTH) && (leaf || !(st->st_mode & S_ISVTX)))
		return "writable by others";
	if ((st->st_mode & S_IWGRP) && st->st_gid != 0 && st->st_gid != getegid() &&
	    (leaf || !(st->st_mode & S_ISVTX)))
		return "writable by its group";
	return NULL;
}

/*
 * Root of the initial user namespace: the one whose privilege others
 * would gain.  In a user namespace the host's files show unmapped owners
 * as the overflow uid, and what we can do there is the caller's anyway.
 */
static bool host_root(void)
{
	const struct ns_type *user = ns_type_by_flag(CLONE_NEWUSER);
	struct ns_ident id;
	struct nsp_err ignored;

	return geteuid() == 0 && ns_ident_of(0, "user", &id, &ignored) == 0 &&
	       id.ino == (ino_t)user->init_ino;
}

int nsp_check_dir_trusted(const char *dir, const char *what, struct nsp_err *e)
{
	char path[PATH_MAX];

	if (!host_root())
		return 0;
	if (!realpath(dir, path))
		return nsp_err_sys(e, "%s %s", what, dir);
	for (bool leaf = true;; leaf = false) {
		struct stat st;
		const char *why;
		char *slash;

		if (stat(path[0] ? path : "/", &st) < 0)
			return nsp_err_sys(e, "%s: stat %s", what, path[0] ? path : "/");
		why = untrusted(&st, leaf);
		if (why)
			return nsp_err_set(e, EPERM, "%s %s: %s%s is %s (refused as root)", what, dir,
					   leaf ? "it" : "", leaf ? "" : path[0] ? path : "/", why);
		if (!path[0])
			return 0;
		slash = strrchr(path, '/');
		*slash = '\0';
	}
}
