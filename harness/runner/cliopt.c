// SPDX-License-Identifier: GPL-2.0-or-later
#include "runner/cliopt.h"

#include <stdbool.h>

/* getopt_long's tables from ours: a row's value is its letter, or 256 +
 * its index. */
static void getopt_tables(const struct cliopt *t, size_t n, struct option *lo, char *shorts)
{
	char *p = shorts;

	*p++ = '+';
	for (size_t i = 0; i < n; i++) {
		lo[i] = (struct option){ t[i].name, t[i].has_arg, NULL,
					 t[i].letter ? t[i].letter : 256 + (int)i };
		if (t[i].letter) {
			*p++ = (char)t[i].letter;
			if (t[i].has_arg == required_argument)
				*p++ = ':';
		}
	}
	lo[n] = (struct option){ 0 };
	*p = '\0';
}

/* The row getopt_long's value `val` stands for, or NULL ('?': refused). */
static const struct cliopt *row_of(const struct cliopt *t, size_t n, int val)
{
	if (val >= 256 && val < 256 + (int)n)
		return &t[val - 256];
	for (size_t i = 0; i < n; i++)
		if (t[i].letter && t[i].letter == val)
			return &t[i];
	return NULL;
}

static int apply(const struct cliopt *o, void *ctx, const char *arg)
{
	if (o->set)
		return o->set(ctx, arg);
	if (o->has_arg == no_argument)
		*(bool *)((char *)ctx + o->off) = true;
	else
		*(const char **)((char *)ctx + o->off) = arg;
	return 0;
}

int cliopt_parse(const struct cliopt *t, size_t n, int argc, char **argv, void *ctx)
{
	struct option lo[CLIOPT_MAX + 1];
	char shorts[2 * CLIOPT_MAX + 2];
	const struct cliopt *o;
	int val;

	if (n > CLIOPT_MAX)
		return -1;
	getopt_tables(t, n, lo, shorts);
	while ((val = getopt_long(argc, argv, shorts, lo, NULL)) != -1)
		if (!(o = row_of(t, n, val)) || apply(o, ctx, optarg) < 0)
			return -1;
	return optind;
}
