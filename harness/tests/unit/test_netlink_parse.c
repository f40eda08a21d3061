// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Self-tests of the rtnetlink core's parsing (runtime/netlink.h): hand-
 * built byte buffers fed to the same code the live socket uses — a valid
 * dump, truncation, bad attributes, wrong sequence number, port id or
 * type, kernel errors, acks and events.  Nothing here opens a socket; the
 * live tests are test_netlink_live.c.
 */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>

#include <linux/if_link.h>
#include <linux/rtnetlink.h>

#include "runtime/netlink.h"
#include "tests/unit/selftest.h"

#define SEQ 4242
#define PORT 777

static const uint8_t mac_a[6] = { 0x02, 0x6e, 0x73, 0x70, 0x00, 0x01 };

/* ---- building netlink bytes by hand ------------------------------------ */

struct wire {
	uint32_t words[1024];	/* 4-byte aligned like a real receive buffer */
	size_t len;
};

static struct nlmsghdr *msg_start(struct wire *w, uint16_t type, uint16_t flags)
{
	struct nlmsghdr *nlh;

	memset((char *)w->words + w->len, 0, sizeof(w->words) - w->len);
	nlh = mnl_nlmsg_put_header((char *)w->words + w->len);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	nlh->nlmsg_seq = SEQ;
	nlh->nlmsg_pid = PORT;
	return nlh;
}

static void msg_end(struct wire *w, struct nlmsghdr *nlh)
{
	w->len += MNL_ALIGN(nlh->nlmsg_len);
}

/* An RTM_NEWLINK as the kernel sends it for a veth end. */
static struct nlmsghdr *link_msg(struct wire *w, int ifindex, const char *name,
				 uint32_t mtu)
{
	struct nlmsghdr *nlh = msg_start(w, RTM_NEWLINK, NLM_F_MULTI);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	struct nlattr *nest;

	ifi->ifi_index = ifindex;
	ifi->ifi_flags = IFF_UP | IFF_BROADCAST;
	ifi->ifi_type = 1;	/* ARPHRD_ETHER */
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	mnl_attr_put_u32(nlh, IFLA_MTU, mtu);
	mnl_attr_put_u8(nlh, IFLA_OPERSTATE, 6);	/* IF_OPER_UP */
	mnl_attr_put(nlh, IFLA_ADDRESS, sizeof(mac_a), mac_a);
	nest = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "veth");
	mnl_attr_nest_end(nlh, nest);
	mnl_attr_put_u32(nlh, IFLA_LINK, 7);
	mnl_attr_put_u32(nlh, IFLA_LINK_NETNSID, 0);
	return nlh;
}

static void put_link(struct wire *w, int ifindex, const char *name, uint32_t mtu)
{
	msg_end(w, link_msg(w, ifindex, name, mtu));
}

static void put_done(struct wire *w, int error)
{
	struct nlmsghdr *nlh = msg_start(w, NLMSG_DONE, NLM_F_MULTI);
	int *p = mnl_nlmsg_put_extra_header(nlh, sizeof(int));

	*p = error;
	msg_end(w, nlh);
}

static void put_error(struct wire *w, int error, const char *ext_msg)
{
	struct nlmsghdr *nlh = msg_start(w, NLMSG_ERROR, NLM_F_CAPPED);
	struct nlmsgerr *err = mnl_nlmsg_put_extra_header(nlh, sizeof(*err));

	err->error = error;
	err->msg.nlmsg_len = 40;
	err->msg.nlmsg_type = RTM_NEWLINK;
	err->msg.nlmsg_seq = SEQ;
	if (ext_msg) {
		nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
		mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, ext_msg);
	}
	msg_end(w, nlh);
}

static struct nl_link links[8];
static struct nl_link_list list;

/* Parse w as a link dump into the static list. */
static int parse(const struct wire *w, size_t len, struct nsp_err *e)
{
	nl_link_list_init(&list, links, 8);
	return nl_parse_link_dump(w->words, len, SEQ, PORT, &list, e);
}

/* ---- parse tests --------------------------------------------------------- */

