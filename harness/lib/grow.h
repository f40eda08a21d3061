/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Arrays that grow with what the machine has: no fixed cap on links,
 * processes, mounts or map lines.  The array is a pointer plus a capacity
 * the caller keeps (both zero at first, freed with free()).
 */
#ifndef NSP_LIB_GROW_H
#define NSP_LIB_GROW_H

#include <stddef.h>

/*
 * Room for at least `want` elements of `size` bytes in the array whose
 * pointer is at `arrayp` (a T **, passed as void *) with *cap elements:
 * the capacity doubles (from 8) until it fits.  0, or -1 with errno
 * ENOMEM and the array left as it was.
 */
int nsp_grow(void *arrayp, size_t *cap, size_t want, size_t size);

#endif
