// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Link requests: dump, get, create a veth pair, move to another netns,
 * up/down, delete.  Each builds its message in a zeroed buffer on its own
 * stack (so no padding byte goes out uninitialised) and names the request
 * in the error context: "RTM_NEWLINK veth nsp0 peer nsp1: File exists".
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>

#include "runtime/netlink_int.h"

#define ETH_ALEN 6
#define DUMP_TRIES 3	/* NLM_F_DUMP_INTR retries before giving up */

struct nlmsghdr *nl_link_msg(void *buf, uint16_t type, uint16_t flags,
			     int ifindex)
{
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifi;

	memset(buf, 0, NL_REQ_SIZE);
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	return nlh;
}

int nl_check_name(const char *name, struct nsp_err *e)
{
	if (!name || !name[0])
		return nsp_err_set(e, EINVAL, "empty interface name");
	if (strlen(name) >= IFNAMSIZ)
		return nsp_err_set(e, ENAMETOOLONG, "interface name `%s' is longer than %d",
				   name, IFNAMSIZ - 1);
	return 0;
}

static int dump_once(struct nl_sock *s, struct nl_link_list *out,
		     struct nsp_err *e)
{
	char buf[NL_REQ_SIZE] __attribute__((aligned(8)));
	struct nlmsghdr *nlh = nl_link_msg(buf, RTM_GETLINK, NLM_F_DUMP, 0);
	struct nl_run r;

	/* statistics are most of each message and we never read them */
	mnl_attr_put_u32(nlh, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
	out->n = 0;
	if (nl_send(s, nlh, e) < 0)
		return nsp_err_wrap(e, "RTM_GETLINK dump");
	nl_run_init(&r, NL_RUN_DUMP, s->seq, s->portid, e);
	r.on_msg = nl_dump_link_msg;
	r.arg = out;
	if (nl_run_sock(s, &r) < 0)
		return nl_run_fail(&r, "RTM_GETLINK dump");
	return 0;
}

int nl_link_dump(struct nl_sock *s, struct nl_link_list *out, struct nsp_err *e)
{
	int rc = -1;

	for (int i = 0; i < DUMP_TRIES; i++) {
		rc = dump_once(s, out, e);
		if (rc == 0 || e->errnum != EINTR)
			break;
	}
	if (rc < 0)
		out->n = 0;	/* never a partial list */
	return rc;
}

struct get_ctx {
	struct nl_link *out;
	unsigned int n;
};

static int get_msg(const struct nlmsghdr *nlh, void *arg, struct nsp_err *e)
{
	struct get_ctx *g = arg;

	if (nlh->nlmsg_type != RTM_NEWLINK || g->n > 0)
		return nsp_err_set(e, EPROTO, "unexpected message type %u%s",
				   nlh->nlmsg_type, g->n ? " after the link" : "");
	g->n++;
	return nl_parse_link(nlh, g->out, e);
}

/* RTM_GETLINK by ifindex (> 0) or, when it is 0, by name. */
static int get_one(struct nl_sock *s, int ifindex, const char *name,
		   struct nl_link *out, struct nsp_err *e)
{
	char buf[NL_REQ_SIZE] __attribute__((aligned(8))), what[64];
	struct get_ctx g = { .out = out };
	struct nlmsghdr *nlh;
	struct nl_run r;

