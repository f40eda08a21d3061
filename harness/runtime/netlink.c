// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The netlink socket: open, send, receive, and requests that want an ack.
 * Reading the reply itself is netlink_run.c.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "runtime/netlink_int.h"

int nl_open(struct nl_sock *s, unsigned int groups, struct nsp_err *e)
{
	int one = 1;

	memset(s, 0, sizeof(*s));
	s->mnl = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
	if (!s->mnl)
		return nsp_err_sys(e, "open NETLINK_ROUTE socket");
	if (mnl_socket_bind(s->mnl, groups, MNL_SOCKET_AUTOPID) < 0) {
		nsp_err_sys(e, "bind NETLINK_ROUTE socket (groups %#x)", groups);
		nl_close(s);
		return -1;
	}
	/*
	 * Both are optional (ENOPROTOOPT before 4.3/4.12): with them an error
	 * answer is short (no copy of our request) and may say in the
	 * kernel's words what was wrong.  Without them errors are still
	 * errors, only terser.
	 */
	mnl_socket_setsockopt(s->mnl, NETLINK_CAP_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(s->mnl, NETLINK_EXT_ACK, &one, sizeof(one));
	s->portid = mnl_socket_get_portid(s->mnl);
	s->groups = groups;
	/* never 0: libmnl treats sequence number 0 as "match anything" */
	s->seq = (uint32_t)time(NULL) | 1;
	return 0;
}

void nl_close(struct nl_sock *s)
{
	if (s->mnl)
		mnl_socket_close(s->mnl);
	s->mnl = NULL;
}

int nl_send(struct nl_sock *s, struct nlmsghdr *nlh, struct nsp_err *e)
{
	ssize_t n;

	if (s->groups)
		return nsp_err_set(e, EINVAL, "request on a socket subscribed to groups %#x "
				   "(its replies could interleave with events)", s->groups);
	if (!s->mnl)
		return nsp_err_set(e, EBADF, "request on a closed netlink socket");
	if (++s->seq == 0)
		s->seq = 1;
	nlh->nlmsg_seq = s->seq;
	do
		n = mnl_socket_sendto(s->mnl, nlh, nlh->nlmsg_len);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return nsp_err_sys(e, "send %u-byte netlink request", nlh->nlmsg_len);
	if ((size_t)n != nlh->nlmsg_len)
		return nsp_err_set(e, EMSGSIZE, "sent %zd of %u bytes", n,
				   nlh->nlmsg_len);
	return 0;
}

/*
 * recvmsg() rather than mnl_socket_recvfrom(): the sender's address tells
 * a kernel reply (port 0) from a datagram another process sent us.
 */
ssize_t nl_recv(struct nl_sock *s, void *buf, size_t len, int flags,
		struct nsp_err *e)
{
	struct sockaddr_nl from;
	struct iovec iov = { buf, len };
	struct msghdr msg = { .msg_name = &from, .msg_namelen = sizeof(from),
			      .msg_iov = &iov, .msg_iovlen = 1 };
	ssize_t n;

	do
		n = recvmsg(mnl_socket_get_fd(s->mnl), &msg, flags);
	while (n < 0 && errno == EINTR);
	if (n < 0 && errno == ENOBUFS)
		return nsp_err_sys(e, "receive: kernel dropped messages (socket buffer overran)");
	if (n < 0)
		return nsp_err_sys(e, "receive netlink reply");
	if (msg.msg_flags & MSG_TRUNC)
		return nsp_err_set(e, ENOSPC, "netlink datagram larger than %zu bytes", len);
	if (msg.msg_namelen != sizeof(from) || from.nl_family != AF_NETLINK ||
	    from.nl_pid != 0)
		return nsp_err_set(e, EPROTO, "datagram from port %u, not from the kernel",
				   from.nl_pid);
	return n;
}

void nl_drain(struct nl_sock *s)
{
	char buf[NL_RECV_SIZE] __attribute__((aligned(8)));
	struct nsp_err ignored;

	/* Each read lets the kernel queue the next part of a dump; bounded
	 * in case something keeps sending. */
	for (int i = 0; i < 1024; i++)
		if (nl_recv(s, buf, sizeof(buf), MSG_DONTWAIT, &ignored) < 0 &&
		    ignored.errnum == EAGAIN)
			return;
}

int nl_request_ack(struct nl_sock *s, struct nlmsghdr *nlh, const char *what,
		   struct nsp_err *e)
{
	struct nl_run r;

	nlh->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	if (nl_send(s, nlh, e) < 0)
		return nsp_err_wrap(e, "%s", what);
	nl_run_init(&r, NL_RUN_ACK, s->seq, s->portid, e);
	if (nl_run_sock(s, &r) < 0)
		return nl_run_fail(&r, what);
	return 0;
}

int nl_parse_ack(const void *buf, size_t len, uint32_t seq, uint32_t portid,
		 struct nsp_err *e)
{
	struct nl_run r;
	int rc;

	nl_run_init(&r, NL_RUN_ACK, seq, portid, e);
	rc = nl_run_buf(&r, buf, len);
	return rc < 0 ? nl_run_fail(&r, "netlink request") : rc;
}

const char *nl_msg_type_name(uint16_t type)
{
	switch (type) {
	case NLMSG_NOOP: return "NLMSG_NOOP";
	case NLMSG_ERROR: return "NLMSG_ERROR";
	case NLMSG_DONE: return "NLMSG_DONE";
	case NLMSG_OVERRUN: return "NLMSG_OVERRUN";
	case RTM_NEWLINK: return "RTM_NEWLINK";
	case RTM_DELLINK: return "RTM_DELLINK";
	case RTM_GETLINK: return "RTM_GETLINK";
	case RTM_SETLINK: return "RTM_SETLINK";
	case RTM_NEWADDR: return "RTM_NEWADDR";
	case RTM_DELADDR: return "RTM_DELADDR";
	case RTM_NEWROUTE: return "RTM_NEWROUTE";
	case RTM_DELROUTE: return "RTM_DELROUTE";
	default: return type < NLMSG_MIN_TYPE ? "unknown control type" : "unknown type";
	}
}
