// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * An LD_PRELOAD shim for the runner's tests: unshare() that succeeds and
 * does nothing, as some CI sandboxes' seccomp profiles or preload shims
 * make it.  The runner must notice that its sandbox is not there and
 * refuse to run (exit 70), never touch the host.
 */
#include <sched.h>

int unshare(int flags)
{
	(void)flags;
	return 0;
}
