// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * /proc/<pid>/mountinfo parser.
 *
 * Fields are separated by exactly one space, and a field may be empty: a
 * tmpfs mounted with an empty source gives "- tmpfs  rw" (two spaces).  So
 * we split on every single space instead of skipping runs of blanks, which
 * would shift every later field.  Each line is copied once, cut in place,
 * and the fields we keep are duplicated into the entry.
 */
#include "lib/mountinfo.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/file.h"
#include "lib/linetable.h"

/* Walks the fields of one writable line copy, cutting each in place. */
struct fields {
	char *next;		/* start of the next field, NULL at the end */
};

static char *next_field(struct fields *f)
{
	char *field = f->next, *sp;

	if (!field)
		return NULL;
	sp = strchr(field, ' ');
	if (sp) {
		*sp = '\0';
		f->next = sp + 1;
	} else {
		f->next = NULL;
	}
	return field;
}

static int parse_int(const char *s, long min, int *out)
{
	long v;

	if (nsp_parse_long(s, min, INT_MAX, &v) < 0)
		return -1;
	*out = (int)v;
	return 0;
}

/* "98:0" into major and minor. */
static int parse_devno(char *s, unsigned int *major, unsigned int *minor)
{
	char *colon = strchr(s, ':');
	int ma, mi;

	if (!colon)
		return -1;
	*colon = '\0';
	if (parse_int(s, 0, &ma) < 0 || parse_int(colon + 1, 0, &mi) < 0)
		return -1;
	*major = (unsigned int)ma;
	*minor = (unsigned int)mi;
	return 0;
}

static bool is_octal(char c)
{
	return c >= '0' && c <= '7';
}

/* Checks every escape first, so that a bad string is left untouched. */
static bool escapes_valid(const char *s)
{
	for (; *s; s++) {
		if (*s != '\\')
			continue;
		/* && stops at the first non-octal, so we never pass the NUL */
		if (!is_octal(s[1]) || !is_octal(s[2]) || !is_octal(s[3]))
			return false;
		/* \000 would cut the string; above \377 is not a byte */
		if ((s[1] == '0' && s[2] == '0' && s[3] == '0') || s[1] > '3')
			return false;
		s += 3;
	}
	return true;
}

int mountinfo_unescape(char *s)
{
	char *r = s, *w = s;

	if (!s || !escapes_valid(s))
		return -1;
	while (*r) {
		if (*r != '\\') {
			*w++ = *r++;
			continue;
		}
		*w++ = (char)((r[1] - '0') * 64 + (r[2] - '0') * 8 + (r[3] - '0'));
		r += 4;
	}
	*w = '\0';
	return 0;
}

/*
 * One optional field.  A known tag with a bad number is an error; a tag we
 * do not know is counted and skipped, as proc(5) asks.  Peer group ids
 * start at 1, and 0 means "absent" in struct mount_entry, so 0 is bad.
 */
static int parse_tag(char *tag, struct mount_entry *m, const char **why)
{
	static const struct {
		const char *name;
		size_t offset;
	} tags[] = {
		{ "shared", offsetof(struct mount_entry, shared) },
		{ "master", offsetof(struct mount_entry, master) },
		{ "propagate_from", offsetof(struct mount_entry, propagate_from) },
	};
	char *colon = strchr(tag, ':');
	int *slot;

	if (strcmp(tag, "unbindable") == 0) {
		m->unbindable = true;
		return 0;
	}
	for (size_t i = 0; colon && i < sizeof(tags) / sizeof(tags[0]); i++) {
		if (strlen(tags[i].name) != (size_t)(colon - tag) ||
		    strncmp(tag, tags[i].name, (size_t)(colon - tag)) != 0)
			continue;
		slot = (int *)((char *)m + tags[i].offset);
		if (*slot) {
			*why = "repeated optional field";
			return -1;
		}
		if (parse_int(colon + 1, 1, slot) < 0) {
			*why = "bad number in optional field";
			return -1;
		}
		return 0;
	}
	m->unknown_tags++;
	return 0;
}

/* The raw text of fields (1)..(11) of one line, cut in place. */
struct raw_line {
	char *id, *parent, *devno, *root, *mount_point, *mount_opts;
	char *fstype, *source, *super_opts;
};

