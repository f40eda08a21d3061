// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The NS* lines of /proc/<pid>/status.  The kernel writes them as
 * "NSpid:\t4321\t7\t1"; we accept any run of tabs and spaces between ids
 * so that hand-written samples and future formatting changes still parse.
 */
#include "lib/procstatus.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/file.h"

/* Longest decimal pid_t we accept, plus room to notice a longer one. */
#define ID_TEXT_MAX 16

struct ns_key {
	const char *name;
	size_t offset;		/* of the struct ns_idlist in struct ns_status */
};

static const struct ns_key ns_keys[] = {
	{ "NStgid", offsetof(struct ns_status, tgid) },
	{ "NSpid", offsetof(struct ns_status, pid) },
	{ "NSpgid", offsetof(struct ns_status, pgid) },
	{ "NSsid", offsetof(struct ns_status, sid) },
};

/* The id list a "Key:" line fills, or NULL for the lines we ignore. */
static struct ns_idlist *list_for_key(struct ns_status *out, const char *line,
				      size_t keylen, const char **name)
{
	for (size_t i = 0; i < sizeof(ns_keys) / sizeof(ns_keys[0]); i++) {
		if (strlen(ns_keys[i].name) != keylen ||
		    strncmp(line, ns_keys[i].name, keylen) != 0)
			continue;
		*name = ns_keys[i].name;
		return (struct ns_idlist *)((char *)out + ns_keys[i].offset);
	}
	return NULL;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* One id of `len` bytes at `s` (not NUL-terminated): strict decimal >= 0. */
static int parse_id(const char *s, size_t len, pid_t *id)
{
	char buf[ID_TEXT_MAX];
	long v;

	if (len == 0 || len >= sizeof(buf))
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	/* nsp_parse_long allows a '-' sign; ids are never negative. */
	if (nsp_parse_long(buf, 0, INT_MAX, &v) < 0)
		return -1;
	*id = (pid_t)v;
	return 0;
}

/* The ids after "Key:", up to `end`; `lineno` and `key` are for messages. */
static int parse_ids(const char *s, const char *end, struct ns_idlist *l,
		     int lineno, const char *key, struct nsp_err *e)
{
	size_t len;

	for (;;) {
		while (s < end && is_blank(*s))
			s++;
		if (s == end)
			break;
		for (len = 0; s + len < end && !is_blank(s[len]); len++)
			;
		if (l->n == NSP_MAX_PID_LEVELS)
			return nsp_err_set(e, EINVAL, "status line %d: %s lists more "
					   "than %d ids", lineno, key,
					   NSP_MAX_PID_LEVELS);
		if (parse_id(s, len, &l->id[l->n]) < 0)
			return nsp_err_set(e, EINVAL, "status line %d: %s: bad id "
					   "\"%.*s\"", lineno, key,
					   (int)(len < 32 ? len : 32), s);
		l->n++;
		s += len;
	}
	if (l->n == 0)
		return nsp_err_set(e, EINVAL, "status line %d: %s lists no id",
				   lineno, key);
	return 0;
}

/* One line of `len` bytes; lines that are not NS* id lines are skipped. */
static int parse_line(const char *line, size_t len, int lineno,
		      struct ns_status *out, struct nsp_err *e)
{
	const char *colon = memchr(line, ':', len);
	struct ns_idlist *l;
	const char *key;

	if (!colon)
		return 0;
	l = list_for_key(out, line, (size_t)(colon - line), &key);
	if (!l)
		return 0;
	/* A repeated line would silently overwrite the first: say so. */
	if (l->n)
		return nsp_err_set(e, EINVAL, "status line %d: second %s line",
				   lineno, key);
	return parse_ids(colon + 1, line + len, l, lineno, key, e);
}

int ns_status_parse(const char *text, struct ns_status *out, struct nsp_err *e)
{
	const char *p = text;
	int lineno = 0;
	size_t len;

	memset(out, 0, sizeof(*out));
	if (!text)
		return nsp_err_set(e, EINVAL, "status: no text");
	while (*p) {
		len = strcspn(p, "\n");
		if (parse_line(p, len, ++lineno, out, e) < 0) {
			memset(out, 0, sizeof(*out));
			return -1;
		}
		p += len;
		if (*p == '\n')
			p++;
	}
	return 0;
}

int ns_status_read(pid_t pid, struct ns_status *out, struct nsp_err *e)
{
	char who[16];
	char *text;
	int ret;

	memset(out, 0, sizeof(*out));
	text = nsp_read_proc(pid, "status", e);
	if (!text)
		return -1;
	ret = ns_status_parse(text, out, e);
	free(text);
	if (pid > 0)
		snprintf(who, sizeof(who), "%d", (int)pid);
	else
		snprintf(who, sizeof(who), "self");
	if (ret < 0)
		return nsp_err_wrap(e, "parse /proc/%s/status", who);
	return 0;
}
