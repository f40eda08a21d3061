/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nsharness exec's command line (exec_args.c) for its launcher (exec.c):
 * the options parsed into a core_spec, and the defaults that depend on
 * who runs it.  Bad input is one line on stderr naming the option.
 */
#ifndef NSP_RUNNER_EXEC_ARGS_H
#define NSP_RUNNER_EXEC_ARGS_H

#include <limits.h>
#include <stdbool.h>
#include <sys/types.h>

#include "runtime/spec.h"

#define EXEC_EXIT_USAGE 64
#define EXEC_MAX_BINDS 32
#define EXEC_MAX_LIMITS 8

struct exec_opts {
	struct core_spec spec;
	const char *binds[EXEC_MAX_BINDS + 2];
	int nbinds;
	struct cg_limit limits[EXEC_MAX_LIMITS];
	char io_dev[16];
	const char **layers;	/* argc + 1 slots: never more than given */
	int nlayers;
	pid_t join;		/* --join PID, 0: a new container */
	bool ns_given;
	char cmd_dir[PATH_MAX];
};

/* argv[0] is "exec".  0, or -1 with the reason printed; x->layers is
 * malloc'd either way (free it). */
int exec_parse(int argc, char **argv, struct exec_opts *x);
/* Defaults that depend on who we are and what was asked. */
void exec_complete_spec(struct exec_opts *x);

#endif
