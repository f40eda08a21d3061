// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nsharness — run the nsprobe suites and report TAP.
 *
 * Exit status: 0 nothing failed; 1 a check failed (the kernel is wrong);
 * 2 something broke (a probe crashed, timed out or reported broken), 3
 * both; 64 bad command line; 65 malformed suite file or unknown probe; 66
 * no such suite; 70 the runner itself failed; 73 --tap, --junit or --kcidb FILE
 * cannot be written; 128+N interrupted by signal N.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runner/cliopt.h"
#include "runner/exec.h"
#include "runner/bench.h"
#include "runtime/cgroup.h"
#include "lib/file.h"
#include "lib/needs.h"
#include "lib/nsfile.h"
#include "lib/runid.h"
#include "runner/paths.h"
#include "runner/rtrun.h"
#include "runner/runner.h"
#include "runner/sandbox.h"
#include "runner/suite.h"

#define RUNTIME_ARGS_MAX 32

struct cli {
	struct runner_opts run;
	const char *tap_path;
	bool list;
	bool no_sandbox;
	char **suite_args;
	int nsuite_args;
	struct rt_opts rt;	/* --runtime NAME: rt.name set */
	const char *rt_args[RUNTIME_ARGS_MAX + 1];
};

/* --runtime: the run under a container runtime (rtrun.h); global so the
 * sandbox's outer process can remove its work directory at exit. */
static struct rt_run runtime;

static void usage(FILE *f)
{
	fputs("usage: nsharness exec [OPTIONS] -- CMD [ARG...]   (see nsharness exec --help)\n"
	      "       nsharness bench [-n RUNS] [--case NAME]...\n"
	      "       nsharness [-j N] [--timeout S] [--filter GLOB] [--tap FILE]\n"
	      "                        [--junit FILE] [--kcidb FILE] [--tap-version 13|14]\n"
	      "                        [--list]\n"
	      "                        [--no-sandbox] [--runtime NAME [--runtime-arg ARG]...\n"
	      "                        [--runtime-ns LIST]] [SUITE...]\n"
	      "\n"
	      "Runs the probe programs listed in suite files and writes TAP.\n"
	      "SUITE is a suite name (\"uts\") or a path to a .suite file; with\n"
	      "none, every suite found is run.\n"
	      "\n"
	      "  -j, --jobs N          entries run at once (default: CPUs)\n"
	      "  -t, --timeout S       per-entry limit in seconds (default 60)\n"
	      "  -f, --filter GLOB     only entries whose SUITE.NAME matches\n"
	      "      --tap FILE        also write the TAP stream to FILE\n"
	      "      --junit FILE      write JUnit XML to FILE\n"
	      "      --kcidb FILE      write a KCIDB submission (JSON) to FILE\n"
	      "      --tap-version V   13 (default, what prove reads) or 14\n"
	      "  -l, --list            list the selected entries and exit\n"
	      "      --no-sandbox      run probes in the caller's namespaces\n"
	      "      --runtime NAME    every probe with an inside role, run with --role\n"
	      "                        inside under that runtime (core, unshare, bwrap,\n"
	      "                        runc, crun, podman, docker; runtimes/NAME.profile)\n"
	      "      --runtime-arg ARG one more argument for the runtime (repeatable)\n"
	      "      --runtime-ns LIST the namespaces to ask it for (default: its profile's)\n"
	      "  -h, --help            this text\n"
	      "\n"
	      "Exit: 0 pass, 1 a check failed, 2 broken/timeout, 3 both, 64 usage,\n"
	      "65 bad suite, 66 no such suite or nothing selected, 69 runtime not\n"
	      "installed or cannot run,\n"
	      "70 internal, 73 output not writable, 77 (root) a probe or suite\n"
	      "directory others may change,\n"
	      "128+N signal N.\n", f);
}

static int parse_positive(const char *s, long max, long *out)
{
	return nsp_parse_long(s, 1, max, out) < 0 ? -1 : 0;
}

