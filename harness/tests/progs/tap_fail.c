// SPDX-License-Identifier: GPL-2.0-or-later
/* Runner self-test program: one pass, one kernel-style failure, one broken. */
#include <errno.h>
#include <stdio.h>

#include "lib/tap.h"

int main(void)
{
	struct tap t;
	struct nsp_err e;

	tap_init(&t, stdout);
	tap_pass(&t, "passes");
	tap_expect_long(&t, 1, 2, "one equals two");
	nsp_err_set(&e, EACCES, "setup step");
	tap_broken(&t, &e, "setup that broke");
	return tap_done(&t);
}
