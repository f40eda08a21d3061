/* SPDX-License-Identifier: GPL-2.0-or-later */
/* NSpid-style id lists (procstatus.h) as text, for TAP expected/got. */
#ifndef NSP_LIB_PIDLIST_H
#define NSP_LIB_PIDLIST_H

#include <stddef.h>

#include "lib/procstatus.h"

/* "4321 7 1" (ids separated by one space; "" when empty); returns buf.
 * A list that does not fit ends with "…" cut at an id boundary. */
const char *ns_idlist_str(const struct ns_idlist *l, char *buf, size_t len);

#endif
