// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Bridges, their ports, addresses and the forwarding database, the way
 * iproute2 asks for them: RTM_NEWLINK kind "bridge", RTM_NEWLINK with
 * IFLA_MASTER, RTM_NEWADDR, and an RTM_GETNEIGH dump of family AF_BRIDGE
 * (`bridge fdb show`).  Same rules as the rest of netlink*.c: the
 * caller's buffers, every attribute validated, replies matched by
 * sequence number and port id.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/if_link.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>

#include "lib/file.h"
#include "lib/grow.h"
#include "runtime/netlink_int.h"

int nl_bridge_create(struct nl_sock *s, const char *name, struct nsp_err *e)
{
	char buf[NL_REQ_SIZE] __attribute__((aligned(8))), what[64];
	struct nlmsghdr *nlh;
	struct nlattr *info;

	if (nl_check_name(name, e) < 0)
		return nsp_err_wrap(e, "RTM_NEWLINK bridge");
	snprintf(what, sizeof(what), "RTM_NEWLINK bridge %s", name);
	nlh = nl_link_msg(buf, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, 0);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	info = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "bridge");
	mnl_attr_nest_end(nlh, info);
	return nl_request_ack(s, nlh, what, e);
}

int nl_link_set_master(struct nl_sock *s, int ifindex, int master, struct nsp_err *e)
{
	char buf[NL_REQ_SIZE] __attribute__((aligned(8))), what[64];
	struct nlmsghdr *nlh;

	snprintf(what, sizeof(what), "RTM_NEWLINK ifindex %d master %d", ifindex, master);
	if (ifindex <= 0 || master < 0)
		return nsp_err_set(e, EINVAL, "%s: bad ifindex", what);
	nlh = nl_link_msg(buf, RTM_NEWLINK, 0, ifindex);
	mnl_attr_put_u32(nlh, IFLA_MASTER, (uint32_t)master);
	return nl_request_ack(s, nlh, what, e);
}

int nl_port_set_learning(struct nl_sock *s, int ifindex, bool on, struct nsp_err *e)
{
	char buf[NL_REQ_SIZE] __attribute__((aligned(8))), what[64];
	struct nlattr *info, *data;
	struct nlmsghdr *nlh;

	snprintf(what, sizeof(what), "RTM_NEWLINK ifindex %d bridge port learning %s", ifindex,
		 on ? "on" : "off");
	if (ifindex <= 0)
		return nsp_err_set(e, EINVAL, "%s: bad ifindex", what);
	/* as `ip link set X type bridge_slave learning off fdb_flush` */
	nlh = nl_link_msg(buf, RTM_NEWLINK, 0, ifindex);
	info = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_SLAVE_KIND, "bridge");
	data = mnl_attr_nest_start(nlh, IFLA_INFO_SLAVE_DATA);
	mnl_attr_put_u8(nlh, IFLA_BRPORT_LEARNING, on ? 1 : 0);
	if (!on)	/* br_setport: the flags first, then the flush */
		mnl_attr_put(nlh, IFLA_BRPORT_FLUSH, 0, NULL);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, info);
	return nl_request_ack(s, nlh, what, e);
}

int nl_addr_parse(const char *text, struct nl_addr *a, struct nsp_err *e)
{
	char host[INET6_ADDRSTRLEN];
	const char *slash = text ? strchr(text, '/') : NULL;
	long prefix;

	memset(a, 0, sizeof(*a));
	if (!slash || (size_t)(slash - text) >= sizeof(host))
		return nsp_err_set(e, EINVAL, "address `%s': want ADDRESS/PREFIX", text ? text : "");
	memcpy(host, text, (size_t)(slash - text));
	host[slash - text] = '\0';
	if (inet_pton(AF_INET, host, a->bytes) == 1)
		a->family = AF_INET;
	else if (inet_pton(AF_INET6, host, a->bytes) == 1)
		a->family = AF_INET6;
	else
		return nsp_err_set(e, EINVAL, "address `%s': `%s' is not IPv4 or IPv6", text, host);
	if (nsp_parse_long(slash + 1, 0, a->family == AF_INET ? 32 : 128, &prefix) < 0)
		return nsp_err_set(e, EINVAL, "address `%s': prefix `%s' out of range", text,
				   slash + 1);
	a->prefixlen = (uint8_t)prefix;
	return 0;
}

int nl_addr_add(struct nl_sock *s, int ifindex, const struct nl_addr *a,
		struct nsp_err *e)
{
	char buf[NL_REQ_SIZE] __attribute__((aligned(8))), what[96], txt[INET6_ADDRSTRLEN];
	size_t len = a->family == AF_INET ? 4 : 16;
	struct nlmsghdr *nlh;
	struct ifaddrmsg *ifa;

