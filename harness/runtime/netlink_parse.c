// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Parsing RTM_NEWLINK/RTM_DELLINK messages and link dumps.  Every
 * attribute is validated (type and length) before it is read, and bytes
 * that do not form an attribute are an error, never ignored.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/if_link.h>
#include <linux/rtnetlink.h>

#include "lib/grow.h"
#include "runtime/netlink_int.h"

int nl_attr_walk(const void *payload, size_t len, nl_attr_fn fn, void *arg,
		 struct nsp_err *e)
{
	const char *end = (const char *)payload + len;
	const struct nlattr *a = payload;

	if (len > 0xffff * 64)
		return nsp_err_set(e, EMSGSIZE, "attribute area of %zu bytes", len);
	/* 1.0.4's mnl_attr_ok takes the bytes left from `a` to the end */
	while (mnl_attr_ok(a, (int)(end - (const char *)a))) {
		if (fn(a, arg, e) < 0)
			return -1;
		a = mnl_attr_next(a);
	}
	/* the last attribute's padding may be missing; nothing else may */
	if (end - (const char *)a > 0)
		return nsp_err_set(e, EBADMSG, "%td trailing bytes do not form an attribute",
				   end - (const char *)a);
	return 0;
}

static const char *type_name(enum mnl_attr_data_type type)
{
	switch (type) {
	case MNL_TYPE_U8: return "u8";
	case MNL_TYPE_U16: return "u16";
	case MNL_TYPE_U32: return "u32";
	case MNL_TYPE_U64: return "u64";
	case MNL_TYPE_NUL_STRING: return "NUL-terminated string";
	case MNL_TYPE_NESTED: return "nest";
	default: return "binary";
	}
}

int nl_attr_check(const struct nlattr *a, enum mnl_attr_data_type type,
		  size_t len, const char *name, struct nsp_err *e)
{
	int rc = len ? mnl_attr_validate2(a, type, len) : mnl_attr_validate(a, type);

	if (rc < 0)
		return nsp_err_set(e, EBADMSG, "%s: %u-byte payload is not a valid %s (%s)",
				   name, mnl_attr_get_payload_len(a), type_name(type),
				   nsp_errno_name(errno));
	return 0;
}

/* A NUL-terminated string that fits `size` bytes with its NUL. */
static int get_str(const struct nlattr *a, const char *name, char *dst,
		   size_t size, struct nsp_err *e)
{
	if (nl_attr_check(a, MNL_TYPE_NUL_STRING, 0, name, e) < 0)
		return -1;
	if (mnl_attr_get_payload_len(a) > size)
		return nsp_err_set(e, EBADMSG, "%s: %u bytes, at most %zu allowed", name,
				   mnl_attr_get_payload_len(a), size);
	/* libmnl checked the last byte is NUL; an earlier NUL just ends it */
	snprintf(dst, size, "%s", mnl_attr_get_str(a));
	return 0;
}

static int linkinfo_attr(const struct nlattr *a, void *arg, struct nsp_err *e)
{
	struct nl_link *l = arg;

	if (mnl_attr_get_type(a) != IFLA_INFO_KIND)
		return 0;
	return get_str(a, "IFLA_INFO_KIND", l->kind, sizeof(l->kind), e);
}

static int get_linkinfo(const struct nlattr *a, struct nl_link *l,
			struct nsp_err *e)
{
	if (nl_attr_check(a, MNL_TYPE_NESTED, 0, "IFLA_LINKINFO", e) < 0)
		return -1;
	if (nl_attr_walk(mnl_attr_get_payload(a), mnl_attr_get_payload_len(a),
			 linkinfo_attr, l, e) < 0)
		return nsp_err_wrap(e, "IFLA_LINKINFO");
	return 0;
}

static int get_addr(const struct nlattr *a, struct nl_link *l, struct nsp_err *e)
{
	uint16_t n = mnl_attr_get_payload_len(a);

	if (nl_attr_check(a, MNL_TYPE_BINARY, 0, "IFLA_ADDRESS", e) < 0)
		return -1;
	if (n == 0 || n > sizeof(l->addr))
		return nsp_err_set(e, EBADMSG, "IFLA_ADDRESS of %u bytes, want 1..%zu",
				   n, sizeof(l->addr));
	memcpy(l->addr, mnl_attr_get_payload(a), n);
	l->addr_len = (uint8_t)n;
	return 0;
}

/* Which required attributes a link message had. */
struct link_parse {
	struct nl_link *l;
	bool name, mtu;
};

static int u32_attr(const struct nlattr *a, const char *name, uint32_t *dst,
		    struct nsp_err *e)
{
	if (nl_attr_check(a, MNL_TYPE_U32, 0, name, e) < 0)
		return -1;
	*dst = mnl_attr_get_u32(a);
	return 0;
}

