/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nsharness --runtime NAME: every probe that has an inside role runs with
 * `--role inside` under that container runtime, described by its profile
 * (profile.h), and reports in the same TAP and JUnit as any run.
 *
 *   rt_open     before the sandbox: the profile, the runtime found in
 *               PATH, the namespaces asked for, a work directory with the
 *               rootfs skeleton (the probes and what they need, bound
 *               read-only) and, for an OCI runtime, its own `spec`
 *   rt_select   the suite entries whose probe has an inside role, each
 *               with `--role inside` added
 *   rt_enter    in the sandbox: its root made shared (so a runtime's
 *               propagation policy can show) and the probes' references
 *               exported: NSHARNESS_RUNTIME, NSHARNESS_POLICY_<FACT>,
 *               NSHARNESS_LAUNCHER(_ROOT)
 *   rt_command  a job's command line (an OCI bundle written first)
 *   rt_job_end  a killed job's container cleaned up (`runc delete`)
 *   rt_close    the work directory removed (every exit path: also called
 *               by the sandbox's outer process)
 */
#ifndef NSP_RUNNER_RTRUN_H
#define NSP_RUNNER_RTRUN_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "lib/err.h"
#include "runner/profile.h"
#include "runner/suite.h"

struct rt_opts {
	const char *name;		/* --runtime NAME (or a .profile path) */
	const char *const *args;	/* --runtime-arg, NULL-terminated */
	size_t nargs;
	const char *ns;			/* --runtime-ns LIST, or NULL: defaults */
};

struct rt_run {
	struct rt_profile prof;
	const struct rt_opts *opts;
	char command[PATH_MAX];		/* the runtime found in PATH */
	char self[PATH_MAX];		/* nsharness, for {self} */
	char probes[PATH_MAX];		/* the host's probe directory */
	char work[PATH_MAX];		/* "" until made */
	char rootfs[PATH_MAX + 16];
	bool asked[RT_NS_MAX];		/* per prof.ns[] */
	char nslist[96];		/* the asked types, comma-separated */
	void *spec;			/* oci: the runtime's spec (json_t *) */
	char version[128];		/* what `command version` printed first */
	char launcher[512];		/* NSHARNESS_LAUNCHER, ... */
	char launcher_root[PATH_MAX + 32];	/* ... and _ROOT */
};

/* Exit status 0 ready; 64 bad --runtime-* options; 69 runtime unavailable;
 * 70 our own failure; with the message in *e. */
int rt_open(struct rt_run *r, const struct rt_opts *o, const char *runtimes_dir,
	    const char *probes_dir, struct nsp_err *e);
int rt_select(struct rt_run *r, struct suite *suites, size_t n, struct nsp_err *e);
int rt_enter(struct rt_run *r, struct nsp_err *e);
/* The command of job `idx` running `ent` (malloc'd, NULL-terminated). */
char **rt_command(struct rt_run *r, const struct suite_entry *ent, size_t idx,
		  struct nsp_err *e);
void rt_command_free(char **argv);
void rt_job_end(struct rt_run *r, size_t idx, bool killed);
/* One line for the TAP header: runtime, version, profile, namespaces. */
const char *rt_describe(const struct rt_run *r, char *buf, size_t len);
void rt_close(struct rt_run *r);
/* Only the work directory (the sandbox's outer process, after the run). */
void rt_remove_work(struct rt_run *r);

#endif