	inet_ntop(a->family, a->bytes, txt, sizeof(txt));
	snprintf(what, sizeof(what), "RTM_NEWADDR %s/%u on ifindex %d", txt, a->prefixlen, ifindex);
	if (ifindex <= 0 || (a->family != AF_INET && a->family != AF_INET6))
		return nsp_err_set(e, EINVAL, "%s: bad ifindex or family", what);
	memset(buf, 0, sizeof(buf));
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_NEWADDR;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL;
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = (uint8_t)a->family;
	ifa->ifa_prefixlen = a->prefixlen;
	ifa->ifa_index = (uint32_t)ifindex;
	mnl_attr_put(nlh, IFA_LOCAL, len, a->bytes);
	mnl_attr_put(nlh, IFA_ADDRESS, len, a->bytes);
	return nl_request_ack(s, nlh, what, e);
}

/* ---- the forwarding database ----------------------------------------- */

struct fdb_ctx {
	int master;		/* keep only this bridge's entries; 0: all */
	struct nl_fdb **v;
	size_t *n, *cap;
};

static int fdb_attr(const struct nlattr *a, void *arg, struct nsp_err *e)
{
	struct nl_fdb *f = arg;

	switch (mnl_attr_get_type(a)) {
	case NDA_LLADDR:
		if (nl_attr_check(a, MNL_TYPE_BINARY, 0, "NDA_LLADDR", e) < 0)
			return -1;
		/* only Ethernet addresses are ours to read; others are left 0 */
		if (mnl_attr_get_payload_len(a) == sizeof(f->mac))
			memcpy(f->mac, mnl_attr_get_payload(a), sizeof(f->mac));
		return 0;
	case NDA_MASTER:
		if (nl_attr_check(a, MNL_TYPE_U32, 0, "NDA_MASTER", e) < 0)
			return -1;
		f->master = (int)mnl_attr_get_u32(a);
		return 0;
	default:
		return 0;
	}
}

static int fdb_msg(const struct nlmsghdr *nlh, void *arg, struct nsp_err *e)
{
	const size_t hdr = MNL_ALIGN(sizeof(struct ndmsg));
	const struct ndmsg *nd = mnl_nlmsg_get_payload(nlh);
	struct fdb_ctx *c = arg;
	struct nl_fdb f = { 0 };

	if (nlh->nlmsg_type != RTM_NEWNEIGH)
		return nsp_err_set(e, EPROTO, "unexpected message type %u in an FDB dump",
				   nlh->nlmsg_type);
	if (mnl_nlmsg_get_payload_len(nlh) < hdr)
		return nsp_err_set(e, EBADMSG, "RTM_NEWNEIGH shorter than ndmsg");
	f.ifindex = nd->ndm_ifindex;
	f.state = nd->ndm_state;
	f.flags = nd->ndm_flags;
	if (nl_attr_walk(mnl_nlmsg_get_payload_offset(nlh, hdr),
			 mnl_nlmsg_get_payload_len(nlh) - hdr, fdb_attr, &f, e) < 0)
		return nsp_err_wrap(e, "FDB entry on ifindex %d", f.ifindex);
	if (nd->ndm_family != AF_BRIDGE || (c->master && f.master != c->master))
		return 0;
	if (nsp_grow(c->v, c->cap, *c->n + 1, sizeof(**c->v)) < 0)
		return nsp_err_set(e, ENOMEM, "room for %zu FDB entries", *c->n + 1);
	(*c->v)[(*c->n)++] = f;
	return 0;
}

int nl_parse_fdb_dump(const void *buf, size_t len, uint32_t seq, uint32_t portid,
		      int master, struct nl_fdb **out, size_t *n, size_t *cap,
		      struct nsp_err *e)
{
	struct fdb_ctx c = { master, out, n, cap };
	struct nl_run r;
	int rc;

	nl_run_init(&r, NL_RUN_DUMP, seq, portid, e);
	r.on_msg = fdb_msg;
	r.arg = &c;
	rc = nl_run_buf(&r, buf, len);
	return rc < 0 ? nl_run_fail(&r, "FDB dump") : rc;
}

int nl_fdb_dump(struct nl_sock *s, int master, struct nl_fdb **out, size_t *n,
		struct nsp_err *e)
{
	char buf[NL_REQ_SIZE] __attribute__((aligned(8)));
	size_t cap = 0;
	struct fdb_ctx c = { master, out, n, &cap };
	struct nlmsghdr *nlh;
	struct ndmsg *nd;
	struct nl_run r;

	*out = NULL;
	*n = 0;
	memset(buf, 0, sizeof(buf));
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_GETNEIGH;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	/* an ndmsg alone (shorter than the ifinfomsg older kernels look
	 * for): every entry, filtered here */
	nd = mnl_nlmsg_put_extra_header(nlh, sizeof(*nd));
	nd->ndm_family = AF_BRIDGE;
	if (nl_send(s, nlh, e) < 0)
		return nsp_err_wrap(e, "RTM_GETNEIGH AF_BRIDGE dump");
	nl_run_init(&r, NL_RUN_DUMP, s->seq, s->portid, e);
	r.on_msg = fdb_msg;
	r.arg = &c;
	if (nl_run_sock(s, &r) < 0) {
		free(*out);
		*out = NULL;
		*n = 0;
		return nl_run_fail(&r, "RTM_GETNEIGH AF_BRIDGE dump");
	}
	return 0;
}
