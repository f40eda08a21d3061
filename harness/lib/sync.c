// SPDX-License-Identifier: GPL-2.0-or-later
#include "lib/sync.h"

#include <errno.h>
#include <stdbool.h>
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
	return nsp_sync_wake_fds(fd, step, NULL, 0, e);
}

int nsp_sync_wait(int fd, uint8_t step, struct nsp_err *e)
{
	size_t n;

	/* no room for files: a step that brings some is EPROTO */
	return nsp_sync_wait_fds(fd, step, NULL, 0, &n, e);
}

/* The control buffer for NSP_SYNC_FDS_MAX descriptors, aligned for cmsghdr. */
union fds_cmsg {
	char buf[CMSG_SPACE(NSP_SYNC_FDS_MAX * sizeof(int))];
	struct cmsghdr align;
};

int nsp_sync_wake_fds(int fd, uint8_t step, const int *fds, size_t n, struct nsp_err *e)
{
	union fds_cmsg c;
	struct iovec iov = { .iov_base = &step, .iov_len = 1 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };
	ssize_t sent;

	if (n > NSP_SYNC_FDS_MAX)
		return nsp_err_set(e, E2BIG, "step %u: %zu files, at most %d", step, n,
				   NSP_SYNC_FDS_MAX);
	if (n) {
		memset(&c, 0, sizeof(c));
		m.msg_control = c.buf;
		m.msg_controllen = CMSG_SPACE(n * sizeof(int));
		CMSG_FIRSTHDR(&m)->cmsg_level = SOL_SOCKET;
		CMSG_FIRSTHDR(&m)->cmsg_type = SCM_RIGHTS;
		CMSG_FIRSTHDR(&m)->cmsg_len = CMSG_LEN(n * sizeof(int));
		memcpy(CMSG_DATA(CMSG_FIRSTHDR(&m)), fds, n * sizeof(int));
	}
	do
		sent = sendmsg(fd, &m, MSG_NOSIGNAL);
	while (sent < 0 && errno == EINTR);
	if (sent != 1)
		return nsp_err_sys(e, "signal step %u%s", step, n ? " with files" : "");
	return 0;
}

/* The descriptors of a received message into fds[]; all closed when too many. */
static int take_fds(struct msghdr *m, int *fds, size_t max, size_t *n, struct nsp_err *e)
{
	bool overflow = m->msg_flags & MSG_CTRUNC;

	*n = 0;
	for (struct cmsghdr *h = CMSG_FIRSTHDR(m); h; h = CMSG_NXTHDR(m, h)) {
		size_t k = (h->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		int got[NSP_SYNC_FDS_MAX];

		if (h->cmsg_level != SOL_SOCKET || h->cmsg_type != SCM_RIGHTS)
			continue;
		k = k > NSP_SYNC_FDS_MAX ? NSP_SYNC_FDS_MAX : k;
		memcpy(got, CMSG_DATA(h), k * sizeof(int));
		for (size_t i = 0; i < k; i++) {
			overflow |= *n == max;
			if (*n < max)
				fds[(*n)++] = got[i];
			else
				close(got[i]);
		}
	}
	if (!overflow)
		return 0;
	while (*n)
		close(fds[--(*n)]);
	return nsp_err_set(e, EPROTO, "more files than the %zu expected", max);
}

int nsp_sync_wait_fds(int fd, uint8_t step, int *fds, size_t max, size_t *n,
		      struct nsp_err *e)
{
	union fds_cmsg c;
	uint8_t got;
	struct iovec iov = { .iov_base = &got, .iov_len = 1 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = c.buf,
			    .msg_controllen = sizeof(c.buf) };
	ssize_t r;

	*n = 0;
	do	/* MSG_TRUNC: the datagram's real length, to refuse a longer one */
		r = recvmsg(fd, &m, MSG_TRUNC | MSG_CMSG_CLOEXEC);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return nsp_err_sys(e, "wait for step %u: receive sync message", step);
	if (r == 0)
		return nsp_err_set(e, EPIPE, "wait for step %u: peer exited before sending", step);
	if (take_fds(&m, fds, max, n, e) < 0)
		return nsp_err_wrap(e, "step %u", step);
	if (r == 1 && got == step)
		return 0;
	while (*n)
		close(fds[--(*n)]);
	if (r != 1)
		return nsp_err_set(e, EPROTO, "wait for step %u: sync message of %zd bytes, want 1",
				   step, r);
	return nsp_err_set(e, EPROTO, "waited for step %u, peer sent %u", step, got);
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
