/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rtnetlink for the runtime core, on libmnl 1.0.4: list links, create a
 * veth pair, move a link into another network namespace, set it up or
 * down, delete it, and wait for link events.
 *
 * Every function works on the network namespace its socket was opened in
 * (a netlink socket stays bound to the netns of its creator, whatever the
 * process does later), returns 0 or a non-negative value on success and
 * -1 with *e set (errno of the failing step plus context such as
 * "RTM_NEWLINK veth nsp0: File exists") on failure.  Nothing here prints
 * or exits.
 *
 * Replies are never trusted: the message stream must be framed exactly
 * (no trailing bytes), each message must carry our sequence number and
 * port id (checked through mnl_cb_run), be of the expected type with a
 * full ifinfomsg, and every attribute we read is validated for type and
 * length first.  Anything else is EBADMSG (malformed) or EPROTO
 * (unexpected), never a partial success.  Buffers are the caller's: stack
 * arrays inside these functions, or the caller's link array.
 */
#ifndef NSP_RUNTIME_NETLINK_H
#define NSP_RUNTIME_NETLINK_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <libmnl/libmnl.h>

#include "lib/err.h"

/*
 * Receive buffer size.  A dump reply is at most as large as the buffer the
 * kernel saw us read with (capped at 32 KiB), and an event or a reply to
 * a request is a single message, so 32 KiB is always enough; libmnl 1.0.4
 * has no MNL_SOCKET_DUMP_SIZE for this.
 */
#define NL_RECV_SIZE 32768
#define NL_ADDR_MAX 32		/* MAX_ADDR_LEN of the kernel */
#define NL_KIND_MAX 32		/* "veth", "bridge", ... */

struct nl_sock {
	struct mnl_socket *mnl;	/* NULL when closed */
	uint32_t portid;	/* our port id, checked on every reply */
	uint32_t seq;		/* sequence number of the last request */
	unsigned int groups;	/* multicast groups: non-zero, events only */
};

/*
 * Open a NETLINK_ROUTE socket (SOCK_CLOEXEC), bound to the multicast
 * `groups` (RTMGRP_LINK for events, 0 for requests), in the caller's
 * current network namespace.  Extended acks are turned on where the kernel
 * has them, so error context can carry the kernel's own words.
 *
 * A socket is either for requests (groups 0) or for events (groups set),
 * never both: a notification can arrive between a request and its reply
 * and would be read as a wrong answer.  Every request function refuses a
 * subscribed socket (EINVAL); open a second socket for requests.
 */
int nl_open(struct nl_sock *s, unsigned int groups, struct nsp_err *e);
/* Safe on a closed or zeroed socket; leaves it closed.  (nl_open on an
 * open socket would lose it: close first.) */
void nl_close(struct nl_sock *s);
/* For __attribute__((cleanup(...))): `nl_sock_auto struct nl_sock s = {0};` */
#define nl_sock_auto __attribute__((cleanup(nl_close)))

/*
 * Send one request (the caller built it in its own buffer with
 * mnl_nlmsg_put_header; type, flags and attributes set) with
 * NLM_F_REQUEST|NLM_F_ACK and the next sequence number, and wait for its
 * acknowledgement.  An NLMSG_ERROR answer becomes its errno with `what`
 * as context.  Any data message in the reply is an EPROTO error.
 */
int nl_request_ack(struct nl_sock *s, struct nlmsghdr *nlh, const char *what,
		   struct nsp_err *e);

/*
 * The acknowledgement part of the above, on a buffer of received bytes:
 * 0 when it holds the ack for (seq, portid), 1 when it holds nothing
 * final yet, -1 with *e set on an error answer or a malformed buffer.
 * Exposed for tests and fuzzing.
 */
int nl_parse_ack(const void *buf, size_t len, uint32_t seq, uint32_t portid,
		 struct nsp_err *e);

/* One network interface as RTM_NEWLINK describes it. */
struct nl_link {
	int ifindex;
	char name[IFNAMSIZ];		/* IFLA_IFNAME (required) */
	unsigned int flags;		/* ifi_flags: IFF_UP, IFF_LOWER_UP, ... */
	unsigned short type;		/* ifi_type: ARPHRD_* */
	uint32_t mtu;			/* IFLA_MTU (required) */
	bool has_operstate;
	uint8_t operstate;		/* IFLA_OPERSTATE: IF_OPER_* */
	uint8_t addr_len;		/* 0 when IFLA_ADDRESS is absent */
	uint8_t addr[NL_ADDR_MAX];	/* IFLA_ADDRESS */
	char kind[NL_KIND_MAX];		/* IFLA_LINKINFO/IFLA_INFO_KIND, or "" */
	bool has_link;
	int link;			/* IFLA_LINK: ifindex of the lower/peer */
	bool has_link_netnsid;
	int32_t link_netnsid;		/* IFLA_LINK_NETNSID: netns of IFLA_LINK */
	int master;			/* IFLA_MASTER: the bridge it is a port of, 0 none */
};

