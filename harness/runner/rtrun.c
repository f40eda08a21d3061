// SPDX-License-Identifier: GPL-2.0-or-later
#include "runner/rtrun.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/cglayout.h"
#include "lib/securepath.h"
#include "runner/rtint.h"
#include "runner/runner.h"
#include "runner/spawnwait.h"

/* The profile: NAME in the runtimes directory, or a path to a .profile. */
static int load_profile(struct rt_run *r, const char *name, const char *dir,
			struct nsp_err *e)
{
	char path[PATH_MAX + 64];

	if (strchr(name, '/'))
		snprintf(path, sizeof(path), "%s", name);
	else
		snprintf(path, sizeof(path), "%s/%s.profile", dir, name);
	if (!strchr(name, '/') && access(path, F_OK) < 0) {
		nsp_err_set(e, 0, "--runtime %s: no such runtime (no %s)", name, path);
		return NSH_EXIT_USAGE;
	}
	return rt_profile_load(path, &r->prof, e) < 0 ? NSH_EXIT_USAGE : 0;
}

/* The runtime's program (kind core: nsharness itself); as root from the
 * fixed secure path, never the caller's PATH (lib/securepath.h). */
static int find_command(struct rt_run *r, struct nsp_err *e)
{
	const char *name = r->prof.command;

	if (r->prof.kind == RT_CORE) {
		snprintf(r->command, sizeof(r->command), "%s", r->self);
		return 0;
	}
	if (nsp_find_program(name, r->command, sizeof(r->command), e) == 0)
		return 0;
	r->command[0] = '\0';
	nsp_err_set(e, ENOENT, "runtime %s: %s is not installed (not in %s%s%s)",
		    r->prof.name, name, nsp_program_path(),
		    r->prof.package ? "; Debian package " : "",
		    r->prof.package ? r->prof.package : "");
	return NSH_EXIT_UNAVAILABLE;
}

/* Its version line, for the report: also proves it runs at all. */
static int probe_version(struct rt_run *r, struct nsp_err *e)
{
	char **argv;
	char out[512];
	int status;

	if (!r->prof.version.w)
		return 0;	/* ours (core): the build we are */
	argv = rt_words_argv(r, &r->prof.version, NULL, r->command);
	if (!argv)
		return nsp_err_set(e, ENOMEM, "version command"), NSH_EXIT_INTERNAL;
	if (spawn_wait(argv, NULL, out, sizeof(out), &status, e) < 0) {
		rt_command_free(argv);
		nsp_err_wrap(e, "runtime %s", r->prof.name);
		return NSH_EXIT_UNAVAILABLE;
	}
	rt_command_free(argv);
	out[strcspn(out, "\n")] = '\0';
	snprintf(r->version, sizeof(r->version), "%.*s", (int)sizeof(r->version) - 1, out);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		nsp_err_set(e, 0, "runtime %s: `%s` does not run here: %s", r->prof.name,
			    r->command, out);
		return NSH_EXIT_UNAVAILABLE;
	}
	return 0;
}

/* A host the profile says the runtime refuses: not ours to judge. */
static int refused_here(const struct rt_run *r, struct nsp_err *e)
{
	struct cg_layout l;

	if (!r->prof.refuses_cgroups || cg_layout_detect(&l, e) < 0 ||
	    strcmp(cg_mode_name(l.mode), r->prof.refuses_cgroups))
		return 0;
	nsp_err_set(e, 0, "runtime %s cannot run on this host: its cgroups are %s (%s)",
		    r->prof.name, r->prof.refuses_cgroups, r->prof.refuses_why);
	return NSH_EXIT_UNAVAILABLE;
}

/* The namespaces to ask for: --runtime-ns LIST or the profile's defaults;
 * each needs an ns line, and one the runtime always makes cannot go. */
static int pick_namespaces(struct rt_run *r, struct nsp_err *e)
{
	const struct rt_profile *p = &r->prof;
	char list[128];
	size_t used = 0;

	snprintf(list, sizeof(list), "%s", r->opts->ns ? r->opts->ns : "");
	for (size_t i = 0; !r->opts->ns && i < p->defaults.n; i++)
		used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%s", i ? "," : "",
					 p->defaults.w[i]);
	for (char *save, *t = strtok_r(list, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		const struct rt_ns *ns = rt_profile_ns(p, t);

		if (!ns)
			return nsp_err_set(e, 0, "--runtime-ns: %s cannot make a %s "
					   "namespace (no ns line in %s)", p->name, t, p->path),
			       NSH_EXIT_USAGE;
		r->asked[ns - p->ns] = true;
	}
	used = 0;
	for (size_t i = 0; i < p->nns; i++) {
		if (!r->asked[i] && p->ns[i].always)
			return nsp_err_set(e, 0, "--runtime-ns: %s always makes a %s "
					   "namespace: it cannot be left out", p->name,
					   p->ns[i].type), NSH_EXIT_USAGE;
		if (r->asked[i])
			used += (size_t)snprintf(r->nslist + used, sizeof(r->nslist) - used,
						 "%s%s", used ? "," : "", p->ns[i].type);
	}
	if (!used)
		return nsp_err_set(e, 0, "--runtime-ns: no namespace asked for"),
		       NSH_EXIT_USAGE;
	return 0;
}

int rt_open(struct rt_run *r, const struct rt_opts *o, const char *runtimes_dir,
	    const char *probes_dir, struct nsp_err *e)
{
	ssize_t n;
	int rc;

	memset(r, 0, sizeof(*r));
	r->opts = o;
	snprintf(r->probes, sizeof(r->probes), "%s", probes_dir);
	n = readlink("/proc/self/exe", r->self, sizeof(r->self) - 1);
	if (n < 0)
		return nsp_err_sys(e, "readlink /proc/self/exe"), NSH_EXIT_INTERNAL;
	r->self[n] = '\0';
	if ((rc = load_profile(r, o->name, runtimes_dir, e)) ||
	    (rc = find_command(r, e)) || (rc = pick_namespaces(r, e)) ||
	    (rc = probe_version(r, e)) || (rc = refused_here(r, e)))
		return rc;
	if (rt_make_work(r, e) < 0 || (r->prof.daemon && rt_note_launcher(r, e) < 0))
		return NSH_EXIT_INTERNAL;
	if (r->prof.kind == RT_OCI && rt_oci_spec(r, e) < 0)
		return NSH_EXIT_UNAVAILABLE;
	return 0;
}

void rt_close(struct rt_run *r)
{
	rt_remove_work(r);
	rt_oci_free(r);
	rt_profile_free(&r->prof);
}

const char *rt_describe(const struct rt_run *r, char *buf, size_t len)
{
	snprintf(buf, len, "runtime %s: %s (%s), profile %s, namespaces %s", r->prof.name,
		 r->command, r->version[0] ? r->version : "this build", r->prof.path,
		 r->nslist);
	return buf;
}
