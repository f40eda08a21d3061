// SPDX-License-Identifier: GPL-2.0-or-later
#include "runner/suite.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/file.h"

#define MAX_WORDS 64

struct words {
	int n;
	char *w[MAX_WORDS];
};

static void words_free(struct words *ws)
{
	for (int i = 0; i < ws->n; i++)
		free(ws->w[i]);
	ws->n = 0;
}

/* One shell-like word starting at *p; *p is left after it. */
static int next_word(const char **p, char **out, const char **why)
{
	const char *s = *p;
	size_t cap = strlen(s) + 1, n = 0;
	char *w = malloc(cap);

	if (!w) {
		*why = "out of memory";
		return -1;
	}
	while (*s && *s != ' ' && *s != '\t') {
		if (*s == '\'') {
			const char *end = strchr(s + 1, '\'');

			if (!end)
				goto unterminated;
			memcpy(w + n, s + 1, (size_t)(end - s - 1));
			n += (size_t)(end - s - 1);
			s = end + 1;
		} else if (*s == '"') {
			for (s++; *s && *s != '"'; s++) {
				if (*s == '\\' && (s[1] == '"' || s[1] == '\\'))
					s++;
				w[n++] = *s;
			}
			if (!*s)
				goto unterminated;
			s++;
		} else {
			if (*s == '\\' && s[1])
				s++;
			w[n++] = *s++;
		}
	}
	w[n] = '\0';
	*out = w;
	*p = s;
	return 0;
unterminated:
	free(w);
	*why = "unterminated quote";
	return -1;
}

static int split_line(const char *line, struct words *ws, const char **why)
{
	const char *p = line;

	ws->n = 0;
	for (;;) {
		p += strspn(p, " \t");
		if (!*p || *p == '#')
			return 0;
		if (ws->n == MAX_WORDS) {
			*why = "more than 64 words";
			words_free(ws);
			return -1;
		}
		if (next_word(&p, &ws->w[ws->n], why) < 0) {
			words_free(ws);
			return -1;
		}
		ws->n++;
	}
}

/* [A-Za-z0-9_.-]+, not starting with '.' or '-': never "..", a hidden
 * file or something that reads as an option. */
static bool valid_name(const char *s)
{
	if (!*s || *s == '.' || *s == '-')
		return false;
	for (; *s; s++)
		if (!(*s >= 'a' && *s <= 'z') && !(*s >= 'A' && *s <= 'Z') &&
		    !(*s >= '0' && *s <= '9') && *s != '_' && *s != '.' && *s != '-')
			return false;
	return true;
}

static int parse_timeout(const char *word, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(word + strlen("timeout="), &end);
	if (errno || end == word + strlen("timeout=") || *end || !(v > 0) || v > 86400)
		return -1;
	*out = v;
	return 0;
}

/* Take the words of one valid line into `ent`; the words are consumed. */
static int make_entry(struct words *ws, const struct suite *s,
		      struct suite_entry *ent, const char **why)
{
	int first = 1, argc;

	if (!valid_name(ws->w[0]))
		return *why = "entry name must be [A-Za-z0-9_.-]+, not starting with . or -", -1;
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->v[i].name, ws->w[0]) == 0)
			return *why = "duplicate entry name", -1;
	if (ws->n > 1 && strncmp(ws->w[1], "timeout=", 8) == 0) {
		if (parse_timeout(ws->w[1], &ent->timeout) < 0)
			return *why = "timeout= wants seconds, 0 < S <= 86400", -1;
		first = 2;
	}
	if (first >= ws->n)
		return *why = "no probe named after the entry name", -1;
	if (strchr(ws->w[first], '/') || !valid_name(ws->w[first]))
		return *why = "probe must be a plain program name ([A-Za-z0-9_.-]+, not starting with . or -)", -1;
	argc = ws->n - first;
	ent->argv = calloc((size_t)argc + 1, sizeof(char *));
	if (asprintf(&ent->id, "%s.%s", s->name, ws->w[0]) < 0)
		ent->id = NULL;
	if (!ent->argv || !ent->id)
		return *why = "out of memory", -1;
	ent->name = ws->w[0];
	for (int i = 0; i < argc; i++)
		ent->argv[i] = ws->w[first + i];
	for (int i = 1; i < first; i++)
		free(ws->w[i]);
	ws->n = 0;
	return 0;
}

