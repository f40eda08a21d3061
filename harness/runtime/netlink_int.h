/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shared between harness/core/netlink*.c only; the API is netlink.h. */
#ifndef NSP_RUNTIME_NETLINK_INT_H
#define NSP_RUNTIME_NETLINK_INT_H

#include "runtime/netlink.h"

/* Requests carry at most two names, two MACs and a few u32s. */
#define NL_REQ_SIZE 1024

/* A handler for one data message of a reply; -1 with *e set to stop. */
typedef int (*nl_msg_fn)(const struct nlmsghdr *nlh, void *arg,
			 struct nsp_err *e);
/* A handler for one attribute of a payload; -1 with *e set to stop. */
typedef int (*nl_attr_fn)(const struct nlattr *a, void *arg, struct nsp_err *e);

/* What ends the reply we are reading. */
enum nl_run_mode {
	NL_RUN_ACK,	/* NLMSG_ERROR with error 0 */
	NL_RUN_DUMP,	/* NLMSG_DONE */
	NL_RUN_EVENT,	/* nothing: notifications only, no control message */
};

/* State of reading one reply, possibly spread over several datagrams. */
struct nl_run {
	enum nl_run_mode mode;
	uint32_t seq, portid;	/* what mnl_cb_run checks; 0 matches any */
	nl_msg_fn on_msg;	/* data messages; NULL: any is unexpected */
	void *arg;
	struct nsp_err *e;
	unsigned int nmsg;	/* messages seen so far, for error context */
	bool failed;		/* one of our callbacks set *e */
	bool kernel_err;	/* *e is the kernel's answer, msg still empty */
	char ext[160];		/* the kernel's extended ack message, if any */
	const char *end;	/* just past the message that ended the reply */
};

void nl_run_init(struct nl_run *r, enum nl_run_mode mode, uint32_t seq,
		 uint32_t portid, struct nsp_err *e);
/* One buffer of whole messages: 0 reply complete, 1 more to come, -1. */
int nl_run_buf(struct nl_run *r, const void *buf, size_t len);
/* Receive and run datagrams until the reply is complete: 0 or -1. */
int nl_run_sock(struct nl_sock *s, struct nl_run *r);
/* After a failed run: put `what` in front of the context; returns -1. */
int nl_run_fail(struct nl_run *r, const char *what);

/* Stamp the next sequence number on nlh and send it. */
int nl_send(struct nl_sock *s, struct nlmsghdr *nlh, struct nsp_err *e);
/* One datagram from the kernel (EINTR retried); its length or -1. */
ssize_t nl_recv(struct nl_sock *s, void *buf, size_t len, int flags,
		struct nsp_err *e);
/* Discard whatever is queued (the rest of a dump we gave up on). */
void nl_drain(struct nl_sock *s);

/*
 * Call fn for each attribute in [payload, payload + len).  Bytes left over
 * that do not form an attribute are EBADMSG: libmnl's iterators stop
 * there silently.
 */
int nl_attr_walk(const void *payload, size_t len, nl_attr_fn fn, void *arg,
		 struct nsp_err *e);
/* mnl_attr_validate{,2} with context: EBADMSG naming the attribute. */
int nl_attr_check(const struct nlattr *a, enum mnl_attr_data_type type,
		  size_t len, const char *name, struct nsp_err *e);

/* nl_msg_fn of a link dump: append one RTM_NEWLINK to the nl_link_list. */
int nl_dump_link_msg(const struct nlmsghdr *nlh, void *arg, struct nsp_err *e);

/* An RTM_*LINK request with its ifinfomsg, in a zeroed NL_REQ_SIZE buf. */
struct nlmsghdr *nl_link_msg(void *buf, uint16_t type, uint16_t flags,
			     int ifindex);
/* A name fit for IFLA_IFNAME: EINVAL when empty, ENAMETOOLONG when long. */
int nl_check_name(const char *name, struct nsp_err *e);

#endif
