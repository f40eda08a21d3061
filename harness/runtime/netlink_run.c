// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reading a netlink reply: exact framing, sequence number and port id
 * (through mnl_cb_run2), acks, NLMSG_DONE with its result, kernel errors
 * with their extended ack text.  Pure functions of the bytes, so the
 * parse tests and fuzzers drive the same code as the live socket.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <linux/netlink.h>

#include "runtime/netlink_int.h"

void nl_run_init(struct nl_run *r, enum nl_run_mode mode, uint32_t seq,
		 uint32_t portid, struct nsp_err *e)
{
	memset(r, 0, sizeof(*r));
	nsp_err_clear(e);
	r->mode = mode;
	r->seq = seq;
	r->portid = portid;
	r->e = e;
}

/* The kernel's NLMSGERR_ATTR_MSG, when it sent extended ack TLVs. */
static int ext_attr(const struct nlattr *a, void *arg, struct nsp_err *e)
{
	struct nl_run *r = arg;

	if (mnl_attr_get_type(a) != NLMSGERR_ATTR_MSG)
		return 0;
	if (nl_attr_check(a, MNL_TYPE_NUL_STRING, 0, "NLMSGERR_ATTR_MSG", e) < 0)
		return -1;
	snprintf(r->ext, sizeof(r->ext), "%s", mnl_attr_get_str(a));
	return 0;
}

/* TLVs start after the error code and the (capped or whole) request. */
static void read_ext_ack(struct nl_run *r, const struct nlmsghdr *nlh,
			 size_t off)
{
	size_t plen = mnl_nlmsg_get_payload_len(nlh);
	struct nsp_err ignored;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) || off > plen)
		return;
	/* decoration only: a malformed TLV must not hide the errno itself */
	if (nl_attr_walk((const char *)mnl_nlmsg_get_payload(nlh) + off,
			 plen - off, ext_attr, r, &ignored) < 0)
		r->ext[0] = '\0';
}

static int fail(struct nl_run *r, int errnum, const char *what, uint16_t type)
{
	nsp_err_set(r->e, errnum, "%s %u (%s)", what, r->nmsg,
		    nl_msg_type_name(type));
	r->failed = true;
	return MNL_CB_ERROR;
}

/* An errno from the kernel: negative, and no larger than MAX_ERRNO. */
static int kernel_error(struct nl_run *r, const struct nlmsghdr *nlh,
			int error, size_t ext_off)
{
	if (error > 0 || error < -4095)
		return fail(r, EBADMSG, "impossible error code in message", nlh->nlmsg_type);
	if (error == 0)
		return MNL_CB_OK;
	read_ext_ack(r, nlh, ext_off);
	nsp_err_set(r->e, -error, "%s", "");
	r->kernel_err = true;
	r->failed = true;
	return MNL_CB_ERROR;
}

static int on_error(struct nl_run *r, const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
	size_t off = sizeof(*err);

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*err))
		return fail(r, EBADMSG, "NLMSG_ERROR shorter than nlmsgerr: message",
			    nlh->nlmsg_type);
	if (r->mode == NL_RUN_EVENT)
		return fail(r, EPROTO, "unexpected control message", nlh->nlmsg_type);
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED) &&
	    err->msg.nlmsg_len >= sizeof(struct nlmsghdr))
		off += MNL_ALIGN(err->msg.nlmsg_len - sizeof(struct nlmsghdr));
	if (kernel_error(r, nlh, err->error, off) != MNL_CB_OK)
		return MNL_CB_ERROR;
	if (r->mode != NL_RUN_ACK)	/* an ack can only answer a request */
		return fail(r, EPROTO, "unexpected ack in a dump: message", nlh->nlmsg_type);
	return MNL_CB_STOP;
}

/* NLMSG_DONE carries the dump's own result, which libmnl ignores. */
static int on_done(struct nl_run *r, const struct nlmsghdr *nlh)
{
	int error;

	if (r->mode != NL_RUN_DUMP)
		return fail(r, EPROTO, "unexpected control message", nlh->nlmsg_type);
	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(error))
		return fail(r, EBADMSG, "NLMSG_DONE without its error code: message",
			    nlh->nlmsg_type);
	memcpy(&error, mnl_nlmsg_get_payload(nlh), sizeof(error));
	if (kernel_error(r, nlh, error, sizeof(error)) != MNL_CB_OK)
		return MNL_CB_ERROR;
	return MNL_CB_STOP;
}

/* Every control type goes here: libmnl skips any left NULL in the array. */
static int ctl_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct nl_run *r = arg;
	int rc;

	r->nmsg++;
	if (nlh->nlmsg_type == NLMSG_ERROR)
		rc = on_error(r, nlh);
	else if (nlh->nlmsg_type == NLMSG_DONE)
		rc = on_done(r, nlh);
	else
		rc = fail(r, EPROTO, "unexpected control message", nlh->nlmsg_type);
	if (rc == MNL_CB_STOP)
		r->end = (const char *)nlh + MNL_ALIGN(nlh->nlmsg_len);
	return rc;
}