void suite_entry_free(struct suite_entry *ent)
{
	free(ent->name);
	free(ent->id);
	for (char **a = ent->argv; a && *a; a++)
		free(*a);
	free(ent->argv);
}

static int add_line(struct suite *s, const char *line, int lineno,
		    const char **why)
{
	struct words ws;
	struct suite_entry ent = { .line = lineno }, *grown;

	if (split_line(line, &ws, why) < 0)
		return -1;
	if (ws.n == 0)
		return 0;
	if (make_entry(&ws, s, &ent, why) < 0) {
		free(ent.argv);
		free(ent.id);
		words_free(&ws);
		return -1;
	}
	grown = realloc(s->v, (s->n + 1) * sizeof(*s->v));
	if (!grown) {
		suite_entry_free(&ent);
		*why = "out of memory";
		return -1;
	}
	s->v = grown;
	s->v[s->n++] = ent;
	return 0;
}

char *suite_name_of(const char *path)
{
	const char *base = strrchr(path, '/');
	size_t len;

	base = base ? base + 1 : path;
	len = strlen(base);
	if (len > 6 && strcmp(base + len - 6, ".suite") == 0)
		len -= 6;
	return strndup(base, len);
}

int suite_parse(const char *text, const char *path, struct suite *s,
		struct nsp_err *e)
{
	const char *line = text, *why = NULL;
	int lineno = 0;

	memset(s, 0, sizeof(*s));
	s->name = suite_name_of(path);
	s->path = strdup(path);
	if (!s->name || !s->path)
		goto nomem;
	while (*line) {
		size_t len = strcspn(line, "\n");
		char *copy = strndup(line, len);

		lineno++;
		if (!copy)
			goto nomem;
		if (add_line(s, copy, lineno, &why) < 0) {
			free(copy);
			nsp_err_set(e, EINVAL, "%s:%d: %s", path, lineno,
				    why ? why : "bad line");
			suite_free(s);
			return -1;
		}
		free(copy);
		line += len + (line[len] == '\n');
	}
	return 0;
nomem:
	suite_free(s);
	return nsp_err_set(e, ENOMEM, "%s: parse", path);
}

/* What a suite file must not be, in words. */
static const char *file_kind(mode_t mode)
{
	return S_ISDIR(mode) ? "a directory" : S_ISFIFO(mode) ? "a FIFO" :
	       S_ISCHR(mode) || S_ISBLK(mode) ? "a device" : S_ISSOCK(mode) ? "a socket" :
	       "not a regular file";
}

/*
 * A regular file of at most SUITE_MAX_BYTES: opened without blocking (a
 * FIFO with no writer would hang the open) and checked on the open fd.
 */
static char *read_suite_file(const char *path, size_t *len, struct nsp_err *e)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	struct stat st;
	char *text = NULL;

	if (fd < 0) {
		nsp_err_sys(e, "open %s", path);
		return NULL;
	}
	if (fstat(fd, &st) < 0)
		nsp_err_sys(e, "stat %s", path);
	else if (!S_ISREG(st.st_mode))
		nsp_err_set(e, EINVAL, "%s: %s, not a regular file", path, file_kind(st.st_mode));
	else if (st.st_size > SUITE_MAX_BYTES)
		nsp_err_set(e, EFBIG, "%s is larger than %d bytes", path, SUITE_MAX_BYTES);
	else
		text = nsp_read_fd(fd, path, SUITE_MAX_BYTES, len, e);	/* it may grow */
	close(fd);
	return text;
}

int suite_load(const char *path, struct suite *s, struct nsp_err *e)
{
	size_t len;
	char *text = read_suite_file(path, &len, e);
	int rc;

	if (!text)
		return -1;
	if (strlen(text) != len) {
		free(text);
		return nsp_err_set(e, EINVAL, "%s: contains a NUL byte", path);
	}
	rc = suite_parse(text, path, s, e);
	free(text);
	return rc;
}

void suite_free(struct suite *s)
{
	for (size_t i = 0; i < s->n; i++)
		suite_entry_free(&s->v[i]);
	free(s->v);
	free(s->name);
	free(s->path);
	memset(s, 0, sizeof(*s));
}
