// SPDX-License-Identifier: GPL-2.0-or-later
#include "runtime/bridge.h"

#include <errno.h>
#include <stdio.h>

#include <linux/rtnetlink.h>

#include "runtime/netlink.h"

#define PORT_GONE_MS 10000	/* netns teardown, awaited by event */

/* The bridge's ifindex, made when missing (*made then true). */
static int find_or_make(struct nl_sock *nl, const char *name, bool *made,
			struct nsp_err *e)
{
	int br = nl_link_index(nl, name, e);

	if (br > 0 || e->errnum != ENODEV)
		return br;
	if (nl_bridge_create(nl, name, e) == 0)
		*made = true;
	else if (e->errnum != EEXIST)	/* EEXIST: another launch was first */
		return -1;
	return nl_link_index(nl, name, e);
}

int core_bridge_attach(const struct core_spec *s, struct core_container *c,
		       struct nsp_err *e)
{
	nl_sock_auto struct nl_sock nl = { 0 };
	int br, port;

	if (nl_open(&nl, 0, e) < 0)
		return -1;
	br = find_or_make(&nl, s->bridge, &c->bridge_made, e);
	if (br < 0)
		return nsp_err_wrap(e, "bridge %s", s->bridge);
	snprintf(c->bridge, sizeof(c->bridge), "%s", s->bridge);
	c->bridge_ifindex = br;
	port = nl_link_index(&nl, c->veth_outside, e);
	if (port < 0 || nl_link_set_up(&nl, br, true, e) < 0 ||
	    nl_link_set_master(&nl, port, br, e) < 0 || nl_link_set_up(&nl, port, true, e) < 0)
		return nsp_err_wrap(e, "port %s on bridge %s", c->veth_outside, s->bridge);
	c->veth_ifindex = port;
	return 0;
}

/* Ports of bridge `br` left in this netns (-1 on error). */
static int ports_left(struct nl_sock *nl, int br, struct nsp_err *e)
{
	struct nl_link_list l;
	int n = 0;

	nl_link_list_init_growing(&l);
	if (nl_link_dump(nl, &l, e) < 0) {
		nl_link_list_free(&l);
		return -1;
	}
	for (size_t i = 0; i < l.n; i++)
		n += l.v[i].master == br;
	nl_link_list_free(&l);
	return n;
}

int core_bridge_release(struct core_container *c, struct nsp_err *e)
{
	nl_sock_auto struct nl_sock sub = { 0 };
	nl_sock_auto struct nl_sock nl = { 0 };
	int left;

	if (!c->bridge_made)
		return 0;
	c->bridge_made = false;
	/* subscribed before the first look: the port's RTM_DELLINK is seen */
	if (nl_open(&sub, RTMGRP_LINK, e) < 0 || nl_open(&nl, 0, e) < 0 ||
	    (c->veth_ifindex > 0 &&
	     nl_link_wait_gone(&sub, &nl, c->veth_ifindex, PORT_GONE_MS, e) < 0))
		return nsp_err_wrap(e, "remove bridge %s", c->bridge);
	left = ports_left(&nl, c->bridge_ifindex, e);
	if (left < 0)
		return nsp_err_wrap(e, "remove bridge %s", c->bridge);
	if (left == 0 && nl_link_del(&nl, c->bridge_ifindex, NULL, e) < 0 && e->errnum != ENODEV)
		return nsp_err_wrap(e, "remove bridge %s", c->bridge);
	nsp_err_clear(e);
	return 0;
}