/* The options that check their argument: -1 refused, the message printed. */
static int set_jobs(void *ctx, const char *arg)
{
	struct cli *c = ctx;
	long v;

	if (parse_positive(arg, 1024, &v) < 0)
		return fprintf(stderr, "nsharness: -j wants 1..1024, not '%s'\n", arg), -1;
	c->run.jobs = (int)v;
	return 0;
}

static int set_timeout(void *ctx, const char *arg)
{
	struct cli *c = ctx;
	long v;

	if (parse_positive(arg, 86400, &v) < 0)
		return fprintf(stderr, "nsharness: --timeout wants seconds 1..86400, not '%s'\n",
			       arg), -1;
	c->run.timeout = (double)v;
	return 0;
}

static int set_tap_version(void *ctx, const char *arg)
{
	struct cli *c = ctx;

	if (strcmp(arg, "13") && strcmp(arg, "14"))
		return fprintf(stderr, "nsharness: --tap-version is 13 or 14, not '%s'\n", arg), -1;
	c->run.tap_version = arg[1] == '3' ? 13 : 14;
	return 0;
}

static int add_runtime_arg(void *ctx, const char *arg)
{
	struct cli *c = ctx;

	if (c->rt.nargs == RUNTIME_ARGS_MAX)
		return fprintf(stderr, "nsharness: at most %d --runtime-arg\n", RUNTIME_ARGS_MAX), -1;
	c->rt_args[c->rt.nargs++] = arg;
	return 0;
}

static int show_help(void *ctx, const char *arg)
{
	(void)ctx;
	(void)arg;
	usage(stdout);
	exit(0);
}

#define CALL(NAME, LETTER, FN) CLIOPT_CALL(NAME, LETTER, required_argument, FN)
#define KEEP(NAME, LETTER, FIELD) CLIOPT_KEEP(NAME, LETTER, struct cli, FIELD)
#define FLAG(NAME, LETTER, FIELD) CLIOPT_FLAG(NAME, LETTER, struct cli, FIELD)

static const struct cliopt cli_options[] = {
	/* which entries, how */
	CALL("jobs", 'j', set_jobs), CALL("timeout", 't', set_timeout),
	KEEP("filter", 'f', run.filter), FLAG("list", 'l', list),
	FLAG("no-sandbox", 0, no_sandbox),
	/* the reports */
	KEEP("tap", 0, tap_path), KEEP("junit", 0, run.junit_path),
	KEEP("kcidb", 0, run.kcidb_path), CALL("tap-version", 0, set_tap_version),
	/* under a container runtime */
	KEEP("runtime", 0, rt.name), CALL("runtime-arg", 0, add_runtime_arg),
	KEEP("runtime-ns", 0, rt.ns),
	CLIOPT_CALL("help", 'h', no_argument, show_help),
};

static int parse_args(int argc, char **argv, struct cli *c)
{
	int first = cliopt_parse(cli_options, sizeof(cli_options) / sizeof(cli_options[0]),
				 argc, argv, c);

	if (first < 0)
		return -1;
	c->suite_args = argv + first;
	c->nsuite_args = argc - first;
	c->rt.args = c->rt_args;
	if (!c->rt.name && (c->rt.nargs || c->rt.ns))
		return fprintf(stderr, "nsharness: --runtime-arg and --runtime-ns need "
			       "--runtime\n"), -1;
	return 0;
}

/* A SUITE argument: a path if it has a '/' or exists, else a name. */
static int resolve_suite(const char *arg, const char *dir, char **path)
{
	struct stat st;

	if (strchr(arg, '/') || stat(arg, &st) == 0)
		*path = strdup(arg);
	else if (asprintf(path, "%s/%s.suite", dir, arg) < 0)
		*path = NULL;
	return *path ? 0 : -1;
}

/* Every probe a suite names must exist before anything runs. */
static int check_probes(const struct suite *s, const char *probes_dir,
			struct nsp_err *e)
{
	for (size_t i = 0; i < s->n; i++) {
		char path[8192];

		snprintf(path, sizeof(path), "%s/%s", probes_dir, s->v[i].argv[0]);
		if (access(path, X_OK) < 0)
			return nsp_err_sys(e, "%s:%d: probe %s", s->path, s->v[i].line,
					   s->v[i].argv[0]);
	}
	return 0;
}

