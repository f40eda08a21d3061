// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Runtime mode: which entries run (a probe's --describe), what the
 * probes are told (the profile's policy, the launcher's namespaces and
 * root), and the cleanup of a container whose job was killed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/mountinfo.h"
#include "lib/nsfile.h"
#include "lib/policyenv.h"
#include "runner/rtint.h"
#include "runner/spawnwait.h"

extern char **environ;

/* Does `probe` have an inside role?  1 yes, 0 no, -1 with *e. */
static int has_inside(const struct rt_run *r, const char *probe, struct nsp_err *e)
{
	char path[PATH_MAX + 64], out[1024], *line;
	char *argv[] = { path, "--describe", NULL };
	int status;

	snprintf(path, sizeof(path), "%s/%s", r->probes, probe);
	if (spawn_wait(argv, NULL, out, sizeof(out), &status, e) < 0)
		return nsp_err_wrap(e, "probe %s --describe", probe);
	line = strstr(out, "inside: ");
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || !line ||
	    (line != out && line[-1] != '\n'))
		return nsp_err_set(e, EPROTO, "probe %s --describe: no inside line", probe);
	return strncmp(line + 8, "none", 4) != 0;
}

/* Keep entries whose probe has an inside role, each with --role inside. */
static int select_suite(const struct rt_run *r, struct suite *s, struct nsp_err *e)
{
	size_t kept = 0;
	int rc = 0;

	for (size_t i = 0; i < s->n; i++) {
		struct suite_entry *ent = &s->v[i];
		int in = rc < 0 ? 0 : has_inside(r, ent->argv[0], e);

		if (in < 0)
			rc = -1;
		if (in > 0 && rt_argv_append(&ent->argv, (char *const[]){ "--role", "inside",
									NULL }) < 0)
			rc = nsp_err_set(e, ENOMEM, "suite entry %s", ent->id);
		if (in > 0 && ent->argv)
			s->v[kept++] = *ent;
		else
			suite_entry_free(ent);
	}
	s->n = kept;
	return rc;
}

int rt_select(struct rt_run *r, struct suite *suites, size_t n, struct nsp_err *e)
{
	for (size_t i = 0; i < n; i++)
		if (select_suite(r, &suites[i], e) < 0)
			return -1;
	return 0;
}

static bool arg_given(const struct rt_run *r, const char *arg)
{
	for (size_t i = 0; i < r->opts->nargs; i++)
		if (!strcmp(r->opts->args[i], arg))
			return true;
	return false;
}

/* The profile's policy in force (an unless=ARG given lifts it), and
 * nothing left over from the caller's environment. */
static int export_policy(const struct rt_run *r, struct nsp_err *e)
{
	char name[96], *val;

	for (size_t i = 0; environ[i];)
		if (!strncmp(environ[i], POLICY_ENV_PREFIX, strlen(POLICY_ENV_PREFIX))) {
			snprintf(name, sizeof(name), "%.*s", (int)strcspn(environ[i], "="),
				 environ[i]);
			unsetenv(name);
		} else {
			i++;
		}
	if (setenv(POLICY_ENV_RUNTIME, r->prof.name, 1) < 0)
		return nsp_err_sys(e, "setenv " POLICY_ENV_RUNTIME);
	for (size_t i = 0; i < r->prof.npolicy; i++) {
		const struct rt_policy *p = &r->prof.policy[i];

		if (p->unless && arg_given(r, p->unless))
			continue;
		policy_env_name(p->fact, name, sizeof(name));
		if (asprintf(&val, "%s %s", p->value, p->why) < 0)
			return nsp_err_set(e, ENOMEM, "policy %s", p->fact);
		if (setenv(name, val, 1) < 0) {
			free(val);
			return nsp_err_sys(e, "setenv %s", name);
		}
		free(val);
	}
	return 0;
}

/* The references the probes judge against: our namespaces and root, as
 * they are now (rt_enter), or before the sandbox for a daemon's runtime. */
int rt_note_launcher(struct rt_run *r, struct nsp_err *e)
{
	static const char *const types[] = { "cgroup", "ipc", "mnt", "net", "pid", "time",
					     "user", "uts", NULL };
	struct mount_table mt = { 0 };
	const struct mount_entry *root;

	if (ns_describe(types, r->launcher, sizeof(r->launcher), e) < 0)
		return nsp_err_wrap(e, "NSHARNESS_LAUNCHER");
	if (mount_table_read(0, &mt, e) < 0)
		return nsp_err_wrap(e, "NSHARNESS_LAUNCHER_ROOT");
	root = mount_table_find(&mt, "/");
	if (root)
		snprintf(r->launcher_root, sizeof(r->launcher_root), "%u:%u %s", root->major,
			 root->minor, root->root);
	mount_table_free(&mt);
	return 0;
}

static int export_launcher(struct rt_run *r, struct nsp_err *e)
{
	if (!r->prof.daemon && rt_note_launcher(r, e) < 0)
		return -1;
	if (setenv("NSHARNESS_LAUNCHER", r->launcher, 1) < 0 ||
	    (r->launcher_root[0] && setenv("NSHARNESS_LAUNCHER_ROOT", r->launcher_root, 1) < 0))
		return nsp_err_sys(e, "setenv NSHARNESS_LAUNCHER");
	return 0;
}

int rt_enter(struct rt_run *r, struct nsp_err *e)
{
	/* Our sandbox's mounts are private to it; shared there, they give a
	 * runtime a shared root to start from, so its propagation policy
	 * (slave, private) shows.  Never done outside the sandbox. */
	if (ns_is_sandbox("mnt") && mount(NULL, "/", NULL, MS_REC | MS_SHARED, NULL) < 0)
		return nsp_err_sys(e, "make the sandbox's root shared");
	if (export_policy(r, e) < 0 || export_launcher(r, e) < 0)
		return -1;
	return 0;
}

void rt_job_end(struct rt_run *r, size_t idx, bool killed)
{
	char id[64], out[256];
	struct rt_subst s = { .id = id };
	struct nsp_err e;
	char **argv;
	int status;

	if (!killed || !r->prof.cleanup.w)
		return;
	snprintf(id, sizeof(id), "nsharness-%d-%zu", (int)getpid(), idx);
	argv = rt_words_argv(r, &r->prof.cleanup, &s, r->command);
	/* best effort: the run's cgroups and work directory go anyway */
	if (argv)
		spawn_wait(argv, NULL, out, sizeof(out), &status, &e);
	rt_command_free(argv);
}
