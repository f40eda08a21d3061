// SPDX-License-Identifier: GPL-2.0-or-later
/* Runner self-test program: valid-looking start, then bytes that are not
 * TAP (including a NUL and invalid UTF-8), and no plan; exits 0. */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	static const char junk[] = "TAP version 13\nok 1 - fine\n"
				   "this is not TAP\n\x01\xff\xfe\0 binary\n"
				   "ok 7 - out of order\n";

	if (write(STDOUT_FILENO, junk, sizeof(junk) - 1) < 0)
		return 2;
	return 0;
}