/*
 * The array a dump fills: either the caller's (fixed capacity: a dump
 * that does not fit is EOVERFLOW) or, from nl_link_list_init_growing,
 * one of its own that grows as links come (a host may have any number;
 * free it with nl_link_list_free).
 */
struct nl_link_list {
	struct nl_link *v;
	size_t cap;
	size_t n;
	bool grows;		/* v is ours: realloc'd as needed */
};

static inline void nl_link_list_init(struct nl_link_list *l, struct nl_link *v,
				     size_t cap)
{
	l->v = v;
	l->cap = cap;
	l->n = 0;
	l->grows = false;
}

static inline void nl_link_list_init_growing(struct nl_link_list *l)
{
	nl_link_list_init(l, NULL, 0);
	l->grows = true;
}

/* Frees a growing list's array (a caller's array is left alone); the
 * list is then empty and still usable. */
void nl_link_list_free(struct nl_link_list *l);
/* Room for one more link at l->v[l->n]: ENOMEM, or EOVERFLOW when the
 * caller's fixed array is full. */
int nl_link_list_reserve(struct nl_link_list *l, struct nsp_err *e);

/* Lookups in a filled list; NULL when absent. */
const struct nl_link *nl_link_find(const struct nl_link_list *l, const char *name);
const struct nl_link *nl_link_find_index(const struct nl_link_list *l, int ifindex);

/*
 * Parse one RTM_NEWLINK/RTM_DELLINK message into *out (all fields reset
 * first).  EBADMSG when its payload is shorter than ifinfomsg, when an
 * attribute is badly framed or fails validation, or when IFLA_IFNAME or
 * IFLA_MTU is missing.
 */
int nl_parse_link(const struct nlmsghdr *nlh, struct nl_link *out,
		  struct nsp_err *e);

/*
 * Parse a buffer of dump reply bytes (any number of whole messages) for
 * (seq, portid), *appending* each link to `out`.  Returns 0 once
 * NLMSG_DONE is seen, 1 when the buffer ended without it (feed the next
 * one), -1 with *e set: EBADMSG for bad framing or attributes, EPROTO for
 * a wrong sequence number or message type, ESRCH for a wrong port id,
 * EINTR when the kernel flagged the dump inconsistent (NLM_F_DUMP_INTR:
 * links changed meanwhile, the dump should be retried), EOVERFLOW when
 * `out` is a fixed array and full, ENOMEM when a growing one cannot
 * grow, or the kernel's errno from NLMSG_ERROR/NLMSG_DONE.
 */
int nl_parse_link_dump(const void *buf, size_t len, uint32_t seq,
		       uint32_t portid, struct nl_link_list *out,
		       struct nsp_err *e);

/*
 * RTM_GETLINK dump of every link into `out` (reset first).  An
 * inconsistent dump (EINTR above) is retried a few times.
 */
int nl_link_dump(struct nl_sock *s, struct nl_link_list *out, struct nsp_err *e);

/* RTM_GETLINK for one link by name; ENODEV when there is none. */
int nl_link_get(struct nl_sock *s, const char *name, struct nl_link *out,
		struct nsp_err *e);
/* RTM_GETLINK for one link by ifindex; ENODEV when there is none. */
int nl_link_get_index(struct nl_sock *s, int ifindex, struct nl_link *out,
		      struct nsp_err *e);
/* Its ifindex (> 0), or -1. */
int nl_link_index(struct nl_sock *s, const char *name, struct nsp_err *e);

/* One end of a veth pair. */
struct nl_veth_end {
	const char *name;	/* required, shorter than IFNAMSIZ */
	uint32_t mtu;		/* 0: the kernel's default */
	const uint8_t *mac;	/* 6 bytes (unicast), or NULL for a random one */
	bool in_netns;		/* create this end in netns_fd's namespace */
	int netns_fd;		/* an fd of /proc/<pid>/ns/net */
};

/*
 * RTM_NEWLINK with NLM_F_CREATE|NLM_F_EXCL: EEXIST when a name is taken,
 * EOPNOTSUPP when the kernel has no veth (CONFIG_VETH).
 */
int nl_veth_create(struct nl_sock *s, const struct nl_veth_end *a,
		   const struct nl_veth_end *peer, struct nsp_err *e);

/*
 * Move link `ifindex` into the network namespace of `netns_fd` (an fd of
 * /proc/<pid>/ns/net), renamed to `new_name` on the way unless NULL.  The
 * kernel keeps the ifindex when it is free over there.
 */
int nl_link_move(struct nl_sock *s, int ifindex, int netns_fd,
		 const char *new_name, struct nsp_err *e);

/* Open /proc/<pid>/ns/net (O_CLOEXEC) for nl_link_move; pid 0: self. */
int nl_netns_open(pid_t pid, struct nsp_err *e);

/* Set or clear IFF_UP on link `ifindex`. */
int nl_link_set_up(struct nl_sock *s, int ifindex, bool up, struct nsp_err *e);

/*
 * RTM_DELLINK by ifindex (> 0), or by name when ifindex is 0.  Deleting
 * either end of a veth pair deletes both.
 */
int nl_link_del(struct nl_sock *s, int ifindex, const char *name,
		struct nsp_err *e);

