// SPDX-License-Identifier: GPL-2.0-or-later
#include "runner/profile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/file.h"

#define BLANKS " \t"

/* The next blank-separated word of *s (malloc'd), or NULL at the end. */
static char *next_word(const char **s)
{
	size_t n;
	char *w;

	*s += strspn(*s, BLANKS);
	n = strcspn(*s, BLANKS);
	if (!n)
		return NULL;
	w = strndup(*s, n);
	*s += n;
	return w;
}

static void words_free(struct rt_words *ws)
{
	for (size_t i = 0; i < ws->n; i++)
		free(ws->w[i]);
	free(ws->w);
	ws->w = NULL;
	ws->n = 0;
}

/* Every word left on the line; ENOMEM only. */
static int words_read(const char *s, struct rt_words *ws)
{
	char *w;

	words_free(ws);
	ws->w = calloc(1, sizeof(*ws->w));
	if (!ws->w)
		return -1;
	while ((w = next_word(&s))) {
		char **grown = realloc(ws->w, (ws->n + 2) * sizeof(*ws->w));

		if (!grown) {
			free(w);
			return -1;
		}
		ws->w = grown;
		ws->w[ws->n++] = w;
		ws->w[ws->n] = NULL;
	}
	return 0;
}

/* A single-word directive: exactly one word. */
static const char *one_word(const char *rest, char **out)
{
	struct rt_words ws = { 0 };
	const char *why = NULL;

	if (words_read(rest, &ws) < 0)
		return "out of memory";
	if (ws.n != 1)
		why = "wants exactly one word";
	else if (*out)
		why = "given twice";
	else
		*out = strdup(ws.w[0]);
	words_free(&ws);
	return why;
}

static const char *set_kind(struct rt_profile *p, const char *rest)
{
	static const char *const kinds[] = { [RT_CLI] = "cli", [RT_OCI] = "oci",
					     [RT_CORE] = "core" };
	char *w = NULL;
	const char *why = one_word(rest, &w);

	for (size_t i = 0; !why && i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(w, kinds[i]) == 0) {
			p->kind = (enum rt_kind)i;
			free(w);
			return NULL;
		}
	free(w);
	return why ? why : "kind is cli, oci or core";
}

static const char *set_yes_no(bool *flag, const char *rest, const char *bad)
{
	char *w = NULL;
	const char *why = one_word(rest, &w);

	if (!why && strcmp(w, "yes") && strcmp(w, "no"))
		why = bad;
	if (!why)
		*flag = strcmp(w, "yes") == 0;
	free(w);
	return why;
}

static bool known_type(const char *t)
{
	static const char *const types[] = { "pid", "net", "ipc", "uts", "mnt", "cgroup",
					     "user", "time" };

	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(t, types[i]) == 0)
			return true;
	return false;
}

/* "ns TYPE WORD..." and "ns-off TYPE WORD...": one entry per type. */
static const char *set_ns(struct rt_profile *p, const char *rest, bool off)
{
	char *type = next_word(&rest);
	struct rt_ns *ns;
	const char *why = NULL;

	if (!type || !known_type(type))
		why = "wants a namespace type (pid net ipc uts mnt cgroup user time)";
	else if (!(ns = (struct rt_ns *)rt_profile_ns(p, type)) && p->nns == RT_NS_MAX)
		why = "too many namespace types";
	if (why) {
		free(type);
		return why;
	}
	if (!ns) {
		ns = &p->ns[p->nns++];
		snprintf(ns->type, sizeof(ns->type), "%s", type);
	}
	free(type);
	if ((off ? ns->off.w : ns->on.w) || (!off && ns->always))
		return "given twice for this type";
	if (words_read(rest, off ? &ns->off : &ns->on) < 0)
		return "out of memory";
	if (!off && ns->on.n == 1 && strcmp(ns->on.w[0], "always") == 0) {
		ns->always = true;
		words_free(&ns->on);
	} else if (!off && ns->on.n == 1 && strcmp(ns->on.w[0], "default") == 0) {
		free(ns->on.w[0]);	/* made unless told otherwise: no word */
		ns->on.w[0] = NULL;
		ns->on.n = 0;
		return NULL;
	}
	if (!off && !ns->always && ns->on.n == 0)
		return "ns wants the words that ask for it (or always, or default)";
	return NULL;
}

/* "policy FACT VALUE [unless=ARG] WHY..." */
static const char *add_policy(struct rt_profile *p, const char *rest)
{
	struct rt_policy *grown = realloc(p->policy, (p->npolicy + 1) * sizeof(*grown)), *q;
	const char *save;

	if (!grown)
		return "out of memory";
	p->policy = grown;
	q = memset(&grown[p->npolicy], 0, sizeof(*q));
	q->fact = next_word(&rest);
	q->value = next_word(&rest);
	save = rest;
	q->unless = next_word(&rest);
	if (q->unless && strncmp(q->unless, "unless=", 7) == 0 && q->unless[7]) {
		memmove(q->unless, q->unless + 7, strlen(q->unless + 7) + 1);
	} else {
		free(q->unless);
		q->unless = NULL;
		rest = save;
	}
	rest += strspn(rest, BLANKS);
	q->why = strdup(rest);
	p->npolicy++;
	if (!q->fact || !q->value || !q->why || !*q->why)
		return "policy wants FACT VALUE [unless=ARG] WHY";
	return NULL;
}

