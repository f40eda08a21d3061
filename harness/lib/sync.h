/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Two-side synchronisation over a SOCK_SEQPACKET socketpair.
 *
 * The outside and inside roles of a probe run in different processes (and
 * usually different namespaces).  Each message is one datagram, so a side
 * never sees half a message; a peer that dies makes the other side's read
 * return end-of-file, which we report as EPIPE ("peer exited") instead of
 * hanging.  No sleeps anywhere: every wait is a blocking read that the
 * peer's write or exit ends.
 */
#ifndef NSP_LIB_SYNC_H
#define NSP_LIB_SYNC_H

#include <stddef.h>
#include <stdint.h>

#include "lib/err.h"

enum nsp_sync_side { NSP_SYNC_PARENT = 0, NSP_SYNC_CHILD = 1 };

struct nsp_sync {
	int fd[2];
};

int nsp_sync_open(struct nsp_sync *s, struct nsp_err *e);
/* After fork: keep our end, close the other; returns our fd. */
int nsp_sync_side(struct nsp_sync *s, enum nsp_sync_side side);
void nsp_sync_close(struct nsp_sync *s);

/* One message of exactly `len` bytes. */
int nsp_sync_send(int fd, const void *buf, size_t len, struct nsp_err *e);
int nsp_sync_recv(int fd, void *buf, size_t len, struct nsp_err *e);

/* A one-byte step marker: the receiver checks it is the step it waits for. */
int nsp_sync_wake(int fd, uint8_t step, struct nsp_err *e);
int nsp_sync_wait(int fd, uint8_t step, struct nsp_err *e);

/*
 * A step marker that carries open files (SCM_RIGHTS), at most
 * NSP_SYNC_FDS_MAX: the receiver gets descriptors of its own, close-on-exec,
 * *n of them (0 is fine: a plain wake is received the same way).  More
 * than `max` arriving is EPROTO, and none of them is left open.
 */
#define NSP_SYNC_FDS_MAX 8
int nsp_sync_wake_fds(int fd, uint8_t step, const int *fds, size_t n, struct nsp_err *e);
int nsp_sync_wait_fds(int fd, uint8_t step, int *fds, size_t max, size_t *n,
		      struct nsp_err *e);

/*
 * Carry an outcome across: errnum 0 and an empty message mean success.  The
 * receiver gets 0, or -1 with the sender's error in *e (errno preserved),
 * or -1 with EPIPE when the sender died before saying anything.
 */
int nsp_sync_send_result(int fd, const struct nsp_err *result, struct nsp_err *e);
int nsp_sync_recv_result(int fd, struct nsp_err *e);

#endif
