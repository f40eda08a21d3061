/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A /proc file as a table: one element per line, parsed by the caller's
 * function, in an array that grows by doubling.  On any bad line the whole
 * parse fails and nothing is returned, as the parsers built on it promise.
 */
#ifndef NSP_LIB_LINETABLE_H
#define NSP_LIB_LINETABLE_H

#include <stddef.h>
#include <sys/types.h>

#include "lib/err.h"

struct line_parser {
	const char *what;	/* "mountinfo": for messages */
	size_t size;		/* of one element */
	/* parse `len` bytes of line `lineno` into elem; -1 with *e, elem zeroed */
	int (*parse)(const char *line, size_t len, int lineno, void *elem,
		     struct nsp_err *e);
	void (*free)(void *elem);	/* an element's own allocations */
};

/* Parse every line of text into *v (n elements). */
int linetable_parse(const struct line_parser *lp, const char *text, void **v,
		    size_t *n, struct nsp_err *e);
/* The same for /proc/<pid>/<name> (pid 0: self), errors naming the file. */
int linetable_read(const struct line_parser *lp, pid_t pid, const char *name,
		   void **v, size_t *n, struct nsp_err *e);
void linetable_free(const struct line_parser *lp, void **v, size_t *n);

#endif
