// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A job's command line under the runtime, from the profile's words:
 *
 *   cli, core:  COMMAND args [ns words] [binds] [env] exec PROBE --role inside
 *   oci:        COMMAND args            (the probe is in the bundle)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runner/rtint.h"
#include "runtime/cgroup.h"

#define RUNTIME_ARGS "{runtime-args}"

extern char **environ;

int rt_argv_append(char ***argv, char *const *more)
{
	size_t n = 0, m = 0;
	char **grown;

	while (*argv && (*argv)[n])
		n++;
	while (more && more[m])
		m++;
	grown = realloc(*argv, (n + m + 1) * sizeof(*grown));
	if (!grown)
		goto nomem;
	*argv = grown;
	for (size_t i = 0; i < m; i++, n++) {
		grown[n + 1] = NULL;
		if (!(grown[n] = strdup(more[i])))
			goto nomem;
	}
	grown[n] = NULL;
	return 0;
nomem:
	rt_command_free(*argv);
	*argv = NULL;
	return -1;
}

void rt_command_free(char **argv)
{
	for (size_t i = 0; argv && argv[i]; i++)
		free(argv[i]);
	free(argv);
}

/* `word` with every {key} of the table replaced (unknown keys stay). */
static char *subst(const char *word, const char *const keys[][2], size_t nkeys)
{
	size_t cap = strlen(word) + 1, len = 0;
	char *out = malloc(cap);

	while (out && *word) {
		const char *val = NULL;
		size_t klen = 0;

		for (size_t k = 0; *word == '{' && k < nkeys && !val; k++)
			if (keys[k][1] && !strncmp(word, keys[k][0], strlen(keys[k][0]))) {
				val = keys[k][1];
				klen = strlen(keys[k][0]);
			}
		if (!val) {
			val = word;
			klen = 1;
		}
		size_t vlen = val == word ? 1 : strlen(val);
		char *grown = len + vlen + 1 > cap ? realloc(out, cap = len + vlen + cap) : out;

		if (!grown) {
			free(out);
			return NULL;
		}
		out = grown;
		memcpy(out + len, val, vlen);
		len += vlen;
		word += klen;
	}
	if (out)
		out[len] = '\0';
	return out;
}

char **rt_words_argv(const struct rt_run *r, const struct rt_words *w,
		     const struct rt_subst *s, const char *cmd)
{
	static const struct rt_subst none;
	char state[PATH_MAX + 16];
	char **argv = calloc(1, sizeof(*argv));
	const char *head[] = { cmd, NULL };

	if (!s)
		s = &none;
	snprintf(state, sizeof(state), "%s/state", r->work);
	const char *const keys[][2] = {
		{ "{rootfs}", r->rootfs }, { "{state}", state }, { "{self}", r->self },
		{ "{nslist}", r->nslist }, { "{id}", s->id }, { "{bundle}", s->bundle },
		{ "{cgroup}", s->cgroup },
		{ "{src}", s->bind ? s->bind->src : NULL },
		{ "{dst}", s->bind ? s->bind->dst : NULL }, { "{name}", s->name },
	};

	if (cmd && rt_argv_append(&argv, (char *const *)head) < 0)
		return NULL;
	for (size_t i = 0; argv && i < w->n; i++) {
		char *word[2] = { NULL, NULL };

		if (!strcmp(w->w[i], RUNTIME_ARGS)) {
			if (rt_argv_append(&argv, (char *const *)r->opts->args) < 0)
				return NULL;
			continue;
		}
		word[0] = subst(w->w[i], keys, sizeof(keys) / sizeof(keys[0]));
		if (!word[0] || rt_argv_append(&argv, word) < 0) {
			free(word[0]);
			rt_command_free(argv);
			return NULL;
		}
		free(word[0]);
	}
	return argv;
}