static int link_attr(const struct nlattr *a, void *arg, struct nsp_err *e)
{
	struct link_parse *p = arg;
	struct nl_link *l = p->l;
	uint32_t v;

	switch (mnl_attr_get_type(a)) {
	case IFLA_IFNAME:
		p->name = true;
		return get_str(a, "IFLA_IFNAME", l->name, sizeof(l->name), e);
	case IFLA_MTU:
		p->mtu = true;
		return u32_attr(a, "IFLA_MTU", &l->mtu, e);
	case IFLA_OPERSTATE:
		if (nl_attr_check(a, MNL_TYPE_U8, 0, "IFLA_OPERSTATE", e) < 0)
			return -1;
		l->operstate = mnl_attr_get_u8(a);
		l->has_operstate = true;
		return 0;
	case IFLA_ADDRESS:
		return get_addr(a, l, e);
	case IFLA_LINKINFO:
		return get_linkinfo(a, l, e);
	case IFLA_LINK:
		l->has_link = true;
		if (u32_attr(a, "IFLA_LINK", &v, e) < 0)
			return -1;
		l->link = (int)v;
		return 0;
	case IFLA_LINK_NETNSID:
		l->has_link_netnsid = true;
		if (u32_attr(a, "IFLA_LINK_NETNSID", &v, e) < 0)
			return -1;
		l->link_netnsid = (int32_t)v;
		return 0;
	case IFLA_MASTER:
		if (u32_attr(a, "IFLA_MASTER", &v, e) < 0)
			return -1;
		l->master = (int)v;
		return 0;
	default:
		return 0;	/* not ours to read, so not ours to judge */
	}
}

int nl_parse_link(const struct nlmsghdr *nlh, struct nl_link *out,
		  struct nsp_err *e)
{
	const size_t hdr = MNL_ALIGN(sizeof(struct ifinfomsg));
	size_t plen = mnl_nlmsg_get_payload_len(nlh);
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
	struct link_parse p = { .l = out };

	memset(out, 0, sizeof(*out));
	if (plen < hdr)
		return nsp_err_set(e, EBADMSG, "payload of %zu bytes, shorter than ifinfomsg (%zu)",
				   plen, hdr);
	if (ifi->ifi_index <= 0)
		return nsp_err_set(e, EBADMSG, "ifindex %d", ifi->ifi_index);
	out->ifindex = ifi->ifi_index;
	out->flags = ifi->ifi_flags;
	out->type = ifi->ifi_type;
	if (nl_attr_walk(mnl_nlmsg_get_payload_offset(nlh, hdr), plen - hdr,
			 link_attr, &p, e) < 0)
		return nsp_err_wrap(e, "ifindex %d", out->ifindex);
	if (!p.name || !p.mtu)
		return nsp_err_set(e, EBADMSG, "ifindex %d: no %s", out->ifindex,
				   p.name ? "IFLA_MTU" : "IFLA_IFNAME");
	return 0;
}

int nl_dump_link_msg(const struct nlmsghdr *nlh, void *arg, struct nsp_err *e)
{
	struct nl_link_list *l = arg;

	if (nlh->nlmsg_type != RTM_NEWLINK)
		return nsp_err_set(e, EPROTO, "unexpected message type %u in a link dump", nlh->nlmsg_type);
	if (nl_link_list_reserve(l, e) < 0)
		return -1;
	if (nl_parse_link(nlh, &l->v[l->n], e) < 0)
		return -1;
	l->n++;
	return 0;
}

int nl_parse_link_dump(const void *buf, size_t len, uint32_t seq,
		       uint32_t portid, struct nl_link_list *out,
		       struct nsp_err *e)
{
	struct nl_run r;
	int rc;

	nl_run_init(&r, NL_RUN_DUMP, seq, portid, e);
	r.on_msg = nl_dump_link_msg;
	r.arg = out;
	rc = nl_run_buf(&r, buf, len);
	return rc < 0 ? nl_run_fail(&r, "link dump") : rc;
}

int nl_link_list_reserve(struct nl_link_list *l, struct nsp_err *e)
{
	if (l->n < l->cap)
		return 0;
	if (!l->grows)
		return nsp_err_set(e, EOVERFLOW, "more than %zu links", l->cap);
	if (nsp_grow(&l->v, &l->cap, l->n + 1, sizeof(*l->v)) < 0)
		return nsp_err_set(e, ENOMEM, "room for %zu links", l->n + 1);
	return 0;
}

void nl_link_list_free(struct nl_link_list *l)
{
	if (l->grows) {
		free(l->v);
		l->v = NULL;
		l->cap = 0;
	}
	l->n = 0;
}

const struct nl_link *nl_link_find(const struct nl_link_list *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i].name, name) == 0)
			return &l->v[i];
	return NULL;
}

const struct nl_link *nl_link_find_index(const struct nl_link_list *l, int ifindex)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].ifindex == ifindex)
			return &l->v[i];
	return NULL;
}