static void test_parse_valid(void)
{
	struct wire w = { .len = 0 };
	struct nsp_err e;
	const struct nl_link *l;

	put_link(&w, 3, "nsp0", 1400);
	put_link(&w, 7, "nsp1", 1300);
	put_done(&w, 0);
	CU_ASSERT_EQUAL_FATAL(parse(&w, w.len, &e), 0);
	CU_ASSERT_EQUAL_FATAL(list.n, 2);
	l = nl_link_find(&list, "nsp0");
	CU_ASSERT_PTR_NOT_NULL_FATAL(l);
	CU_ASSERT_EQUAL(l->ifindex, 3);
	CU_ASSERT_EQUAL(l->mtu, 1400);
	CU_ASSERT_EQUAL(l->flags & IFF_UP, IFF_UP);
	CU_ASSERT_TRUE(l->has_operstate);
	CU_ASSERT_EQUAL(l->operstate, 6);
	CU_ASSERT_EQUAL(l->addr_len, 6);
	CU_ASSERT_EQUAL(memcmp(l->addr, mac_a, 6), 0);
	CU_ASSERT_STRING_EQUAL(l->kind, "veth");
	CU_ASSERT_TRUE(l->has_link);
	CU_ASSERT_EQUAL(l->link, 7);
	CU_ASSERT_TRUE(l->has_link_netnsid);
	CU_ASSERT_EQUAL(l->link_netnsid, 0);
	CU_ASSERT_PTR_EQUAL(nl_link_find_index(&list, 7), &list.v[1]);
	CU_ASSERT_PTR_NULL(nl_link_find(&list, "nsp2"));
}

/* A dump spread over two datagrams: 1 ("more") and then 0 ("done"). */
static void test_parse_two_datagrams(void)
{
	struct wire w = { .len = 0 }, w2 = { .len = 0 };
	struct nsp_err e;

	put_link(&w, 3, "nsp0", 1400);
	CU_ASSERT_EQUAL(parse(&w, w.len, &e), 1);
	CU_ASSERT_EQUAL(list.n, 1);
	put_link(&w2, 4, "nsp1", 1400);
	put_done(&w2, 0);
	CU_ASSERT_EQUAL(nl_parse_link_dump(w2.words, w2.len, SEQ, PORT, &list, &e), 0);
	CU_ASSERT_EQUAL(list.n, 2);
}

/* Expect parse() of the first `len` bytes to fail with errnum. */
static void expect_parse_error(const struct wire *w, size_t len, int errnum,
			       const char *needle)
{
	struct nsp_err e;

	CU_ASSERT_EQUAL(parse(w, len, &e), -1);
	CU_ASSERT_EQUAL(e.errnum, errnum);
	CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, needle));
	if (e.errnum != errnum || !strstr(e.msg, needle))
		fprintf(stderr, "\n  got %s: %s\n", nsp_errno_name(e.errnum), e.msg);
}

static void test_parse_truncated(void)
{
	struct wire w = { .len = 0 };

	put_link(&w, 3, "nsp0", 1400);
	put_done(&w, 0);
	/* cut inside the NLMSG_DONE, then inside the header of the first */
	expect_parse_error(&w, w.len - 6, EBADMSG, "truncated");
	expect_parse_error(&w, 10, EBADMSG, "truncated");
	/* libmnl 1.0.4 reads a length of 2 GiB or more as negative: must not
	 * get past our own framing check */
	((struct nlmsghdr *)w.words)->nlmsg_len = 0x80000010u;
	expect_parse_error(&w, w.len, EBADMSG, "claims 2147483664 bytes");
}

static void test_parse_attr_overrun(void)
{
	struct wire w = { .len = 0 };
	struct nlmsghdr *nlh = link_msg(&w, 3, "nsp0", 1400);
	struct nlattr *last = (struct nlattr *)((char *)nlh + nlh->nlmsg_len - 8);

	/* IFLA_LINK_NETNSID claims more bytes than its message has */
	last->nla_len = 12;
	msg_end(&w, nlh);
	put_done(&w, 0);
	expect_parse_error(&w, w.len, EBADMSG, "do not form an attribute");
}

static void test_parse_bad_mtu(void)
{
	struct wire w = { .len = 0 };
	struct nlmsghdr *nlh = link_msg(&w, 3, "nsp0", 1400);

	mnl_attr_put_u16(nlh, IFLA_MTU, 1500);	/* a second, 2-byte IFLA_MTU */
	msg_end(&w, nlh);
	put_done(&w, 0);
	expect_parse_error(&w, w.len, EBADMSG, "IFLA_MTU: 2-byte payload");
}

