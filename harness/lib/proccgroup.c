// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * /proc/<pid>/cgroup parser.  Only the first two ':' separate fields: a
 * cgroup directory may be called "a:b", and the kernel prints the path as
 * it is.  The kernel always prints an absolute path (inside a cgroup
 * namespace it may start with "/.."), so a path without a leading '/'
 * means the line is not what we think it is.
 */
#include "lib/proccgroup.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/file.h"
#include "lib/linetable.h"

#define DELETED_SUFFIX " (deleted)"

/* void *: the line table's free for one element. */
static void entry_free(void *elem)
{
	struct cgroup_entry *c = elem;

	free(c->controllers);
	free(c->path);
	memset(c, 0, sizeof(*c));
}

/* Strips " (deleted)" from the end of a writable path; says if it was there. */
static bool strip_deleted(char *path)
{
	size_t len = strlen(path), slen = strlen(DELETED_SUFFIX);

	if (len <= slen || strcmp(path + len - slen, DELETED_SUFFIX) != 0)
		return false;
	path[len - slen] = '\0';
	return true;
}

/* Cuts a writable line into its three fields; *why says what was wrong. */
static int split_line(char *line, struct cgroup_entry *c, char **ctl,
		      char **path, const char **why)
{
	char *c1 = strchr(line, ':'), *c2;
	long id;

	c2 = c1 ? strchr(c1 + 1, ':') : NULL;
	if (!c2) {
		*why = "fewer than three ':'-separated fields";
		return -1;
	}
	*c1 = *c2 = '\0';
	if (nsp_parse_long(line, 0, INT_MAX, &id) < 0) {
		*why = "bad hierarchy id";
		return -1;
	}
	c->hierarchy_id = (int)id;
	*ctl = c1 + 1;
	*path = c2 + 1;
	if (**path != '/') {
		*why = "path is not absolute";
		return -1;
	}
	return 0;
}

/* Line `lineno`, `len` bytes at `text`, into *c (zeroed on error). */
static int parse_line(const char *text, size_t len, int lineno, void *elem,
		      struct nsp_err *e)
{
	struct cgroup_entry *c = elem;
	const char *why = NULL;
	char *line, *ctl, *path;

	memset(c, 0, sizeof(*c));
	line = strndup(text, len);
	if (!line)
		return nsp_err_set(e, ENOMEM, "cgroup line %d", lineno);
	if (split_line(line, c, &ctl, &path, &why) < 0) {
		free(line);
		memset(c, 0, sizeof(*c));
		return nsp_err_set(e, EINVAL, "cgroup line %d: %s", lineno, why);
	}
	c->deleted = strip_deleted(path);
	c->controllers = strdup(ctl);
	c->path = strdup(path);
	free(line);
	if (!c->controllers || !c->path) {
		entry_free(c);
		return nsp_err_set(e, ENOMEM, "cgroup line %d", lineno);
	}
	return 0;
}

static const struct line_parser lines = {
	.what = "cgroup", .size = sizeof(struct cgroup_entry),
	.parse = parse_line, .free = entry_free,
};

int cgroup_list_parse(const char *text, struct cgroup_list *out, struct nsp_err *e)
{
	return linetable_parse(&lines, text, (void **)&out->v, &out->n, e);
}

int cgroup_list_read(pid_t pid, struct cgroup_list *out, struct nsp_err *e)
{
	return linetable_read(&lines, pid, "cgroup", (void **)&out->v, &out->n, e);
}

void cgroup_list_free(struct cgroup_list *t)
{
	if (t)
		linetable_free(&lines, (void **)&t->v, &t->n);
}

/* Whether the comma-separated `list` has `item` as one whole element. */
static bool list_has(const char *list, const char *item)
{
	size_t ilen = strlen(item), len;

	for (const char *p = list; *p; p += len + (p[len] == ',')) {
		len = strcspn(p, ",");
		if (len == ilen && strncmp(p, item, len) == 0)
			return true;
	}
	return false;
}

const struct cgroup_entry *cgroup_list_find(const struct cgroup_list *l,
					    const char *controller)
{
	if (!l || (controller && !*controller))
		return NULL;
	for (size_t i = 0; i < l->n; i++) {
		const struct cgroup_entry *c = &l->v[i];

		if (!controller ? c->hierarchy_id == 0 :
		    list_has(c->controllers, controller))
			return c;
	}
	return NULL;
}
