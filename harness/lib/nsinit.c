// SPDX-License-Identifier: GPL-2.0-or-later
#include "lib/nsinit.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/file.h"
#include "lib/nstype.h"
#include "lib/procstatus.h"

/* The registry's inode, where every kernel with the type has it (not mnt
 * and net, which got one only recently: a different one proves nothing). */
ino_t ns_initial_ino(const char *type)
{
	for (size_t i = 0; i < NS_NFILES; i++)
		if (strcmp(ns_files[i].name, type) == 0)
			return ns_files[i].init_ino_always ? ns_files[i].init_ino : 0;
	return 0;
}

bool ns_self_is_initial(const char *type)
{
	struct ns_ident id;
	struct nsp_err ignored;

	return ns_ident_of(0, type, &id, &ignored) == 0 && ns_is_initial(type, &id);
}

bool ns_is_initial(const char *type, const struct ns_ident *id)
{
	ino_t ino = ns_initial_ino(type);

	return ino && id->ino == ino;
}

/* Is the /proc we read the initial pid namespace's?  Its pid 2 is then
 * kthreadd, whose pid namespace is the initial one. */
static bool proc_is_initial(void)
{
	struct ns_ident id;
	struct nsp_err e;

	return ns_ident_of(2, "pid", &id, &e) == 0 && ns_is_initial("pid", &id);
}

int pid_ns_level(int *level, char *how, size_t len, struct nsp_err *e)
{
	const char *env = getenv("NSHARNESS_PID_LEVEL");
	struct ns_status st;
	struct ns_ident self;
	long base;

	if (ns_status_read(0, &st, e) < 0)
		return -1;
	if (st.pid.n == 0)
		return nsp_err_set(e, ENOENT, "/proc/self/status has no NSpid line");
	if (ns_ident_of(0, "pid", &self, e) < 0)
		return -1;
	if (ns_is_initial("pid", &self)) {
		*level = 0;
		snprintf(how, len, "our pid namespace is the initial one (its fixed inode)");
		return 0;
	}
	if (proc_is_initial()) {
		*level = st.pid.n - 1;
		snprintf(how, len, "NSpid read from the initial pid namespace's /proc");
		return 0;
	}
	if (env && ns_is_sandbox("pid") && nsp_parse_long(env, 0, INT_MAX, &base) == 0) {
		*level = (int)base + st.pid.n - 1;
		snprintf(how, len, "NSpid below the nsharness sandbox at level %ld", base);
		return 0;
	}
	snprintf(how, len, "a nested pid namespace whose /proc shows no ancestor "
		 "(started below the initial one at an unknown depth)");
	return 1;
}

int user_ns_level(int *level, char *how, size_t len, struct nsp_err *e)
{
	const char *env = getenv("NSHARNESS_USER_LEVEL");
	const char *at = env ? strchr(env, '@') : NULL;
	char num[16];
	struct ns_ident self;
	long v, ino;

	if (ns_ident_of(0, "user", &self, e) < 0)
		return -1;
	if (ns_is_initial("user", &self)) {
		*level = 0;
		snprintf(how, len, "our user namespace is the initial one (its fixed inode)");
		return 0;
	}
	if (at && (size_t)(at - env) < sizeof(num)) {
		memcpy(num, env, (size_t)(at - env));
		num[at - env] = '\0';
		if (nsp_parse_long(num, 1, 64, &v) == 0 &&
		    nsp_parse_long(at + 1, 1, LONG_MAX, &ino) == 0 && (ino_t)ino == self.ino) {
			*level = (int)v;
			snprintf(how, len, "the nsharness sandbox's user namespace, level %ld", v);
			return 0;
		}
	}
	snprintf(how, len, "a nested user namespace (its ancestors are out of sight)");
	return 1;
}

int user_ns_level_env(char *buf, size_t len, int level, struct nsp_err *e)
{
	struct ns_ident self;

	if (ns_ident_of(0, "user", &self, e) < 0)
		return -1;
	snprintf(buf, len, "%d@%lu", level, (unsigned long)self.ino);
	return 0;
}
