// SPDX-License-Identifier: GPL-2.0-or-later
#include "lib/syncfork.h"

#include <stdio.h>
#include <unistd.h>

#include "lib/sync.h"

pid_t sync_fork(int *fd, struct nsp_err *e)
{
	struct nsp_sync s;
	pid_t pid;

	*fd = -1;
	if (nsp_sync_open(&s, e) < 0)
		return -1;
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		nsp_sync_close(&s);
		return nsp_err_sys(e, "fork");
	}
	*fd = nsp_sync_side(&s, pid == 0 ? NSP_SYNC_CHILD : NSP_SYNC_PARENT);
	return pid;
}