/* Append the words of `w` (with `s`) to argv; -1 on ENOMEM. */
static int append_words(const struct rt_run *r, char ***argv, const struct rt_words *w,
			const struct rt_subst *s)
{
	char **more = rt_words_argv(r, w, s, NULL);
	int rc = more ? rt_argv_append(argv, more) : -1;

	rt_command_free(more);
	return rc;
}

static bool has_runtime_args(const struct rt_words *w)
{
	for (size_t i = 0; i < w->n; i++)
		if (!strcmp(w->w[i], RUNTIME_ARGS))
			return true;
	return false;
}

/* cli: the words that ask for, or leave out, each namespace. */
static int ns_words(const struct rt_run *r, char ***argv)
{
	for (size_t i = 0; i < r->prof.nns; i++) {
		const struct rt_words *w = r->asked[i] ? &r->prof.ns[i].on : &r->prof.ns[i].off;

		if (w->w && append_words(r, argv, w, NULL) < 0)
			return -1;
	}
	return 0;
}

/* rootfs runtimes: a bind word group per bind; every runtime with env
 * words: one group per NSHARNESS_* variable. */
static int bind_and_env_words(const struct rt_run *r, char ***argv)
{
	struct rt_bind b[RT_BINDS_MAX];
	size_t n = r->prof.rootfs && r->prof.bind.w ? rt_binds(r, b, RT_BINDS_MAX) : 0;

	for (size_t i = 0; i < n; i++)
		if (append_words(r, argv, &r->prof.bind, &(struct rt_subst){ .bind = &b[i] }) < 0)
			return -1;
	for (char **v = environ; r->prof.env.w && *v; v++) {
		char name[128];
		size_t len = strcspn(*v, "=");

		if (strncmp(*v, "NSHARNESS_", 10) || len >= sizeof(name))
			continue;
		snprintf(name, sizeof(name), "%.*s", (int)len, *v);
		if (append_words(r, argv, &r->prof.env, &(struct rt_subst){ .name = name }) < 0)
			return -1;
	}
	return 0;
}

char **rt_command(struct rt_run *r, const struct suite_entry *ent, size_t idx,
		  struct nsp_err *e)
{
	char id[64], bundle[PATH_MAX + 32], probe[PATH_MAX + 64], cg[CORE_CG_NAME_MAX + 32];
	struct rt_subst s = { .id = id, .bundle = bundle, .cgroup = cg };
	char **argv;

	if (rt_cgroup_path(cg, sizeof(cg), idx, e) < 0)
		return NULL;
	snprintf(id, sizeof(id), "nsharness-%d-%zu", (int)getpid(), idx);
	snprintf(bundle, sizeof(bundle), "%s/b%zu", r->work, idx);
	snprintf(probe, sizeof(probe), "%s/%s", r->prof.rootfs ? RT_PROBES_IN : r->probes,
		 ent->argv[0]);
	if (r->prof.kind == RT_OCI) {
		char *args[64] = { probe };

		for (size_t i = 1; ent->argv[i] && i < 63; i++)
			args[i] = ent->argv[i];
		if (rt_oci_bundle(r, bundle, args, idx, e) < 0)
			return NULL;
		argv = rt_words_argv(r, &r->prof.args, &s, r->command);
		return argv ? argv : (nsp_err_set(e, ENOMEM, "runtime command"), NULL);
	}
	argv = rt_words_argv(r, &r->prof.args, &s, r->command);
	if (!argv || (r->prof.kind == RT_CLI && ns_words(r, &argv) < 0) ||
	    bind_and_env_words(r, &argv) < 0 ||
	    (!has_runtime_args(&r->prof.args) &&
	     rt_argv_append(&argv, (char *const *)r->opts->args) < 0) ||
	    append_words(r, &argv, &r->prof.exec, &s) < 0 ||
	    rt_argv_append(&argv, (char *const[]){ probe, NULL }) < 0 ||
	    rt_argv_append(&argv, ent->argv + 1) < 0) {
		rt_command_free(argv);
		nsp_err_set(e, ENOMEM, "runtime command");
		return NULL;
	}
	return argv;
}
