// SPDX-License-Identifier: GPL-2.0-or-later
#include "lib/sync.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int nsp_sync_open(struct nsp_sync *s, struct nsp_err *e)
{
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, s->fd) < 0)
		return nsp_err_sys(e, "socketpair(AF_UNIX, SOCK_SEQPACKET)");
	return 0;
}

int nsp_sync_side(struct nsp_sync *s, enum nsp_sync_side side)
{
	int other = side == NSP_SYNC_PARENT ? 1 : 0;

	if (s->fd[other] >= 0) {
		close(s->fd[other]);
		s->fd[other] = -1;
	}
	return s->fd[side];
}

void nsp_sync_close(struct nsp_sync *s)
{
	for (int i = 0; i < 2; i++) {
		if (s->fd[i] >= 0)
			close(s->fd[i]);
		s->fd[i] = -1;
	}
}

int nsp_sync_send(int fd, const void *buf, size_t len, struct nsp_err *e)
{
	ssize_t n;

	do
		n = send(fd, buf, len, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return nsp_err_sys(e, "send %zu-byte sync message", len);
	if ((size_t)n != len)
		return nsp_err_set(e, EMSGSIZE, "sent %zd of %zu bytes", n, len);
	return 0;
}

int nsp_sync_recv(int fd, void *buf, size_t len, struct nsp_err *e)
{
	ssize_t n;

	do
		n = recv(fd, buf, len, MSG_TRUNC);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return nsp_err_sys(e, "receive sync message");
	if (n == 0)
		return nsp_err_set(e, EPIPE, "peer exited before sending");
	if ((size_t)n != len)
		return nsp_err_set(e, EPROTO, "sync message of %zd bytes, want %zu",
				   n, len);
	return 0;
}

int nsp_sync_wake(int fd, uint8_t step, struct nsp_err *e)
{
	if (nsp_sync_send(fd, &step, 1, e) < 0)
		return nsp_err_wrap(e, "signal step %u", step);
	return 0;
}

int nsp_sync_wait(int fd, uint8_t step, struct nsp_err *e)
{
	uint8_t got;

	if (nsp_sync_recv(fd, &got, 1, e) < 0)
		return nsp_err_wrap(e, "wait for step %u", step);
	if (got != step)
		return nsp_err_set(e, EPROTO, "waited for step %u, peer sent %u",
				   step, got);
	return 0;
}

int nsp_sync_send_result(int fd, const struct nsp_err *result, struct nsp_err *e)
{
	struct nsp_err wire;

	/*
	 * Send a zeroed copy: the caller's msg[] is only written up to its NUL,
	 * and the bytes after it would otherwise cross to the peer as stack
	 * garbage (valgrind: "sendmsg points to uninitialised byte(s)").
	 */
	memset(&wire, 0, sizeof(wire));
	wire.errnum = result->errnum;
	memcpy(wire.msg, result->msg, strnlen(result->msg, sizeof(wire.msg) - 1));
	if (nsp_sync_send(fd, &wire, sizeof(wire), e) < 0)
		return nsp_err_wrap(e, "report result");
	return 0;
}

int nsp_sync_recv_result(int fd, struct nsp_err *e)
{
	struct nsp_err got;

	if (nsp_sync_recv(fd, &got, sizeof(got), e) < 0)
		return -1;
	got.msg[sizeof(got.msg) - 1] = '\0';
	if (got.errnum == 0 && got.msg[0] == '\0')
		return 0;
	*e = got;
	return -1;
}