static int load_suites(const struct cli *c, const struct nsp_paths *p,
		       struct suite **out, size_t *n)
{
	char **paths = NULL;
	size_t np = 0;
	struct nsp_err e;
	struct suite *suites;
	int rc = 0;

	if (c->nsuite_args == 0) {
		if (paths_list_suites(p->suites, &paths, &np, &e) < 0)
			return fprintf(stderr, "nsharness: %s: %s\n", e.msg, strerror(e.errnum)), NSH_EXIT_NOINPUT;
	} else {
		paths = calloc((size_t)c->nsuite_args, sizeof(*paths));
		for (int i = 0; paths && i < c->nsuite_args; i++)
			if (resolve_suite(c->suite_args[i], p->suites, &paths[np++]) < 0)
				return NSH_EXIT_INTERNAL;
	}
	if (np == 0) {
		fprintf(stderr, "nsharness: no suite files in %s\n", p->suites);
		paths_free_list(paths, np);
		return NSH_EXIT_NOINPUT;
	}
	suites = calloc(np, sizeof(*suites));
	for (size_t i = 0; suites && i < np && rc == 0; i++) {
		char buf[1024];

		if (suite_load(paths[i], &suites[i], &e) < 0)
			rc = e.errnum == ENOENT ? NSH_EXIT_NOINPUT : NSH_EXIT_SUITE;
		else if (check_probes(&suites[i], p->probes, &e) < 0)
			rc = NSH_EXIT_SUITE;
		if (rc)
			fprintf(stderr, "nsharness: %s\n", nsp_err_str(&e, buf, sizeof(buf)));
		*n = i + 1;
	}
	paths_free_list(paths, np);
	*out = suites;
	return suites ? rc : NSH_EXIT_INTERNAL;
}

static FILE *open_output(const char *path)
{
	FILE *f = fopen(path, "we");

	if (!f)
		fprintf(stderr, "nsharness: open %s for writing: %s\n", path, strerror(errno));
	return f;
}

/* A run that would run nothing is an input error, not a success. */
static int check_selected(const struct cli *c, const struct suite *s, size_t n)
{
	size_t total = 0, selected = 0;

	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < s[i].n; k++, total++)
			selected += runner_selected(&c->run, &s[i].v[k]) != 0;
	if (selected)
		return 0;
	if (total == 0)
		fprintf(stderr, "nsharness: nothing to run: %s%s has no entries\n",
			n == 1 ? s[0].path : "every suite", n == 1 ? "" : " given");
	else
		fprintf(stderr, "nsharness: nothing to run: --filter '%s' matches none of "
			"the %zu entries\n", c->run.filter ? c->run.filter : "", total);
	return NSH_EXIT_NOINPUT;
}

static void list_entries(const struct cli *c, const struct suite *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < s[i].n; k++)
			if (runner_selected(&c->run, &s[i].v[k]))
				printf("%s\n", s[i].v[k].id);
}

/* Cgroups live outside every namespace: this run's tree goes on every
 * exit path (the sandbox's outer process calls this after its child). */
static void remove_run_cgroups(void)
{
	struct nsp_err e;
	char buf[NSP_ERR_MSG_MAX + 64];

	rt_remove_work(&runtime);
	if (core_cgroup_remove_run(&e) < 0)
		fprintf(stderr, "nsharness: remove this run's cgroups: %s\n",
			nsp_err_str(&e, buf, sizeof(buf)));
}

/* What the stale cleaning left alone, for the TAP stream's head: trees
 * of runs in pid namespaces this one cannot see (a run nested in a CI
 * container) are not ours to judge, and that is no fault of the run. */
static char stale_note[NSP_ERR_MSG_MAX + 64];

/* Our identity names our groups and those of our probes, also from inside
 * the sandbox (lib/runid.h); groups of runs proved gone (SIGKILL, crash)
 * go before we start. */
