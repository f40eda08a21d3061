/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Runtime profiles: what `nsharness --runtime NAME` needs to know about a
 * container runtime, as data (runtimes/NAME.profile), not code.  One
 * directive a line, words split on blanks, `#` starts a comment:
 *
 *   name      bwrap                 must match the file name
 *   command   bwrap                 the program, looked up in PATH
 *   package   bubblewrap            the Debian package that has it
 *   version   --version             arguments that print its version
 *   kind      cli                   cli: a command line; oci: a bundle and
 *                                   `COMMAND spec`; core: nsharness exec
 *   rootfs    yes                   the command runs in our rootfs (the
 *                                   probes at /nsp/probes) or not (no)
 *   daemon    yes                   containers are made by a daemon outside
 *                                   our sandbox (docker): the probes judge
 *                                   against the namespaces we started in
 *   args      WORD...               before the namespaces ({rootfs},
 *                                   {bundle}, {state}, {id}, {self},
 *                                   {cgroup}: a group under the run's)
 *   bind      WORD...               one read-only bind ({src}, {dst})
 *   env       WORD...               pass one variable ({name})
 *   ns        TYPE WORD...          asks for a namespace (oci: its OCI
 *                                   type; `always`: cannot be left out;
 *                                   `default`: made unless ns-off says)
 *   ns-off    TYPE WORD...          says a namespace is not wanted
 *   exec      WORD...               between the options and the command
 *   cleanup   WORD...               after a container was killed ({id}..)
 *   spec      WORD...               oci: writes a default config.json in
 *                                   the current directory
 *   defaults  TYPE...               the namespaces asked for by default
 *   refuses   cgroups=MODE WHY...   the runtime cannot run on a host whose
 *                                   cgroup layout is MODE (v1, v2, hybrid)
 *   policy    FACT VALUE [unless=ARG] WHY...
 *                                   what the runtime documents doing (the
 *                                   pid of the command, lo, propagation,
 *                                   capabilities...); WHY names where it
 *                                   is documented.  unless=ARG: not in
 *                                   force when --runtime-arg ARG is given.
 *
 * A bad line is EINVAL naming file:line and why; nothing runs then.
 */
#ifndef NSP_RUNNER_PROFILE_H
#define NSP_RUNNER_PROFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/err.h"

enum rt_kind { RT_CLI, RT_OCI, RT_CORE };

/* A NULL-terminated list of malloc'd words. */
struct rt_words {
	char **w;
	size_t n;
};

struct rt_ns {
	char type[16];		/* "pid", "net"... as in /proc/<pid>/ns */
	struct rt_words on;	/* asks for it; for oci, its OCI type */
	struct rt_words off;	/* says it is not wanted (may be empty) */
	bool always;		/* the runtime always makes it */
};

struct rt_policy {
	char *fact, *value, *why;
	char *unless;		/* a runtime argument that lifts it, or NULL */
};

#define RT_NS_MAX 8

struct rt_profile {
	char *path;
	char *name, *command, *package;
	struct rt_words version;
	enum rt_kind kind;
	bool rootfs, daemon;
	struct rt_words args, bind, env, exec, cleanup, defaults, spec;
	struct rt_ns ns[RT_NS_MAX];
	size_t nns;
	struct rt_policy *policy;
	size_t npolicy;
	char *refuses_cgroups, *refuses_why;	/* a layout it cannot run on */
};

/* Parse `text` read from `path` (for messages and the name check). */
int rt_profile_parse(const char *text, const char *path, struct rt_profile *p,
		     struct nsp_err *e);
int rt_profile_load(const char *path, struct rt_profile *p, struct nsp_err *e);
void rt_profile_free(struct rt_profile *p);

/* The profile's line for a namespace type, or NULL. */
const struct rt_ns *rt_profile_ns(const struct rt_profile *p, const char *type);

#endif
