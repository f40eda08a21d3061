// SPDX-License-Identifier: GPL-2.0-or-later
/* Runner self-test program: one point, then dies by SIGSEGV. */
#include <signal.h>
#include <stdio.h>

#include "tap.h"

int main(void)
{
	struct tap t;

	tap_init(&t, stdout);
	tap_pass(&t, "before the crash");
	raise(SIGSEGV);
	return 0;
}