static void prepare_cgroups(void)
{
	struct core_stale stale;
	struct nsp_err e = { 0 };
	char buf[NSP_ERR_MSG_MAX + 64], id[RUN_ID_MAX];
	struct run_id self;

	if (run_id_self(&self, &e) == 0 && run_id_format(&self, id, sizeof(id), &e) == 0)
		setenv(RUN_ID_ENV, id, 1);
	else
		fprintf(stderr, "nsharness: this run's identity: %s\n",
			nsp_err_str(&e, buf, sizeof(buf)));
	if (core_cgroup_clean_stale(&stale, &e) < 0)
		fprintf(stderr, "nsharness: clean stale cgroups: %s\n",
			nsp_err_str(&e, buf, sizeof(buf)));
	if (stale.removed)
		fprintf(stderr, "nsharness: removed %u stale cgroup(s) of dead runs\n", stale.removed);
	if (stale.unjudged)
		snprintf(stale_note, sizeof(stale_note), "stale cgroups: %u tree(s) of runs "
			 "in pid namespaces this one cannot see were left alone", stale.unjudged);
}

/* As root, the run happens in the sandbox; without privilege it cannot,
 * and the probes will skip what needs root. */
static int enter_sandbox(const struct cli *c)
{
	char why[128];
	struct nsp_err e;
	char buf[1024];

	prepare_cgroups();
	/* rootless: a user namespace makes the sandbox possible; where user
	 * namespaces are off, probes run as they are and skip what needs root */
	if (!c->no_sandbox && !need_sys_admin(why, sizeof(why)) &&
	    sandbox_enter_user(&e) < 0)
		fprintf(stderr, "nsharness: no sandbox without root: %s\n",
			nsp_err_str(&e, buf, sizeof(buf)));
	if (c->no_sandbox || !need_sys_admin(why, sizeof(why))) {
		unsetenv("NSHARNESS_SANDBOX");
		/* orphans of our probes come back to us to be reaped */
		prctl(PR_SET_CHILD_SUBREAPER, 1);
		return 0;
	}
	if (sandbox_enter(remove_run_cgroups, &e) == 0)
		return 0;
	fprintf(stderr, "nsharness: %s\n", nsp_err_str(&e, buf, sizeof(buf)));
	return NSH_EXIT_INTERNAL;
}

/* Outputs are opened before anything runs: a run whose report cannot be
 * written is not started.  The KCIDB file's view of the machine is taken
 * now, as the caller sees it, before the sandbox. */
static int open_outputs(struct cli *c, struct kcidb_run *kr)
{
	struct nsp_err e;

	if ((c->tap_path && !(c->run.tap_copy = open_output(c->tap_path))) ||
	    (c->run.junit_path && !(c->run.junit = open_output(c->run.junit_path))) ||
	    (c->run.kcidb_path && !(c->run.kcidb = open_output(c->run.kcidb_path))))
		return NSH_EXIT_CANTCREAT;
	if (!c->run.kcidb)
		return 0;
	if (kcidb_run_init(kr, &e) < 0) {
		fprintf(stderr, "nsharness: KCIDB: %s\n", e.msg);
		return NSH_EXIT_INTERNAL;
	}
	c->run.kcidb_run = kr;
	return 0;
}

/* --runtime: the profile, the runtime itself, the entries it runs. */
static int open_runtime(struct cli *c, const struct nsp_paths *p, struct suite *s, size_t n)
{
	char dir[4096], buf[NSP_ERR_MSG_MAX + 64];
	struct nsp_err e = { 0 };
	int rc;

	if (paths_find_runtimes(dir, sizeof(dir), &e) < 0)
		rc = NSH_EXIT_NOINPUT;
	else if ((rc = rt_open(&runtime, &c->rt, dir, p->probes, &e)) == 0 &&
		 rt_select(&runtime, s, n, &e) < 0)
		rc = NSH_EXIT_INTERNAL;
	if (rc) {
		fprintf(stderr, "nsharness: %s\n", nsp_err_str(&e, buf, sizeof(buf)));
		return rc;
	}
	c->run.rt = &runtime;
	return 0;
}

/* In the sandbox: what the probes under the runtime are told, and the
 * header's note (the runtime, and why stale groups were not cleaned). */
