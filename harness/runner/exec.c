// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nsharness exec — run CMD in a new minimal container built by the runtime
 * core, or with --join in an existing process's namespaces, and exit with
 * CMD's status (128+N when a signal N killed it).
 *
 * Exit status when CMD did not run: 64 bad command line, 125 the container
 * could not be set up (the message names the step and errno), 126 CMD
 * cannot be executed, 127 CMD not found.
 */
#include "runner/exec.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "runner/exec_args.h"
#include "runtime/child.h"
#include "lib/file.h"
#include "runtime/launch.h"
#include "lib/needs.h"
#include "lib/nsfile.h"

static int status_to_exit(int status)
{
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* Wait for the container, or for a signal telling us to end it. */
static int supervise(struct core_container *c, struct nsp_err *e)
{
	sigset_t set;
	int sfd, status;
	struct signalfd_siginfo si;

	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, NULL);
	sfd = signalfd(-1, &set, SFD_CLOEXEC);
	if (sfd < 0)
		return nsp_err_sys(e, "signalfd");
	for (;;) {
		if (waitpid(c->pid, &status, WNOHANG) == c->pid) {
			c->reaped = true;
			c->status = status;
			close(sfd);
			return status_to_exit(status);
		}
		if (read(sfd, &si, sizeof(si)) != sizeof(si) || si.ssi_signo == SIGCHLD)
			continue;
		close(sfd);
		return 128 + (int)si.ssi_signo;	/* destroy kills what is left */
	}
}

/* The container died by its memory limit: one line saying so (137 alone
 * does not tell an OOM kill from any other SIGKILL). */
static void say_oom_killed(const struct core_container *c, const struct core_spec *s)
{
	char limit[32] = "its memory limit";

	if (s->memory_limit > 0)
		snprintf(limit, sizeof(limit), "%lld bytes", s->memory_limit);
	fprintf(stderr, "nsharness exec: the container was OOM-killed: cgroup %s reached "
		"its memory limit (%s)\n", c->cg.dir, limit);
}

static int run_new(struct exec_opts *x)
{
	struct core_container c = CORE_CONTAINER_INIT;
	struct nsp_err e;
	char buf[NSP_ERR_MSG_MAX + 64];
	struct core_stale stale;
	int rc;

	exec_complete_spec(x);
	if (core_launch(&x->spec, &c, &e) < 0) {
		fprintf(stderr, "nsharness exec: %s\n", nsp_err_str(&e, buf, sizeof(buf)));
		if (c.failure == CORE_FAIL_EXEC)
			return e.errnum == ENOENT ? CORE_EXIT_NOTFOUND : CORE_EXIT_NOEXEC;
		return CORE_EXIT_SETUP;
	}
	/* only a run that makes a group pays for scanning the hierarchies,
	 * and while its command runs: our group's name is our own anyway */
	if (x->spec.memory_limit > 0 || x->spec.cgroup_nlimits)
		core_cgroup_clean_stale(&stale, &e);
	rc = supervise(&c, &e);
	if (rc < 0)
		fprintf(stderr, "nsharness exec: %s\n", nsp_err_str(&e, buf, sizeof(buf)));
	else if (c.reaped && WIFSIGNALED(c.status) && WTERMSIG(c.status) == SIGKILL &&
		 c.has_cgroup && core_cgroup_oom_killed(&c.cg))
		say_oom_killed(&c, &x->spec);
	if (core_destroy(&c, &e) < 0) {
		fprintf(stderr, "nsharness exec: teardown: %s\n", nsp_err_str(&e, buf, sizeof(buf)));
		rc = rc < 0 ? CORE_EXIT_SETUP : rc;
	}
	return rc < 0 ? CORE_EXIT_SETUP : rc;
}

/*
 * Every namespace type the target has that differs from ours, into *flags.
 * A type whose identity cannot be read is an error naming it: skipping it
 * would run CMD in our namespace of that type, outside what was asked.
 * Only a type the kernel lacks (no file of ours either) is left out.
 */
static int differing_namespaces(pid_t target, int *flags, struct nsp_err *e)
{
	*flags = 0;
	for (size_t i = 0; i < NS_NTYPES; i++) {
		const struct ns_type *t = ns_type_at(i);
		struct ns_ident theirs, ours;

		if (ns_ident_of(0, t->name, &ours, e) < 0) {
			if (e->errnum == ENOENT)
				continue;
			return nsp_err_wrap(e, "our own %s namespace", t->name);
		}
		if (ns_ident_of(target, t->name, &theirs, e) < 0)
			return nsp_err_wrap(e, "--join %d: cannot tell whether its %s namespace "
					    "differs from ours", (int)target, t->name);
		if (!ns_ident_eq(&theirs, &ours))
			*flags |= t->flag;
	}
	return 0;
}

static int run_join(struct exec_opts *x)
{
	char buf[NSP_ERR_MSG_MAX + 64];
	int ns = x->spec.namespaces;
	struct nsp_err e;
	int status;

	if (kill(x->join, 0) < 0 && errno == ESRCH) {
		fprintf(stderr, "nsharness exec: --join %d: no such process\n", (int)x->join);
		return CORE_EXIT_SETUP;
	}
	if (!x->ns_given && differing_namespaces(x->join, &ns, &e) < 0) {
		fprintf(stderr, "nsharness exec: %s\n", nsp_err_str(&e, buf, sizeof(buf)));
		return CORE_EXIT_SETUP;
	}
	if (core_join_exec(x->join, ns, x->spec.argv, &status, &e) < 0) {
		fprintf(stderr, "nsharness exec: %s\n", nsp_err_str(&e, buf, sizeof(buf)));
		return e.errnum == ENOENT ? CORE_EXIT_NOTFOUND :
		       e.errnum == EACCES ? CORE_EXIT_NOEXEC : CORE_EXIT_SETUP;
	}
	return status_to_exit(status);
}

int exec_main(int argc, char **argv)
{
	struct exec_opts x = { 0 };
	int rc;

	if (exec_parse(argc, argv, &x) < 0) {
		fputs("Try 'nsharness exec --help' for more information.\n", stderr);
		free(x.layers);
		return EXEC_EXIT_USAGE;
	}
	rc = x.join ? run_join(&x) : run_new(&x);
	free(x.layers);
	return rc;
}
