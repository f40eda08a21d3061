// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Runner self-test program: one point, then blocks forever (no timeout of
 * its own), so the runner's timeout or an interrupt must kill it.
 *   tap_hang [NOTIFY_PATH [TOKEN...]]
 * writes one line to NOTIFY_PATH (a FIFO the test reads) once it is
 * running; TOKEN only marks argv so a test can find leftovers in /proc.
 */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "lib/tap.h"

int main(int argc, char **argv)
{
	struct tap t;

	tap_init(&t, stdout);
	tap_pass(&t, "before the hang");
	if (argc > 1) {
		int fd = open(argv[1], O_WRONLY | O_CLOEXEC);

		if (fd < 0 || write(fd, "running\n", 8) != 8)
			return tap_bail(&t, "notify %s", argv[1]);
		close(fd);
	}
	for (;;)
		pause();
}