static int enter_runtime(struct cli *c, char *note, size_t len)
{
	char buf[NSP_ERR_MSG_MAX + 64], what[PATH_MAX * 2 + 256];
	struct nsp_err e = { 0 };

	if (!c->run.rt)
		return 0;
	if (rt_enter(&runtime, &e) < 0) {
		fprintf(stderr, "nsharness: --runtime %s: %s\n", runtime.prof.name,
			nsp_err_str(&e, buf, sizeof(buf)));
		return NSH_EXIT_INTERNAL;
	}
	snprintf(note, len, "%s%s%s", rt_describe(&runtime, what, sizeof(what)),
		 stale_note[0] ? "\n# " : "", stale_note);
	c->run.note = note;
	return 0;
}

/* Everything before a run: the suites, the runtime, the selection, and
 * --list.  0 to go on; else the exit status. */
static int prepare(struct cli *c, struct nsp_paths *paths, struct suite **suites, size_t *n)
{
	struct nsp_err e;
	int rc;

	if (c->run.jobs < 1)
		c->run.jobs = 1;
	if (paths_find(paths, &e) < 0) {
		fprintf(stderr, "nsharness: %s\n", e.msg);
		return e.errnum == EPERM ? NSH_EXIT_NOPERM : NSH_EXIT_NOINPUT;
	}
	c->run.probes_dir = paths->probes;
	rc = load_suites(c, paths, suites, n);
	if (rc == 0 && c->rt.name)
		rc = open_runtime(c, paths, *suites, *n);
	if (rc == 0)
		rc = check_selected(c, *suites, *n);
	if (rc == 0 && c->list)
		list_entries(c, *suites, *n);
	return rc;
}

/* The run: its outputs, the sandbox, the runtime, the entries, and this
 * run's cgroups removed.  The exit status. */
static int run(struct cli *c, struct suite *suites, size_t n)
{
	struct runner_totals totals;
	struct kcidb_run kcidb_run;
	char note[PATH_MAX * 2 + 1024];
	int rc = open_outputs(c, &kcidb_run);

	if (rc)
		return rc;
	rc = enter_sandbox(c);
	c->run.note = stale_note[0] ? stale_note : NULL;
	if (rc == 0)
		rc = enter_runtime(c, note, sizeof(note));
	if (rc == 0)
		rc = runner_run(&c->run, suites, n, &totals);
	if (rc != NSH_EXIT_INTERNAL && !ns_is_sandbox("pid"))
		remove_run_cgroups();	/* inside the sandbox: the outer one does */
	return rc;
}

/* Close what the run wrote (a failed close is an internal error when
 * nothing else went wrong), free the suites, close the runtime. */
static int finish(struct cli *c, struct suite *suites, size_t n, int rc)
{
	FILE *outputs[] = { c->run.tap_copy, c->run.junit, c->run.kcidb };

	for (size_t i = 0; i < sizeof(outputs) / sizeof(outputs[0]); i++)
		if (outputs[i] && fclose(outputs[i]) != 0)
			rc = rc ? rc : NSH_EXIT_INTERNAL;
	for (size_t i = 0; i < n; i++)
		suite_free(&suites[i]);
	free(suites);
	rt_close(&runtime);
	return rc;
}

int main(int argc, char **argv)
{
	struct cli c = { .run = { .jobs = (int)sysconf(_SC_NPROCESSORS_ONLN),
				  .timeout = 60, .tap_version = 13 } };
	struct suite *suites = NULL;
	struct nsp_paths paths;
	size_t n = 0;
	int rc;

	if (argc > 1 && strcmp(argv[1], "exec") == 0)
		return exec_main(argc - 1, argv + 1);
	if (argc > 1 && strcmp(argv[1], "bench") == 0)
		return bench_main(argc - 1, argv + 1);
	if (parse_args(argc, argv, &c) < 0) {
		fputs("Try 'nsharness --help' for more information.\n", stderr);
		return NSH_EXIT_USAGE;
	}
	rc = prepare(&c, &paths, &suites, &n);
	if (rc == 0 && !c.list)
		rc = run(&c, suites, n);
	return finish(&c, suites, n, rc);
}
