/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Suite files: plain text, one probe invocation a line.
 *
 *   # comment (also after whitespace at the end of a line)
 *   NAME [timeout=SECONDS] PROBE [ARG...]
 *
 *   hostname-isolation            uts_isolation
 *   nesting         timeout=30    pid_nesting --levels 32
 *   quoted                        some_probe "two words" 'a b' a\ b
 *
 * NAME is [A-Za-z0-9_.-]+, unique in its file; the entry's id is
 * SUITE.NAME where SUITE is the file name without ".suite".  PROBE is the
 * name of a program in the probe directory (no '/').  Arguments may be
 * quoted with '…' (literal) or "…" (backslash escapes \" \\); outside
 * quotes a backslash escapes the next character.  Any malformed line makes
 * the whole file an error naming file:line, and then nothing runs.
 */
#ifndef NSP_RUNNER_SUITE_H
#define NSP_RUNNER_SUITE_H

#include <stddef.h>

#include "lib/err.h"

struct suite_entry {
	char *name;		/* NAME */
	char *id;		/* SUITE.NAME */
	char **argv;		/* PROBE ARG... NULL-terminated */
	double timeout;		/* seconds; 0 = the runner's default */
	int line;
};

struct suite {
	char *name;		/* "uts" */
	char *path;
	size_t n;
	struct suite_entry *v;
};

/* Parse text read from `path`; errors say "path:line: what". */
int suite_parse(const char *text, const char *path, struct suite *s,
		struct nsp_err *e);
/*
 * Read and parse a suite file: a regular file (EINVAL for a FIFO, device,
 * directory...) of at most SUITE_MAX_BYTES (EFBIG).
 */
#define SUITE_MAX_BYTES (1024 * 1024)
int suite_load(const char *path, struct suite *s, struct nsp_err *e);
void suite_free(struct suite *s);
/* One entry's strings (an entry taken out of a suite). */
void suite_entry_free(struct suite_entry *ent);

/* The suite name of a path: basename without a trailing ".suite". */
char *suite_name_of(const char *path);

#endif
