// SPDX-License-Identifier: GPL-2.0-or-later
#include "lib/runid.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/file.h"
#include "lib/nsfile.h"
#include "lib/nsinit.h"
#include "lib/procstatus.h"

/* nsfs inode of /proc/<pid>/ns/<type> (pid 0: self); 0 when it cannot be read. */
static unsigned long ns_ino(pid_t pid, const char *type)
{
	struct nsp_err ignored;
	struct ns_ident id;

	return ns_ident_of(pid, type, &id, &ignored) == 0 ? (unsigned long)id.ino : 0;
}

/* Fields 3 (state) and 22 (start time) of /proc/<pid>/stat (pid 0: self);
 * the command in field 2 may hold spaces and parentheses, so fields count
 * from its last ')'.  state may be NULL. */
static int start_time(pid_t pid, unsigned long long *start, char *state, struct nsp_err *e)
{
	char path[64], text[1024], *p;
	unsigned long long v;
	int field = 2;

	if (pid)
		snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	else
		snprintf(path, sizeof(path), "/proc/self/stat");
	if (nsp_read_line(path, text, sizeof(text), e) < 0)
		return -1;
	p = strrchr(text, ')');
	if (state)
		*state = p && p[1] == ' ' ? p[2] : '?';
	while (p && field < 22) {
		p = strchr(p + 1, ' ');
		field++;
	}
	if (!p || sscanf(p + 1, "%llu", &v) != 1)
		return nsp_err_set(e, EINVAL, "%s: no start time", path);
	*start = v;
	return 0;
}

int run_id_of(pid_t pid, struct run_id *id, struct nsp_err *e)
{
	id->pidns = ns_ino(pid, "pid");
	if (!id->pidns)
		return nsp_err_sys(e, "the pid namespace of %d", (int)(pid ? pid : getpid()));
	id->pid = pid ? pid : getpid();
	if (start_time(pid, &id->start, NULL, e) < 0)
		return nsp_err_wrap(e, "the start time of %d", (int)id->pid);
	return 0;
}

int run_id_self(struct run_id *id, struct nsp_err *e)
{
	return run_id_of(0, id, e);
}

/*
 * One canonical decimal (digits only, no leading zero, so that a run has
 * exactly one name) ending at `end`; unsigned long long, which
 * nsp_parse_long's long cannot hold everywhere (nsfs inodes pass 2^31).
 */
static bool number(const char **p, char end, unsigned long long *v)
{
	const char *s = *p;
	char *stop;

	if (!isdigit((unsigned char)s[0]) || (s[0] == '0' && isdigit((unsigned char)s[1])))
		return false;
	errno = 0;
	*v = strtoull(s, &stop, 10);
	if (errno || *stop != end)
		return false;
	*p = stop + (end != '\0');
	return true;
}

int run_id_parse(const char *text, struct run_id *id)
{
	unsigned long long ns, pid, start;

	if (!number(&text, '-', &ns) || !number(&text, '-', &pid) || !number(&text, '\0', &start) ||
	    ns == 0 || ns > ULONG_MAX || pid == 0 || pid > INT_MAX)
		return -1;
	*id = (struct run_id){ .pidns = (unsigned long)ns, .pid = (pid_t)pid, .start = start };
	return 0;
}

int run_id_current(struct run_id *id, struct nsp_err *e)
{
	const char *env = getenv(RUN_ID_ENV);

	if (!env)
		return run_id_self(id, e);
	if (run_id_parse(env, id) < 0)
		return nsp_err_set(e, EINVAL, "$%s=\"%.40s\" is not PIDNS-PID-START", RUN_ID_ENV, env);
	return 0;
}

int run_id_format(const struct run_id *id, char *buf, size_t len, struct nsp_err *e)
{
	int n = snprintf(buf, len, "%lu-%d-%llu", id->pidns, (int)id->pid, id->start);

	if (n < 0 || (size_t)n >= len)
		return nsp_err_set(e, ENAMETOOLONG, "run id longer than %zu", len - 1);
	return 0;
}

bool run_id_eq(const struct run_id *a, const struct run_id *b)
{
	return a->pidns == b->pidns && a->pid == b->pid && a->start == b->start;
}

uint32_t run_id_hash(const struct run_id *id, uint64_t salt)
{
	const uint64_t parts[] = { id->pidns, (uint64_t)id->pid, id->start, salt };
	uint32_t h = 2166136261u;	/* FNV-1a over the parts' bytes */

	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		for (int b = 0; b < 8; b++)
			h = (h ^ (uint8_t)(parts[i] >> (8 * b))) * 16777619u;
	return h;
}

/* Process `pid` of our /proc is the owner, if its start time says so.
 * A start time is shown through the reader's time namespace: compared
 * only when the process is in ours. */
static enum run_liveness same_start(pid_t pid, const struct run_id *id, struct nsp_err *e)
{
	unsigned long mine = ns_ino(0, "time"), theirs = ns_ino(pid, "time");
	unsigned long long start;
	char state;

	if (start_time(pid, &start, &state, e) < 0)
		return errno == ENOENT || e->errnum == ENOENT || e->errnum == ESRCH ? RUN_GONE
										    : RUN_UNKNOWN;
	/* a zombie is gone: a SIGKILLed runner whose parent died too waits
	 * for init to reap it, with its pid and start time still shown */
	if (start == id->start)
		return state == 'Z' || state == 'X' ? RUN_GONE : RUN_ALIVE;
	if (mine && theirs && mine != theirs) {
		nsp_err_set(e, 0, "pid %d runs in another time namespace: its start time "
			    "cannot be compared", (int)pid);
		return RUN_UNKNOWN;
	}
	return RUN_GONE;	/* the pid was reused */
}

/* The last NSpid element of /proc/<pid>/status: its pid in its own namespace. */
static pid_t own_level_pid(pid_t pid)
{
	struct nsp_err ignored;
	struct ns_status st;

	if (ns_status_read(pid, &st, &ignored) < 0 || st.pid.n == 0)
		return 0;
	return st.pid.id[st.pid.n - 1];
}

/* From the initial pid namespace: every process is ours to see. */
static enum run_liveness scan_for(const struct run_id *id, struct nsp_err *e)
{
	DIR *d = opendir("/proc");
	enum run_liveness r = RUN_GONE;
	struct dirent *de;

	if (!d) {
		nsp_err_sys(e, "opendir /proc");
		return RUN_UNKNOWN;
	}
	while (r == RUN_GONE && (de = readdir(d))) {
		long pid;

		if (nsp_parse_long(de->d_name, 1, INT_MAX, &pid) < 0)
			continue;
		if (ns_ino((pid_t)pid, "pid") != id->pidns)
			continue;	/* another namespace, or gone meanwhile */
		if (own_level_pid((pid_t)pid) == id->pid)
			r = same_start((pid_t)pid, id, e);
	}
	closedir(d);
	return r;
}

enum run_liveness run_id_alive(const struct run_id *id, struct nsp_err *e)
{
	unsigned long ours = ns_ino(0, "pid");

	nsp_err_clear(e);
	if (!ours) {
		nsp_err_sys(e, "stat /proc/self/ns/pid");
		return RUN_UNKNOWN;
	}
	if (id->pidns == ours)
		return same_start(id->pid, id, e);
	if (ns_self_is_initial("pid"))
		return scan_for(id, e);
	nsp_err_set(e, 0, "its owner lives in pid namespace %lu, which this one (%lu) "
		    "cannot see", id->pidns, ours);
	return RUN_UNKNOWN;
}
