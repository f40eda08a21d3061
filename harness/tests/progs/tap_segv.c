// SPDX-License-Identifier: GPL-2.0-or-later
/* Runner self-test program: one point, then dies by SIGSEGV. */
#include <signal.h>
#include <stdio.h>

#include "lib/tap.h"

int main(void)
{
	struct tap t;

	tap_init(&t, stdout);
	tap_pass(&t, "before the crash");
	/* ASan/UBSan (make check SANITIZE=...) catch SIGSEGV and exit 1
	 * instead of dying: the runner test needs the death by the signal */
	signal(SIGSEGV, SIG_DFL);
	raise(SIGSEGV);
	return 0;
}
