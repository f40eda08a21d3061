// SPDX-License-Identifier: GPL-2.0-or-later
#include "lib/linetable.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "lib/file.h"

/* Appends the element at `elem`, taking its allocations. */
static int push(const struct line_parser *lp, void **v, size_t *n, size_t *cap,
		const void *elem)
{
	if (*n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 16;
		void *grown = reallocarray(*v, ncap, lp->size);

		if (!grown)
			return -1;
		*v = grown;
		*cap = ncap;
	}
	memcpy((char *)*v + *n * lp->size, elem, lp->size);
	(*n)++;
	return 0;
}

int linetable_parse(const struct line_parser *lp, const char *text, void **v,
		    size_t *n, struct nsp_err *e)
{
	/* aligned for any element type: parse() fills it as its struct */
	max_align_t elem[(lp->size + sizeof(max_align_t) - 1) / sizeof(max_align_t)];
	size_t len, cap = 0;
	int lineno = 0;

	*v = NULL;
	*n = 0;
	if (!text)
		return nsp_err_set(e, EINVAL, "%s: no text", lp->what);
	for (const char *p = text; *p; p += len + (p[len] == '\n')) {
		len = strcspn(p, "\n");
		if (lp->parse(p, len, ++lineno, elem, e) < 0)
			goto fail;
		if (push(lp, v, n, &cap, elem) < 0) {
			lp->free(elem);
			nsp_err_set(e, ENOMEM, "%s line %d", lp->what, lineno);
			goto fail;
		}
	}
	return 0;
fail:
	linetable_free(lp, v, n);
	return -1;
}

int linetable_read(const struct line_parser *lp, pid_t pid, const char *name,
		   void **v, size_t *n, struct nsp_err *e)
{
	char *text;
	int ret;

	*v = NULL;
	*n = 0;
	text = nsp_read_proc(pid, name, e);
	if (!text)
		return -1;
	ret = linetable_parse(lp, text, v, n, e);
	free(text);
	if (ret < 0 && pid > 0)
		return nsp_err_wrap(e, "parse /proc/%d/%s", (int)pid, name);
	if (ret < 0)
		return nsp_err_wrap(e, "parse /proc/self/%s", name);
	return 0;
}

void linetable_free(const struct line_parser *lp, void **v, size_t *n)
{
	for (size_t i = 0; i < *n; i++)
		lp->free((char *)*v + i * lp->size);
	free(*v);
	*v = NULL;
	*n = 0;
}