/* ---- bridges, addresses, forwarding database (netlink_bridge.c) ---- */

/* RTM_NEWLINK kind "bridge" (CONFIG_BRIDGE; EOPNOTSUPP without it). */
int nl_bridge_create(struct nl_sock *s, const char *name, struct nsp_err *e);
/* Make link `ifindex` a port of `master` (IFLA_MASTER; 0 detaches it). */
int nl_link_set_master(struct nl_sock *s, int ifindex, int master, struct nsp_err *e);

/*
 * Turn MAC learning of bridge port `ifindex` on or off (IFLA_BRPORT_LEARNING).
 * Off also forgets what the port learnt already (IFLA_BRPORT_FLUSH, applied
 * after the flag in the same request): a port that was up may have learnt
 * from the first frames its end sent (IPv6 DAD, router solicitations).
 */
int nl_port_set_learning(struct nl_sock *s, int ifindex, bool on, struct nsp_err *e);

/* An IPv4 or IPv6 address with its prefix, parsed from "A.B.C.D/P". */
struct nl_addr {
	int family;		/* AF_INET or AF_INET6 */
	uint8_t bytes[16];
	uint8_t prefixlen;
};
/* "198.18.42.2/24", "fd00::2/64": EINVAL naming what is wrong. */
int nl_addr_parse(const char *text, struct nl_addr *a, struct nsp_err *e);
/* RTM_NEWADDR on link `ifindex` (NLM_F_CREATE|NLM_F_EXCL). */
int nl_addr_add(struct nl_sock *s, int ifindex, const struct nl_addr *a,
		struct nsp_err *e);

/* One entry of a bridge's forwarding database (RTM_NEWNEIGH, AF_BRIDGE). */
struct nl_fdb {
	int ifindex;		/* the port it was learnt on (ndm_ifindex) */
	int master;		/* NDA_MASTER: the bridge, 0 when absent */
	uint8_t mac[6];		/* NDA_LLADDR */
	uint16_t state;		/* NUD_*: NUD_PERMANENT for the ports' own */
	uint8_t flags;		/* NTF_*: NTF_SELF, NTF_MASTER, NTF_EXT_LEARNED */
};

/* Every FDB entry of bridge `master` (all bridges when 0): *out is
 * malloc'd (free it), *n its length. */
int nl_fdb_dump(struct nl_sock *s, int master, struct nl_fdb **out, size_t *n,
		struct nsp_err *e);
/* Parse a buffer of dump reply bytes, appending (exposed for fuzzing);
 * 0 at NLMSG_DONE, 1 for more, -1. */
int nl_parse_fdb_dump(const void *buf, size_t len, uint32_t seq, uint32_t portid,
		      int master, struct nl_fdb **out, size_t *n, size_t *cap,
		      struct nsp_err *e);

/* A link notification from an RTMGRP_LINK socket. */
struct nl_event {
	uint16_t type;		/* RTM_NEWLINK or RTM_DELLINK */
	struct nl_link link;
};

/*
 * Parse one received notification datagram.  rtnetlink sends each
 * notification as a datagram of its own, so exactly one RTM_NEWLINK or
 * RTM_DELLINK message is expected; anything else is EPROTO/EBADMSG.
 */
int nl_parse_event(const void *buf, size_t len, struct nl_event *ev,
		   struct nsp_err *e);

/*
 * Next event on a socket opened with RTMGRP_LINK, waiting at most
 * timeout_ms (poll, no sleeping): ETIMEDOUT when none came, ENOBUFS when
 * the kernel dropped events because we read too slowly.
 */
int nl_event_next(struct nl_sock *s, int timeout_ms, struct nl_event *ev,
		  struct nsp_err *e);

/* Which event nl_event_wait waits for; 0/NULL fields match anything. */
struct nl_event_match {
	uint16_t type;		/* RTM_NEWLINK, RTM_DELLINK or 0 */
	int ifindex;
	const char *name;
};

/*
 * Read events until one matches, discarding the others, for at most
 * timeout_ms in total (ETIMEDOUT).
 */
int nl_event_wait(struct nl_sock *s, const struct nl_event_match *m,
		  int timeout_ms, struct nl_event *ev, struct nsp_err *e);

/*
 * Wait until link `ifindex` is gone from the network namespace of `req`
 * (a request socket): returns 0 as soon as RTM_GETLINK on `req` answers
 * ENODEV, waiting for its RTM_DELLINK on `sub` in between.  `sub` is an
 * RTMGRP_LINK socket of the same namespace, opened before anything could
 * remove the link, so that its event cannot be missed: teardown is
 * awaited by event, never by luck.  Events dropped under load (ENOBUFS)
 * are not a failure: the link is looked up again.  ETIMEDOUT when it is
 * still there after timeout_ms; EINVAL when the sockets are swapped.
 */
int nl_link_wait_gone(struct nl_sock *sub, struct nl_sock *req, int ifindex,
		      int timeout_ms, struct nsp_err *e);

/* "RTM_NEWLINK", "NLMSG_DONE" etc.; a generic phrase for other types. */
const char *nl_msg_type_name(uint16_t type);

#endif
