// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Link notifications from an RTMGRP_LINK socket, waited for with poll()
 * against a deadline: a missing event is ETIMEDOUT, never a hang, and
 * nothing sleeps.
 */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <time.h>

#include <linux/rtnetlink.h>

#include "runtime/netlink_int.h"

struct event_ctx {
	struct nl_event *ev;
	unsigned int n;
};

static int event_msg(const struct nlmsghdr *nlh, void *arg, struct nsp_err *e)
{
	struct event_ctx *c = arg;

	if (nlh->nlmsg_type != RTM_NEWLINK && nlh->nlmsg_type != RTM_DELLINK)
		return nsp_err_set(e, EPROTO, "unexpected message type %u on a link event socket",
				   nlh->nlmsg_type);
	if (c->n++ > 0)
		return nsp_err_set(e, EPROTO, "more than one notification in a datagram");
	c->ev->type = nlh->nlmsg_type;
	return nl_parse_link(nlh, &c->ev->link, e);
}

int nl_parse_event(const void *buf, size_t len, struct nl_event *ev,
		   struct nsp_err *e)
{
	struct event_ctx c = { .ev = ev };
	struct nl_run r;

	/*
	 * A notification carries the sequence number and port id of the
	 * request that caused it (someone else's, or 0), so there is nothing
	 * to match: 0 is libmnl's "any".
	 */
	memset(ev, 0, sizeof(*ev));
	nl_run_init(&r, NL_RUN_EVENT, 0, 0, e);
	r.on_msg = event_msg;
	r.arg = &c;
	if (nl_run_buf(&r, buf, len) < 0)
		return nl_run_fail(&r, "link event");
	if (c.n != 1)
		return nsp_err_set(e, EPROTO, "link event: empty datagram");
	return 0;
}

static void deadline_in(struct timespec *d, int ms)
{
	clock_gettime(CLOCK_MONOTONIC, d);
	d->tv_sec += ms / 1000;
	d->tv_nsec += (long)(ms % 1000) * 1000000L;
	if (d->tv_nsec >= 1000000000L) {
		d->tv_sec++;
		d->tv_nsec -= 1000000000L;
	}
}

/* Milliseconds to the deadline, rounded up so poll never spins; >= 0. */
static int ms_left(const struct timespec *d)
{
	struct timespec now;
	long long ns;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ns = (long long)(d->tv_sec - now.tv_sec) * 1000000000LL +
	     (d->tv_nsec - now.tv_nsec);
	return ns <= 0 ? 0 : (int)((ns + 999999) / 1000000);
}

static int next_until(struct nl_sock *s, const struct timespec *deadline,
		      struct nl_event *ev, struct nsp_err *e)
{
	char buf[NL_RECV_SIZE] __attribute__((aligned(8)));
	struct pollfd p = { .fd = mnl_socket_get_fd(s->mnl), .events = POLLIN };
	ssize_t n;
	int rc;

	if (!s->groups)
		return nsp_err_set(e, EINVAL, "waiting for events on a socket with no "
				   "multicast group (open it with RTMGRP_LINK)");
	do
		rc = poll(&p, 1, ms_left(deadline));
	while (rc < 0 && errno == EINTR);
	if (rc < 0)
		return nsp_err_sys(e, "poll link event socket");
	if (rc == 0)
		return nsp_err_set(e, ETIMEDOUT, "no link event in time");
	/* POLLERR too ends up here: the read reports it (ENOBUFS) */
	n = nl_recv(s, buf, sizeof(buf), MSG_DONTWAIT, e);
	if (n < 0)
		return nsp_err_wrap(e, "link event");
	return nl_parse_event(buf, (size_t)n, ev, e);
}

int nl_event_next(struct nl_sock *s, int timeout_ms, struct nl_event *ev,
		  struct nsp_err *e)
{
	struct timespec deadline;

	deadline_in(&deadline, timeout_ms);
	if (next_until(s, &deadline, ev, e) == 0)
		return 0;
	if (e->errnum == ETIMEDOUT)
		nsp_err_set(e, ETIMEDOUT, "no link event within %d ms", timeout_ms);
	return -1;
}

static bool matches(const struct nl_event_match *m, const struct nl_event *ev)
{
	return (!m->type || m->type == ev->type) &&
	       (!m->ifindex || m->ifindex == ev->link.ifindex) &&
	       (!m->name || strcmp(m->name, ev->link.name) == 0);
}

/* Events until one matches m; ETIMEDOUT at the deadline, even when
 * unrelated events keep coming. */
static int wait_until(struct nl_sock *s, const struct nl_event_match *m,
		      const struct timespec *deadline, struct nl_event *ev,
		      struct nsp_err *e)
{
	for (;;) {
		if (next_until(s, deadline, ev, e) < 0)
			return -1;
		if (matches(m, ev))
			return 0;
		if (ms_left(deadline) == 0)
			return nsp_err_set(e, ETIMEDOUT, "no matching link event in time");
	}
}

int nl_event_wait(struct nl_sock *s, const struct nl_event_match *m,
		  int timeout_ms, struct nl_event *ev, struct nsp_err *e)
{
	struct timespec deadline;

	deadline_in(&deadline, timeout_ms);
	if (wait_until(s, m, &deadline, ev, e) == 0)
		return 0;
	if (e->errnum == ETIMEDOUT)
		nsp_err_set(e, ETIMEDOUT, "no matching %s (ifindex %d, name %s) within %d ms",
			    m->type ? nl_msg_type_name(m->type) : "link event",
			    m->ifindex, m->name ? m->name : "any", timeout_ms);
	return -1;
}

int nl_link_wait_gone(struct nl_sock *sub, struct nl_sock *req, int ifindex,
		      int timeout_ms, struct nsp_err *e)
{
	const struct nl_event_match m = { .type = RTM_DELLINK, .ifindex = ifindex };
	struct timespec deadline;
	struct nl_event ev;
	struct nl_link l;

	if (!sub->groups || req->groups)
		return nsp_err_set(e, EINVAL, "wait for ifindex %d to go: needs a subscribed "
				   "socket and a request socket", ifindex);
	deadline_in(&deadline, timeout_ms);
	for (;;) {
		/* the request socket tells the truth; the event says when to ask */
		int rc = nl_link_get_index(req, ifindex, &l, e);

		if (rc < 0 && e->errnum == ENODEV) {
			nsp_err_clear(e);
			return 0;
		}
		if (rc < 0)
			return nsp_err_wrap(e, "wait for ifindex %d to go", ifindex);
		if (wait_until(sub, &m, &deadline, &ev, e) == 0 ||
		    (e->errnum == ENOBUFS && ms_left(&deadline) > 0))
			continue;
		if (e->errnum == ETIMEDOUT)
			return nsp_err_set(e, ETIMEDOUT, "link %s (ifindex %d) still there "
					   "after %d ms", l.name, ifindex, timeout_ms);
		return nsp_err_wrap(e, "wait for %s (ifindex %d) to go", l.name, ifindex);
	}
}
