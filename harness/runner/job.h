/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One suite entry as a running process: spawned in its own process group
 * with stdout and stderr on pipes, read without blocking, killed as a group.
 */
#ifndef NSP_RUNNER_JOB_H
#define NSP_RUNNER_JOB_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "lib/err.h"
#include "runner/suite.h"
#include "runner/verdict.h"

/* A probe that writes more than this is killed: a runaway, not a report. */
#define JOB_OUTPUT_MAX (8u << 20)

enum job_state { JOB_WAITING, JOB_RUNNING, JOB_DONE, JOB_NOT_RUN };

struct job_buf {
	char *data;
	size_t len, cap;
};

struct job {
	const struct suite *suite;
	const struct suite_entry *ent;
	enum job_state state;
	pid_t pid;		/* also the process group id; 0 once reaped */
	int fd[2];		/* stdout, stderr read ends; -1 when closed */
	struct job_buf out, err;
	double started, deadline;
	struct run_outcome outcome;
	struct verdict verdict;
};

/* Spawn the probe `probes_dir/argv[0]`.  On failure the job is done with
 * exec_errno set (the verdict will say the probe could not start). */
int job_start(struct job *j, const char *probes_dir, double timeout,
	      double now, struct nsp_err *e);
/* The same with the command given: `path` run with `argv` (a probe under
 * a container runtime, nsharness --runtime). */
int job_spawn(struct job *j, const char *path, char *const argv[], double timeout,
	      double now, struct nsp_err *e);
/* Read what is there on fd index i (0 stdout, 1 stderr); closes on EOF. */
void job_read(struct job *j, int i);
/* The process is gone: record its status and kill what it left in its
 * group (a grandchild that ignores SIGTERM must not hold the pipes). */
void job_reaped(struct job *j, int status, double now);
/* Kill the whole process group now. */
void job_kill(struct job *j);
void job_close_fds(struct job *j);
bool job_finished(const struct job *j);
/* Judge it: TAP + outcome -> verdict. */
int job_judge(struct job *j);
void job_free(struct job *j);

#endif