/* Splits the line, handling the optional fields on the way. */
static int split_line(char *line, struct raw_line *r, struct mount_entry *m,
		      const char **why)
{
	struct fields f = { line };
	char **fixed[] = { &r->id, &r->parent, &r->devno, &r->root,
			   &r->mount_point, &r->mount_opts };
	char *tag;

	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		if (!(*fixed[i] = next_field(&f))) {
			*why = "too few fields";
			return -1;
		}
	while ((tag = next_field(&f)) && strcmp(tag, "-") != 0)
		if (parse_tag(tag, m, why) < 0)
			return -1;
	if (!tag) {
		*why = "missing '-' separator";
		return -1;
	}
	r->fstype = next_field(&f);
	r->source = next_field(&f);
	r->super_opts = next_field(&f);
	if (!r->super_opts) {
		*why = "too few fields after '-'";
		return -1;
	}
	if (f.next) {
		*why = "too many fields after '-'";
		return -1;
	}
	return 0;
}

/* Numbers and escapes of a split line; only the source may be empty. */
static int check_line(struct raw_line *r, struct mount_entry *m, const char **why)
{
	if (parse_int(r->id, 0, &m->mount_id) < 0 ||
	    parse_int(r->parent, 0, &m->parent_id) < 0) {
		*why = "bad mount id";
		return -1;
	}
	if (parse_devno(r->devno, &m->major, &m->minor) < 0) {
		*why = "bad major:minor";
		return -1;
	}
	if (!*r->root || !*r->mount_point || !*r->mount_opts || !*r->fstype ||
	    !*r->super_opts) {
		*why = "empty field";
		return -1;
	}
	if (mountinfo_unescape(r->root) < 0 ||
	    mountinfo_unescape(r->mount_point) < 0 ||
	    mountinfo_unescape(r->source) < 0) {
		*why = "bad octal escape";
		return -1;
	}
	return 0;
}

/* void *: the line table's free for one element. */
static void entry_free(void *elem)
{
	struct mount_entry *m = elem;

	free(m->root);
	free(m->mount_point);
	free(m->mount_opts);
	free(m->fstype);
	free(m->source);
	free(m->super_opts);
	memset(m, 0, sizeof(*m));
}

/* Copies the strings out of the line; on ENOMEM nothing is kept. */
static int entry_fill(struct mount_entry *m, const struct raw_line *r)
{
	m->root = strdup(r->root);
	m->mount_point = strdup(r->mount_point);
	m->mount_opts = strdup(r->mount_opts);
	m->fstype = strdup(r->fstype);
	m->source = strdup(r->source);
	m->super_opts = strdup(r->super_opts);
	if (m->root && m->mount_point && m->mount_opts && m->fstype &&
	    m->source && m->super_opts)
		return 0;
	entry_free(m);
	return -1;
}

/* Line `lineno`, `len` bytes at `text`, into *m (zeroed on error). */
static int parse_line(const char *text, size_t len, int lineno, void *elem,
		      struct nsp_err *e)
{
	struct mount_entry *m = elem;
	const char *why = NULL;
	struct raw_line r;
	char *line;
	int ret;

	memset(m, 0, sizeof(*m));
	line = strndup(text, len);
	if (!line)
		return nsp_err_set(e, ENOMEM, "mountinfo line %d", lineno);
	ret = split_line(line, &r, m, &why);
	if (ret == 0)
		ret = check_line(&r, m, &why);
	if (ret == 0 && entry_fill(m, &r) < 0) {
		free(line);
		return nsp_err_set(e, ENOMEM, "mountinfo line %d", lineno);
	}
	free(line);
	if (ret < 0) {
		memset(m, 0, sizeof(*m));
		return nsp_err_set(e, EINVAL, "mountinfo line %d: %s", lineno, why);
	}
	return 0;
}

static const struct line_parser lines = {
	.what = "mountinfo", .size = sizeof(struct mount_entry),
	.parse = parse_line, .free = entry_free,
};

int mount_table_parse(const char *text, struct mount_table *out, struct nsp_err *e)
{
	return linetable_parse(&lines, text, (void **)&out->v, &out->n, e);
}

int mount_table_read(pid_t pid, struct mount_table *out, struct nsp_err *e)
{
	return linetable_read(&lines, pid, "mountinfo", (void **)&out->v, &out->n, e);
}

void mount_table_free(struct mount_table *t)
{
	if (t)
		linetable_free(&lines, (void **)&t->v, &t->n);
}

const struct mount_entry *mount_table_find(const struct mount_table *t,
					   const char *path)
{
	if (!t || !path)
		return NULL;
	/* Later lines are mounted on top of earlier ones at the same place. */
	for (size_t i = t->n; i > 0; i--)
		if (strcmp(t->v[i - 1].mount_point, path) == 0)
			return &t->v[i - 1];
	return NULL;
}
