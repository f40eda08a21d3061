// SPDX-License-Identifier: GPL-2.0-or-later
#include "inside.h"

#include <errno.h>
#include <stdio.h>
#include <unistd.h>

enum { STEP_RELEASE = 0x52 };

/* Container init, after the core's setup: points, hand-over, wait. */
static int inside_main(void *arg)
{
	struct inside_run *r = arg;
	int fd = nsp_sync_side(&r->sync, NSP_SYNC_CHILD), status;
	struct nsp_err e;

	status = r->fn(r->t, r->arg);
	fflush(NULL);	/* t->out need not be stdout */
	if (tap_send_state(r->t, fd, &e) < 0)
		return TAP_EXIT_BROKEN;
	/* alive until the outside has looked; its death also releases us */
	nsp_sync_wait(fd, STEP_RELEASE, &e);
	return status;
}

int inside_run_start(struct inside_run *r, struct tap *t, struct core_spec *spec,
		     inside_fn fn, void *arg, struct nsp_err *e)
{
	*r = (struct inside_run){ .c = CORE_CONTAINER_INIT, .t = t, .fn = fn,
				  .arg = arg, .fd = -1, .sync = { { -1, -1 } } };
	if (nsp_sync_open(&r->sync, e) < 0)
		return -1;
	spec->fn = inside_main;
	spec->arg = r;
	if (core_launch(spec, &r->c, e) < 0) {
		nsp_sync_close(&r->sync);
		return nsp_err_wrap(e, "launch the inside role");
	}
	r->fd = nsp_sync_side(&r->sync, NSP_SYNC_PARENT);
	return 0;
}

int inside_run_collect(struct inside_run *r, struct nsp_err *e)
{
	if (r->fd < 0)
		return nsp_err_set(e, EBADF, "the inside role never started");
	if (tap_recv_state(r->t, r->fd, e) < 0)
		return nsp_err_wrap(e, "the inside role's points");
	r->collected = true;
	return 0;
}

int inside_run_end(struct inside_run *r, int *status, struct nsp_err *e)
{
	int rc = 0;

	if (status)
		*status = -1;	/* unless the inside is reaped below */
	if (r->fd >= 0) {
		struct nsp_err ignored;

		nsp_sync_wake(r->fd, STEP_RELEASE, &ignored);
		if (r->c.pid > 0 && core_wait(&r->c, status, e) < 0)
			rc = -1;
		close(r->fd);
		r->fd = -1;
	}
	if (core_destroy(&r->c, rc ? &(struct nsp_err){ 0 } : e) < 0)
		rc = -1;
	return rc;
}