static void test_parse_bad_name(void)
{
	struct wire w = { .len = 0 };
	struct nlmsghdr *nlh = link_msg(&w, 3, "nsp0", 1400);

	mnl_attr_put_str(nlh, IFLA_IFNAME, "nsp0");	/* no NUL */
	msg_end(&w, nlh);
	expect_parse_error(&w, w.len, EBADMSG, "IFLA_IFNAME");

	w.len = 0;
	put_link(&w, 3, "a-name-longer-than-ifnamsiz", 1400);
	expect_parse_error(&w, w.len, EBADMSG, "IFLA_IFNAME: 28 bytes");
}

static void test_parse_missing_mtu(void)
{
	struct wire w = { .len = 0 };
	struct nlmsghdr *nlh = msg_start(&w, RTM_NEWLINK, NLM_F_MULTI);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));

	ifi->ifi_index = 5;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "nsp0");
	msg_end(&w, nlh);
	expect_parse_error(&w, w.len, EBADMSG, "no IFLA_MTU");
}

static void test_parse_short_payload(void)
{
	struct wire w = { .len = 0 };
	struct nlmsghdr *nlh = msg_start(&w, RTM_NEWLINK, NLM_F_MULTI);

	mnl_nlmsg_put_extra_header(nlh, 8);	/* half an ifinfomsg */
	msg_end(&w, nlh);
	expect_parse_error(&w, w.len, EBADMSG, "shorter than ifinfomsg");
}

static void test_parse_wrong_type(void)
{
	struct wire w = { .len = 0 };
	struct nlmsghdr *nlh = link_msg(&w, 3, "nsp0", 1400);

	nlh->nlmsg_type = RTM_NEWADDR;
	msg_end(&w, nlh);
	expect_parse_error(&w, w.len, EPROTO, "unexpected message type 20");

	w.len = 0;
	msg_end(&w, msg_start(&w, NLMSG_NOOP, 0));
	expect_parse_error(&w, w.len, EPROTO, "NLMSG_NOOP");
}

static void test_parse_wrong_seq_port(void)
{
	struct wire w = { .len = 0 };
	struct nlmsghdr *nlh;

	put_link(&w, 3, "nsp0", 1400);
	nlh = link_msg(&w, 4, "nsp1", 1400);
	nlh->nlmsg_seq = SEQ + 1;
	msg_end(&w, nlh);
	expect_parse_error(&w, w.len, EPROTO, "message 2 has sequence number 4243, want 4242");

	nlh->nlmsg_seq = SEQ;
	nlh->nlmsg_pid = PORT + 1;
	expect_parse_error(&w, w.len, ESRCH, "message 2 is for port 778");
}

static void test_parse_dump_intr(void)
{
	struct wire w = { .len = 0 };
	struct nlmsghdr *nlh = link_msg(&w, 3, "nsp0", 1400);

	nlh->nlmsg_flags |= NLM_F_DUMP_INTR;
	msg_end(&w, nlh);
	put_done(&w, 0);
	expect_parse_error(&w, w.len, EINTR, "NLM_F_DUMP_INTR");
}

static void test_parse_kernel_errors(void)
{
	struct wire w = { .len = 0 };

	put_error(&w, -EEXIST, NULL);
	expect_parse_error(&w, w.len, EEXIST, "link dump");

	w.len = 0;
	put_link(&w, 3, "nsp0", 1400);
	put_done(&w, -ENOBUFS);		/* the dump itself failed */
	expect_parse_error(&w, w.len, ENOBUFS, "link dump");
}

static void test_parse_overflow_and_trailer(void)
{
	struct wire w = { .len = 0 };
	struct nsp_err e;

	for (int i = 1; i <= 9; i++)
		put_link(&w, i, "nsp", 1400);
	expect_parse_error(&w, w.len, EOVERFLOW, "more than 8 links");

	w.len = 0;
	put_done(&w, 0);
	put_link(&w, 3, "nsp0", 1400);
	expect_parse_error(&w, w.len, EPROTO, "after the end of the reply");

	/* a misaligned buffer is refused rather than read */
	CU_ASSERT_EQUAL(nl_parse_link_dump((char *)w.words + 1, 20, SEQ, PORT, &list, &e), -1);
	CU_ASSERT_EQUAL(e.errnum, EINVAL);
}