	if (ifindex > 0)
		snprintf(what, sizeof(what), "RTM_GETLINK ifindex %d", ifindex);
	else if (nl_check_name(name, e) < 0)
		return nsp_err_wrap(e, "RTM_GETLINK");
	else
		snprintf(what, sizeof(what), "RTM_GETLINK %s", name);
	nlh = nl_link_msg(buf, RTM_GETLINK, NLM_F_ACK, ifindex > 0 ? ifindex : 0);
	if (ifindex <= 0)
		mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	mnl_attr_put_u32(nlh, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
	if (nl_send(s, nlh, e) < 0)
		return nsp_err_wrap(e, "%s", what);
	nl_run_init(&r, NL_RUN_ACK, s->seq, s->portid, e);
	r.on_msg = get_msg;
	r.arg = &g;
	if (nl_run_sock(s, &r) < 0)
		return nl_run_fail(&r, what);
	if (g.n != 1)
		return nsp_err_set(e, EPROTO, "%s: acked without a link", what);
	return 0;
}

int nl_link_get(struct nl_sock *s, const char *name, struct nl_link *out,
		struct nsp_err *e)
{
	return get_one(s, 0, name, out, e);
}

int nl_link_get_index(struct nl_sock *s, int ifindex, struct nl_link *out,
		      struct nsp_err *e)
{
	if (ifindex <= 0)
		return nsp_err_set(e, EINVAL, "RTM_GETLINK: bad ifindex %d", ifindex);
	return get_one(s, ifindex, NULL, out, e);
}

int nl_link_index(struct nl_sock *s, const char *name, struct nsp_err *e)
{
	struct nl_link l;

	if (nl_link_get(s, name, &l, e) < 0)
		return -1;
	return l.ifindex;
}

static int check_end(const struct nl_veth_end *end, struct nsp_err *e)
{
	if (!end || nl_check_name(end->name, e) < 0)
		return end ? -1 : nsp_err_set(e, EINVAL, "no veth end given");
	if (end->in_netns && end->netns_fd < 0)
		return nsp_err_set(e, EBADF, "%s: netns fd %d", end->name, end->netns_fd);
	return 0;
}

static void put_end(struct nlmsghdr *nlh, const struct nl_veth_end *end)
{
	mnl_attr_put_strz(nlh, IFLA_IFNAME, end->name);
	if (end->mtu)
		mnl_attr_put_u32(nlh, IFLA_MTU, end->mtu);
	if (end->mac)
		mnl_attr_put(nlh, IFLA_ADDRESS, ETH_ALEN, end->mac);
	if (end->in_netns)
		mnl_attr_put_u32(nlh, IFLA_NET_NS_FD, (uint32_t)end->netns_fd);
}

int nl_veth_create(struct nl_sock *s, const struct nl_veth_end *a,
		   const struct nl_veth_end *peer, struct nsp_err *e)
{
	char buf[NL_REQ_SIZE] __attribute__((aligned(8))), what[80];
	struct nlattr *info, *data, *nest;
	struct nlmsghdr *nlh;

	if (check_end(a, e) < 0 || check_end(peer, e) < 0)
		return nsp_err_wrap(e, "RTM_NEWLINK veth");
	snprintf(what, sizeof(what), "RTM_NEWLINK veth %s peer %s", a->name, peer->name);
	nlh = nl_link_msg(buf, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, 0);
	put_end(nlh, a);
	info = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "veth");
	data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
	nest = mnl_attr_nest_start(nlh, VETH_INFO_PEER);
	/* the peer is described like a whole RTM_NEWLINK: header, then attrs */
	mnl_nlmsg_put_extra_header(nlh, sizeof(struct ifinfomsg));
	put_end(nlh, peer);
	mnl_attr_nest_end(nlh, nest);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, info);
	return nl_request_ack(s, nlh, what, e);
}

int nl_link_move(struct nl_sock *s, int ifindex, int netns_fd,
		 const char *new_name, struct nsp_err *e)
{
	char buf[NL_REQ_SIZE] __attribute__((aligned(8))), what[96];
	struct nlmsghdr *nlh;

	snprintf(what, sizeof(what), "RTM_NEWLINK move ifindex %d to netns fd %d%s%s",
		 ifindex, netns_fd, new_name ? " as " : "", new_name ? new_name : "");
	if (ifindex <= 0 || netns_fd < 0)
		return nsp_err_set(e, EINVAL, "%s: bad ifindex or fd", what);
	if (new_name && nl_check_name(new_name, e) < 0)
		return nsp_err_wrap(e, "%s", what);
	/* no NLM_F_CREATE: change the existing link, as `ip link set` does */
	nlh = nl_link_msg(buf, RTM_NEWLINK, 0, ifindex);
	mnl_attr_put_u32(nlh, IFLA_NET_NS_FD, (uint32_t)netns_fd);
	if (new_name)
		mnl_attr_put_strz(nlh, IFLA_IFNAME, new_name);
	return nl_request_ack(s, nlh, what, e);
}

int nl_netns_open(pid_t pid, struct nsp_err *e)
{
	char path[64];
	int fd;

	if (pid > 0)
		snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)pid);
	else
		snprintf(path, sizeof(path), "/proc/self/ns/net");
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return nsp_err_sys(e, "open %s", path);
	return fd;
}

int nl_link_set_up(struct nl_sock *s, int ifindex, bool up, struct nsp_err *e)
{
	char buf[NL_REQ_SIZE] __attribute__((aligned(8))), what[64];
	struct nlmsghdr *nlh = nl_link_msg(buf, RTM_NEWLINK, 0, ifindex);
	struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);

	snprintf(what, sizeof(what), "RTM_NEWLINK ifindex %d %s", ifindex,
		 up ? "up" : "down");
	if (ifindex <= 0)
		return nsp_err_set(e, EINVAL, "%s: bad ifindex", what);
	/* ifi_change names the flags to change, ifi_flags their new value */
	ifi->ifi_change = IFF_UP;
	ifi->ifi_flags = up ? IFF_UP : 0;
	return nl_request_ack(s, nlh, what, e);
}

int nl_link_del(struct nl_sock *s, int ifindex, const char *name,
		struct nsp_err *e)
{
	char buf[NL_REQ_SIZE] __attribute__((aligned(8))), what[64];
	struct nlmsghdr *nlh = nl_link_msg(buf, RTM_DELLINK, 0, ifindex > 0 ? ifindex : 0);

	if (ifindex > 0) {
		snprintf(what, sizeof(what), "RTM_DELLINK ifindex %d", ifindex);
	} else {
		if (nl_check_name(name, e) < 0)
			return nsp_err_wrap(e, "RTM_DELLINK");
		snprintf(what, sizeof(what), "RTM_DELLINK %s", name);
		mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	}
	return nl_request_ack(s, nlh, what, e);
}
