/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A program's options as one table (nsharness, nsharness exec):
 * getopt_long's tables are made from it, and each row says what its
 * option does: keep its argument (a const char * of the context at
 * `off`), set a flag (a bool there), or call `set`, which checks it.
 * Options end at the first operand ('+'): a command's own stay its own.
 */
#ifndef NSP_RUNNER_CLIOPT_H
#define NSP_RUNNER_CLIOPT_H

#include <getopt.h>
#include <stddef.h>

struct cliopt {
	const char *name;
	int letter;		/* its short option, 0: long only */
	int has_arg;		/* no_argument, required_argument */
	size_t off;		/* KEEP and FLAG rows: the field in the context */
	int (*set)(void *ctx, const char *arg);	/* -1: refused, said why */
};

#define CLIOPT_KEEP(NAME, LETTER, TYPE, FIELD) \
	{ NAME, LETTER, required_argument, offsetof(TYPE, FIELD), NULL }
#define CLIOPT_FLAG(NAME, LETTER, TYPE, FIELD) \
	{ NAME, LETTER, no_argument, offsetof(TYPE, FIELD), NULL }
#define CLIOPT_CALL(NAME, LETTER, HAS_ARG, FN) { NAME, LETTER, HAS_ARG, 0, FN }

/* The most rows a table may have. */
#define CLIOPT_MAX 32

/*
 * Every option of argv, in order, applied to ctx: the index of the first
 * operand, or -1 when getopt refused one (it printed why) or a row's
 * `set` did.
 */
int cliopt_parse(const struct cliopt *t, size_t n, int argc, char **argv, void *ctx);

#endif