static void test_parse_ack(void)
{
	struct wire w = { .len = 0 };
	char buf[NSP_ERR_MSG_MAX + 64];
	struct nsp_err e;

	put_error(&w, 0, NULL);
	CU_ASSERT_EQUAL(nl_parse_ack(w.words, w.len, SEQ, PORT, &e), 0);

	w.len = 0;
	put_error(&w, -EEXIST, NULL);
	CU_ASSERT_EQUAL(nl_parse_ack(w.words, w.len, SEQ, PORT, &e), -1);
	CU_ASSERT_EQUAL(e.errnum, EEXIST);
	CU_ASSERT_STRING_EQUAL(nsp_err_str(&e, buf, sizeof(buf)),
			       "netlink request: File exists");

	w.len = 0;
	put_error(&w, -EINVAL, "Invalid MTU");
	CU_ASSERT_EQUAL(nl_parse_ack(w.words, w.len, SEQ, PORT, &e), -1);
	CU_ASSERT_EQUAL(e.errnum, EINVAL);
	CU_ASSERT_STRING_EQUAL(e.msg, "netlink request (kernel: Invalid MTU)");

	w.len = 0;	/* data where only an ack may come */
	put_link(&w, 3, "nsp0", 1400);
	put_error(&w, 0, NULL);
	CU_ASSERT_EQUAL(nl_parse_ack(w.words, w.len, SEQ, PORT, &e), -1);
	CU_ASSERT_EQUAL(e.errnum, EPROTO);

	w.len = 0;	/* a dump's end is no ack */
	put_done(&w, 0);
	CU_ASSERT_EQUAL(nl_parse_ack(w.words, w.len, SEQ, PORT, &e), -1);
	CU_ASSERT_EQUAL(e.errnum, EPROTO);
}

static void test_parse_event(void)
{
	struct wire w = { .len = 0 };
	struct nl_event ev;
	struct nlmsghdr *nlh;
	struct nsp_err e;

	/* someone else's seq and port id: events match any */
	nlh = link_msg(&w, 9, "nsp-in", 1300);
	nlh->nlmsg_type = RTM_DELLINK;
	nlh->nlmsg_seq = 99;
	msg_end(&w, nlh);
	CU_ASSERT_EQUAL_FATAL(nl_parse_event(w.words, w.len, &ev, &e), 0);
	CU_ASSERT_EQUAL(ev.type, RTM_DELLINK);
	CU_ASSERT_EQUAL(ev.link.ifindex, 9);
	CU_ASSERT_STRING_EQUAL(ev.link.name, "nsp-in");

	put_link(&w, 10, "nsp-x", 1300);	/* two in one datagram */
	CU_ASSERT_EQUAL(nl_parse_event(w.words, w.len, &ev, &e), -1);
	CU_ASSERT_EQUAL(e.errnum, EPROTO);

	w.len = 0;
	put_done(&w, 0);
	CU_ASSERT_EQUAL(nl_parse_event(w.words, w.len, &ev, &e), -1);
	CU_ASSERT_EQUAL(e.errnum, EPROTO);
	CU_ASSERT_EQUAL(nl_parse_event(w.words, 0, &ev, &e), -1);
}

static const struct selftest_case netlink_parse_cases[] = {
	{ "parse: valid dump", test_parse_valid },
	{ "parse: dump over two datagrams", test_parse_two_datagrams },
	{ "parse: truncated is EBADMSG", test_parse_truncated },
	{ "parse: attribute overrun is EBADMSG", test_parse_attr_overrun },
	{ "parse: 2-byte IFLA_MTU is EBADMSG", test_parse_bad_mtu },
	{ "parse: bad IFLA_IFNAME is EBADMSG", test_parse_bad_name },
	{ "parse: missing IFLA_MTU is EBADMSG", test_parse_missing_mtu },
	{ "parse: short ifinfomsg is EBADMSG", test_parse_short_payload },
	{ "parse: wrong type is EPROTO", test_parse_wrong_type },
	{ "parse: wrong seq/port is EPROTO/ESRCH", test_parse_wrong_seq_port },
	{ "parse: NLM_F_DUMP_INTR is EINTR", test_parse_dump_intr },
	{ "parse: kernel errno comes through", test_parse_kernel_errors },
	{ "parse: overflow, trailer, alignment", test_parse_overflow_and_trailer },
	{ "parse: ack, NLMSG_ERROR, ext ack", test_parse_ack },
	{ "parse: events", test_parse_event },
	{ NULL, NULL },
};

SELFTEST_SUITE(netlink_parse_suite, "netlink parsing", netlink_parse_cases)
