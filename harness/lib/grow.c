// SPDX-License-Identifier: GPL-2.0-or-later
#include "lib/grow.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int nsp_grow(void *arrayp, size_t *cap, size_t want, size_t size)
{
	size_t n = *cap ? *cap : 8;
	void *old, *grown;

	if (want <= *cap)
		return 0;
	while (n < want) {
		if (n > ((size_t)-1) / 2) {
			errno = ENOMEM;
			return -1;
		}
		n *= 2;
	}
	/* the caller's T * read and written as bytes: no aliasing games */
	memcpy(&old, arrayp, sizeof(old));
	grown = reallocarray(old, n, size);
	if (!grown) {
		errno = ENOMEM;
		return -1;
	}
	memcpy(arrayp, &grown, sizeof(grown));
	*cap = n;
	return 0;
}
