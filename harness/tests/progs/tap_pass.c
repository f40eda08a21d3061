// SPDX-License-Identifier: GPL-2.0-or-later
/* Runner self-test program: two passing points, plan first. */
#include <stdio.h>

#include "lib/tap.h"

int main(void)
{
	struct tap t;

	tap_init(&t, stdout);
	tap_plan(&t, 2);
	tap_pass(&t, "first");
	tap_pass(&t, "second");
	return tap_done(&t);
}