static int data_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct nl_run *r = arg;

	r->nmsg++;
	if (!r->on_msg)
		return fail(r, EPROTO, "unexpected data in the reply: message",
			    nlh->nlmsg_type);
	if (r->on_msg(nlh, r->arg, r->e) < 0) {
		nsp_err_wrap(r->e, "message %u (%s)", r->nmsg,
			     nl_msg_type_name(nlh->nlmsg_type));
		r->failed = true;
		return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

/*
 * libmnl stops silently at bytes that do not form a whole message (and
 * then reports "all fine, read more"), and 1.0.4's mnl_nlmsg_ok() casts
 * nlmsg_len to int, so a length of 2 GiB or more passes it and sends
 * mnl_cb_run off the end of the buffer.  Walk the buffer ourselves first,
 * comparing unsigned: it must be exactly a sequence of whole messages,
 * the last one possibly without its padding.  mnl_cb_run then walks the
 * same messages.
 */
static int check_framing(const void *buf, size_t len, struct nsp_err *e)
{
	const char *p = buf, *end = p + len;
	unsigned int i = 0;

	if ((uintptr_t)buf % MNL_ALIGNTO)
		return nsp_err_set(e, EINVAL, "netlink buffer is not 4-byte aligned");
	if (len > NL_RECV_SIZE * 64)
		return nsp_err_set(e, EMSGSIZE, "netlink buffer of %zu bytes", len);
	while (p < end) {
		const struct nlmsghdr *nlh = (const void *)p;
		size_t left = (size_t)(end - p);

		i++;
		if (left < sizeof(*nlh) || nlh->nlmsg_len < sizeof(*nlh) ||
		    nlh->nlmsg_len > left)
			return nsp_err_set(e, EBADMSG, "truncated netlink message: message %u "
					   "claims %u bytes, %zu left", i,
					   left < sizeof(*nlh) ? 0 : nlh->nlmsg_len, left);
		p += MNL_ALIGN(nlh->nlmsg_len) < left ? MNL_ALIGN(nlh->nlmsg_len) : left;
	}
	return 0;
}

/* libmnl failed a check of its own (errno only): find the message. */
static int mnl_failure(struct nl_run *r, unsigned int i, const void *buf,
		       size_t len, int err)
{
	const struct nlmsghdr *nlh = buf;

	int rem = (int)len;

	while (mnl_nlmsg_ok(nlh, rem)) {
		if (err == ESRCH && !mnl_nlmsg_portid_ok(nlh, r->portid))
			return nsp_err_set(r->e, ESRCH, "message %u is for port %u, we are %u",
					   i, nlh->nlmsg_pid, r->portid);
		if (err == EPROTO && !mnl_nlmsg_seq_ok(nlh, r->seq))
			return nsp_err_set(r->e, EPROTO, "message %u has sequence number %u, want %u",
					   i, nlh->nlmsg_seq, r->seq);
		if (err == EINTR && (nlh->nlmsg_flags & NLM_F_DUMP_INTR))
			return nsp_err_set(r->e, EINTR, "message %u: dump interrupted "
					   "(NLM_F_DUMP_INTR: links changed meanwhile)", i);
		nlh = mnl_nlmsg_next(nlh, &rem);
		i++;
	}
	return nsp_err_set(r->e, err, "mnl_cb_run2 failed after message %u", r->nmsg);
}

int nl_run_buf(struct nl_run *r, const void *buf, size_t len)
{
	static mnl_cb_t ctl[NLMSG_MIN_TYPE] = {
		[0 ... NLMSG_MIN_TYPE - 1] = ctl_cb,
	};
	unsigned int first = r->nmsg + 1;	/* number of buf's first message */
	int rc;

	if (check_framing(buf, len, r->e) < 0)
		return -1;
	r->end = NULL;
	errno = 0;
	rc = mnl_cb_run2(buf, len, r->seq, r->portid, data_cb, r, ctl,
			 MNL_ARRAY_SIZE(ctl));
	if (rc == MNL_CB_ERROR && !r->failed)
		return mnl_failure(r, first, buf, len, errno ? errno : EPROTO);
	if (rc == MNL_CB_ERROR)
		return -1;
	if (rc == MNL_CB_OK)
		return 1;
	/* complete: nothing may follow the message that ended the reply */
	if (r->end && r->end < (const char *)buf + len)
		return nsp_err_set(r->e, EPROTO, "%zu bytes after the end of the reply",
				   (size_t)((const char *)buf + len - r->end));
	return 0;
}

int nl_run_sock(struct nl_sock *s, struct nl_run *r)
{
	char buf[NL_RECV_SIZE] __attribute__((aligned(8)));
	ssize_t n;
	int rc;

	do {
		n = nl_recv(s, buf, sizeof(buf), 0, r->e);
		rc = n < 0 ? -1 : nl_run_buf(r, buf, (size_t)n);
	} while (rc > 0);
	/* what is left of a reply we gave up on would answer the next request */
	if (rc < 0 && !r->kernel_err)
		nl_drain(s);
	return rc;
}

int nl_run_fail(struct nl_run *r, const char *what)
{
	if (!r->kernel_err)
		return nsp_err_wrap(r->e, "%s", what);
	/* the kernel's errno needs no more context than the request */
	if (r->ext[0])
		return nsp_err_set(r->e, r->e->errnum, "%s (kernel: %s)", what, r->ext);
	return nsp_err_set(r->e, r->e->errnum, "%s", what);
}

