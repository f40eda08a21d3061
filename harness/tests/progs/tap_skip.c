// SPDX-License-Identifier: GPL-2.0-or-later
/* Runner self-test program: skips as a whole, with a reason. */
#include <stdio.h>

#include "lib/tap.h"

int main(void)
{
	struct tap t;

	tap_init(&t, stdout);
	return tap_skip_all(&t, "selftest skip reason");
}
