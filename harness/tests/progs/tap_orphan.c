// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Runner self-test program: forks a grandchild that ignores SIGTERM and
 * keeps stdout open, reports one point and exits.  The runner must not
 * wait for the grandchild (it kills the probe's process group), and the
 * grandchild must not survive the run (the test finds it by the token in
 * its argv).  The diagnostic must reach the report with its point.
 */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "lib/tap.h"

int main(void)
{
	struct tap t;
	int ready[2];
	char c;
	pid_t pid;

	tap_init(&t, stdout);
	if (pipe(ready) < 0)
		return tap_bail(&t, "pipe");
	pid = fork();
	if (pid < 0)
		return tap_bail(&t, "fork");
	if (pid == 0) {
		signal(SIGTERM, SIG_IGN);
		close(ready[0]);
		close(ready[1]);	/* tells the parent SIGTERM is ignored */
		for (;;)
			pause();
	}
	close(ready[1]);
	if (read(ready[0], &c, 1) < 0)
		return tap_bail(&t, "wait for grandchild");
	tap_diag(&t, "the grandchild ignores SIGTERM");
	tap_pass(&t, "forked a grandchild that ignores SIGTERM");
	return tap_done(&t);
}
