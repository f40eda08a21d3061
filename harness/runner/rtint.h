/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Inside the runtime mode (rtrun.h): the pieces its files share.
 */
#ifndef NSP_RUNNER_RTINT_H
#define NSP_RUNNER_RTINT_H

#include "runner/rtrun.h"

/* The probes' directory inside a rootfs runtime's container. */
#define RT_PROBES_IN "/nsp/probes"

/* At most this many binds (rt_binds). */
#define RT_BINDS_MAX 12

/* One host path bound read-only into the rootfs. */
struct rt_bind {
	char src[PATH_MAX], dst[PATH_MAX];
};

/* The command words, each with {rootfs} {bundle} {state} {id} {self}
 * {nslist} and (bind) {src} {dst} replaced; a word "{runtime-args}" is
 * replaced by the --runtime-arg words.  `cmd` first when given.  NULL on
 * ENOMEM. */
struct rt_subst {
	const char *id, *bundle, *cgroup;
	const struct rt_bind *bind;
	const char *name;		/* env: {name} */
};
char **rt_words_argv(const struct rt_run *r, const struct rt_words *w,
		     const struct rt_subst *s, const char *cmd);
/* Append words to a malloc'd NULL-terminated argv; -1 on ENOMEM (argv
 * is freed then and *argv NULL). */
int rt_argv_append(char ***argv, char *const *more);

/* The binds every rootfs container gets: /usr, /etc, the lib dirs that
 * are not symlinks, the probes at RT_PROBES_IN.  Returns how many. */
size_t rt_binds(const struct rt_run *r, struct rt_bind *b, size_t max);

/* "/nsprobe-<owner>/rt-<idx>": job idx's group, under the run's, which
 * the runner removes on every exit path. */
int rt_cgroup_path(char *buf, size_t len, size_t idx, struct nsp_err *e);

/* Our namespaces and root, the probes' reference (NSHARNESS_LAUNCHER). */
int rt_note_launcher(struct rt_run *r, struct nsp_err *e);

/* The work directory and, for rootfs runtimes, the skeleton in it. */
int rt_make_work(struct rt_run *r, struct nsp_err *e);

/* OCI: the runtime's own `spec`, loaded once; a bundle per job. */
int rt_oci_spec(struct rt_run *r, struct nsp_err *e);
int rt_oci_bundle(struct rt_run *r, const char *dir, char *const *args, size_t idx,
		  struct nsp_err *e);
void rt_oci_free(struct rt_run *r);

#endif