/* "refuses cgroups=MODE WHY..." */
static const char *set_refuses(struct rt_profile *p, const char *rest)
{
	char *what = next_word(&rest);
	const char *mode = what && !strncmp(what, "cgroups=", 8) ? what + 8 : "";

	rest += strspn(rest, BLANKS);
	if (p->refuses_cgroups)
		mode = "";
	else if (strcmp(mode, "v1") && strcmp(mode, "v2") && strcmp(mode, "hybrid"))
		mode = "";
	else if (*rest)
		p->refuses_cgroups = strdup(mode), p->refuses_why = strdup(rest);
	free(what);
	return p->refuses_cgroups ? NULL : "refuses wants cgroups=v1|v2|hybrid WHY (once)";
}

static const char *directive(struct rt_profile *p, const char *key, const char *rest)
{
	static const struct {
		const char *key;
		size_t off;
	} lists[] = {
		{ "args", offsetof(struct rt_profile, args) },
		{ "bind", offsetof(struct rt_profile, bind) },
		{ "env", offsetof(struct rt_profile, env) },
		{ "exec", offsetof(struct rt_profile, exec) },
		{ "cleanup", offsetof(struct rt_profile, cleanup) },
		{ "defaults", offsetof(struct rt_profile, defaults) },
		{ "version", offsetof(struct rt_profile, version) },
		{ "spec", offsetof(struct rt_profile, spec) },
	};

	if (!strcmp(key, "name"))
		return one_word(rest, &p->name);
	if (!strcmp(key, "command"))
		return one_word(rest, &p->command);
	if (!strcmp(key, "package"))
		return one_word(rest, &p->package);
	if (!strcmp(key, "kind"))
		return set_kind(p, rest);
	if (!strcmp(key, "rootfs"))
		return set_yes_no(&p->rootfs, rest, "rootfs is yes or no");
	if (!strcmp(key, "daemon"))
		return set_yes_no(&p->daemon, rest, "daemon is yes or no");
	if (!strcmp(key, "ns") || !strcmp(key, "ns-off"))
		return set_ns(p, rest, key[2] == '-');
	if (!strcmp(key, "policy"))
		return add_policy(p, rest);
	if (!strcmp(key, "refuses"))
		return set_refuses(p, rest);
	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
		if (!strcmp(key, lists[i].key)) {
			struct rt_words *ws = (struct rt_words *)((char *)p + lists[i].off);

			if (ws->w)
				return "given twice";
			return words_read(rest, ws) < 0 ? "out of memory" : NULL;
		}
	return "unknown directive";
}

/* What every profile must say, and that its name is its file's. */
static const char *complete(const struct rt_profile *p, const char *path)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	size_t len;

	if (!p->name || !p->command)
		return "name and command are required";
	len = strlen(p->name);
	if (strncmp(base, p->name, len) || strcmp(base + len, ".profile"))
		return "name does not match the file name (NAME.profile)";
	for (size_t i = 0; i < p->defaults.n; i++)
		if (!rt_profile_ns(p, p->defaults.w[i]))
			return "defaults names a type with no ns line";
	if (p->kind == RT_OCI && !p->spec.w)
		return "an oci runtime needs a spec line";
	return NULL;
}

int rt_profile_parse(const char *text, const char *path, struct rt_profile *p,
		     struct nsp_err *e)
{
	const char *line = text, *why = NULL;
	int lineno = 0;

	memset(p, 0, sizeof(*p));
	p->path = strdup(path);
	while (line && *line && !why) {
		size_t len = strcspn(line, "\n");
		char *copy = strndup(line, len), *hash, *key;
		const char *rest = copy;

		lineno++;
		if (copy && (hash = strchr(copy, '#')))
			*hash = '\0';
		key = copy ? next_word(&rest) : NULL;
		why = !copy ? "out of memory" : key ? directive(p, key, rest) : NULL;
		free(key);
		free(copy);
		line = line[len] ? line + len + 1 : NULL;
	}
	if (why) {
		nsp_err_set(e, EINVAL, "%s:%d: %s", path, lineno, why);
	} else if ((why = complete(p, path))) {
		nsp_err_set(e, EINVAL, "%s: %s", path, why);
	}
	if (why)
		rt_profile_free(p);
	return why ? -1 : 0;
}

int rt_profile_load(const char *path, struct rt_profile *p, struct nsp_err *e)
{
	char *text = nsp_read_file(path, NULL, e);
	int rc;

	if (!text)
		return nsp_err_wrap(e, "runtime profile");
	rc = rt_profile_parse(text, path, p, e);
	free(text);
	return rc;
}

void rt_profile_free(struct rt_profile *p)
{
	struct rt_words *lists[] = { &p->version, &p->args, &p->bind, &p->env, &p->exec,
				     &p->cleanup, &p->defaults, &p->spec };

	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
		words_free(lists[i]);
	for (size_t i = 0; i < p->nns; i++) {
		words_free(&p->ns[i].on);
		words_free(&p->ns[i].off);
	}
	for (size_t i = 0; i < p->npolicy; i++) {
		free(p->policy[i].fact);
		free(p->policy[i].value);
		free(p->policy[i].why);
		free(p->policy[i].unless);
	}
	free(p->policy);
	free(p->refuses_cgroups);
	free(p->refuses_why);
	free(p->path);
	free(p->name);
	free(p->command);
	free(p->package);
	memset(p, 0, sizeof(*p));
}

const struct rt_ns *rt_profile_ns(const struct rt_profile *p, const char *type)
{
	for (size_t i = 0; i < p->nns; i++)
		if (strcmp(p->ns[i].type, type) == 0)
			return &p->ns[i];
	return NULL;
}
