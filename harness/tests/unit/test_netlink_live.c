// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Live self-tests of the rtnetlink core (runtime/netlink.h) against the
 * running kernel: a fresh netns, veth pairs, links up, errors, a move to
 * a second netns, requests and events on separate sockets, 301 links.
 *
 * They never touch the test binary's network namespace: each runs in a
 * forked child that first unshare(CLONE_NEWNET)s (root, in the outer user
 * namespace), so every link it makes dies with that child.  The child
 * sends its outcome back over a socketpair (sync.h) and the parent turns
 * it into a CUnit assertion that carries the child's error text.  No test
 * sleeps: events are waited for with a bounded poll.
 */
#include <errno.h>
#include <limits.h>
#include <net/if.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/if_link.h>
#include <linux/rtnetlink.h>

#include "fixtures/runcap.h"
#include "runtime/netlink.h"
#include "tests/unit/selftest.h"
#include "lib/sync.h"

static const uint8_t mac_a[6] = { 0x02, 0x6e, 0x73, 0x70, 0x00, 0x01 };
static const uint8_t mac_b[6] = { 0x02, 0x6e, 0x73, 0x70, 0x00, 0x02 };

/* The dumps' results, as the live helpers below share them. */
static struct nl_link links[8];
static struct nl_link_list list;

/* ---- live tests, each in a child with a network namespace of its own ---- */

/* In a live child: fail with the line and a printf-style reason. */
static __attribute__((format(printf, 3, 4)))
int live_fail(struct nsp_err *e, int line, const char *fmt, ...)
{
	char why[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	return nsp_err_set(e, 0, "line %d: %s", line, why);
}

#define EXPECT(e, cond, ...) \
	do { if (!(cond)) return live_fail(e, __LINE__, __VA_ARGS__); } while (0)
/* An API call that must succeed; its own error gets the line in front. */
#define TRY(e, call) \
	do { if ((call) < 0) return nsp_err_wrap(e, "line %d", __LINE__); } while (0)

typedef int (*live_fn)(struct nsp_err *e);

/* Child, root in the outer user ns: a new netns, then fn; _exit()s. */
static _Noreturn void live_child(int fd, live_fn fn)
{
	struct nsp_err res, e;

	nsp_err_clear(&res);
	if (unshare(CLONE_NEWNET) < 0)
		nsp_err_sys(&res, "unshare(CLONE_NEWNET)");
	else
		fn(&res);
	_exit(nsp_sync_send_result(fd, &res, &e) < 0 ? 2 : 0);
}

static void run_live(live_fn fn)
{
	char buf[NSP_ERR_MSG_MAX + 128];
	struct nsp_err res, e;
	struct nsp_sync s;
	int fd, status;
	pid_t pid;

	CU_ASSERT_EQUAL_FATAL(nsp_sync_open(&s, &e), 0);
	fflush(NULL);
	pid = fork();
	CU_ASSERT_FATAL(pid >= 0);
	if (pid == 0)
		live_child(nsp_sync_side(&s, NSP_SYNC_CHILD), fn);
	fd = nsp_sync_side(&s, NSP_SYNC_PARENT);
	if (nsp_sync_recv_result(fd, &res) < 0) {
		snprintf(buf, sizeof(buf), "live child: %s",
			 nsp_err_str(&res, buf + 64, sizeof(buf) - 64));
		CU_assertImplementation(CU_FALSE, __LINE__, buf, __FILE__, "", CU_FALSE);
	}
	nsp_sync_close(&s);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	CU_ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static int dump(struct nl_sock *s, struct nsp_err *e)
{
	nl_link_list_init(&list, links, 8);
	return nl_link_dump(s, &list, e);
}

/* A fresh netns has exactly lo, and it is down. */
static int live_fresh(struct nsp_err *e)
{
	nl_sock_auto struct nl_sock s = { 0 };
	const struct nl_link *lo;

	TRY(e, nl_open(&s, 0, e));
	TRY(e, dump(&s, e));
	EXPECT(e, list.n == 1, "%zu links in a fresh netns", list.n);
	lo = &list.v[0];
	EXPECT(e, strcmp(lo->name, "lo") == 0, "the one link is `%s'", lo->name);
	EXPECT(e, lo->ifindex == 1, "lo has ifindex %d", lo->ifindex);
	EXPECT(e, !(lo->flags & IFF_UP), "lo is up: flags %#x", lo->flags);
	EXPECT(e, lo->flags & IFF_LOOPBACK, "lo flags %#x", lo->flags);
	EXPECT(e, lo->has_operstate && lo->addr_len == 6 && !lo->kind[0],
	       "lo operstate/address/kind");
	EXPECT(e, nl_link_index(&s, "lo", e) == 1 && if_nametoindex("lo") == 1,
	       "lo's ifindex by RTM_GETLINK and if_nametoindex");
	EXPECT(e, nl_link_index(&s, "nsp0", e) == -1 && e->errnum == ENODEV,
	       "no nsp0: %s", e->msg);
	EXPECT(e, strcmp(e->msg, "RTM_GETLINK nsp0") == 0, "context `%s'", e->msg);
	nsp_err_clear(e);
	return 0;
}

static const struct nl_veth_end end_a = { "nsp0", 1400, mac_a, false, 0 };
static const struct nl_veth_end end_b = { "nsp1", 1300, mac_b, false, 0 };

/* l is there with the mtu and MAC it was given, as one end of a veth. */
static int expect_end(const struct nl_veth_end *want, struct nsp_err *e)
{
	const struct nl_link *l = nl_link_find(&list, want->name);

	EXPECT(e, l, "%s not in the dump", want->name);
	EXPECT(e, l->mtu == want->mtu, "%s mtu %u", l->name, l->mtu);
	EXPECT(e, l->addr_len == 6 && memcmp(l->addr, want->mac, 6) == 0,
	       "%s address", l->name);
	EXPECT(e, strcmp(l->kind, "veth") == 0, "%s kind `%s'", l->name, l->kind);
	EXPECT(e, (unsigned int)l->ifindex == if_nametoindex(want->name),
	       "%s: ifindex %d, if_nametoindex %u", l->name, l->ifindex,
	       if_nametoindex(want->name));
	return 0;
}

static int live_veth(struct nsp_err *e)
{
	nl_sock_auto struct nl_sock s = { 0 };
	const struct nl_link *a, *b;
	struct nl_link got;

	TRY(e, nl_open(&s, 0, e));
	TRY(e, nl_veth_create(&s, &end_a, &end_b, e));
	TRY(e, dump(&s, e));
	EXPECT(e, list.n == 3, "%zu links after one veth pair", list.n);
	TRY(e, expect_end(&end_a, e));
	TRY(e, expect_end(&end_b, e));
	a = nl_link_find(&list, "nsp0");
	b = nl_link_find(&list, "nsp1");
	EXPECT(e, a->has_link && a->link == b->ifindex && b->link == a->ifindex,
	       "IFLA_LINK names the peer");
	EXPECT(e, !a->has_link_netnsid, "IFLA_LINK_NETNSID with both ends here");
	TRY(e, nl_link_get(&s, "nsp1", &got, e));
	EXPECT(e, got.ifindex == b->ifindex && got.mtu == 1300, "RTM_GETLINK nsp1");
	/* deleting one end deletes both */
	TRY(e, nl_link_del(&s, a->ifindex, NULL, e));
	TRY(e, dump(&s, e));
	EXPECT(e, list.n == 1, "%zu links after RTM_DELLINK", list.n);
	EXPECT(e, nl_link_del(&s, 0, "nsp1", e) < 0 && e->errnum == ENODEV,
	       "deleting a deleted link: %s", e->msg);
	nsp_err_clear(e);
	return 0;
}

static int lo_flags(struct nl_sock *s, unsigned int *flags, struct nsp_err *e)
{
	struct nl_link lo;

	TRY(e, dump(s, e));
	TRY(e, nl_link_get(s, "lo", &lo, e));
	EXPECT(e, list.n == 1 && list.v[0].flags == lo.flags,
	       "dump and RTM_GETLINK disagree about lo");
	*flags = lo.flags;
	return 0;
}

static int live_lo_up(struct nsp_err *e)
{
	nl_sock_auto struct nl_sock s = { 0 };
	unsigned int flags;

	TRY(e, nl_open(&s, 0, e));
	TRY(e, nl_link_set_up(&s, 1, true, e));
	TRY(e, lo_flags(&s, &flags, e));
	EXPECT(e, flags & IFF_UP, "lo flags %#x after up", flags);
	TRY(e, nl_link_set_up(&s, 1, false, e));
	TRY(e, lo_flags(&s, &flags, e));
	EXPECT(e, !(flags & IFF_UP), "lo flags %#x after down", flags);
	return 0;
}

static int live_errors(struct nsp_err *e)
{
	nl_sock_auto struct nl_sock s = { 0 };
	struct nl_veth_end dup = { "nsp2", 0, NULL, false, 0 };
	struct nl_veth_end bad_mac = { "nsp3", 0, (const uint8_t *)"\x01\x02\x03\x04\x05\x06",
				       false, 0 };
	const char *ctx = "RTM_NEWLINK veth nsp0 peer nsp2";

	TRY(e, nl_open(&s, 0, e));
	TRY(e, nl_veth_create(&s, &end_a, &end_b, e));
	EXPECT(e, nl_veth_create(&s, &end_a, &dup, e) < 0, "duplicate name accepted");
	EXPECT(e, e->errnum == EEXIST, "duplicate: %s", nsp_errno_name(e->errnum));
	EXPECT(e, strncmp(e->msg, ctx, strlen(ctx)) == 0, "context `%s'", e->msg);
	TRY(e, dump(&s, e));
	EXPECT(e, list.n == 3 && !nl_link_find(&list, "nsp2"), "a half-made pair is left");
	/* a multicast MAC: the kernel's own errno comes through */
	EXPECT(e, nl_veth_create(&s, &bad_mac, &dup, e) < 0 && e->errnum == EADDRNOTAVAIL,
	       "multicast MAC: %s %s", nsp_errno_name(e->errnum), e->msg);
	dup.name = "nsp-name-too-long";
	EXPECT(e, nl_veth_create(&s, &dup, &bad_mac, e) < 0 && e->errnum == ENAMETOOLONG,
	       "long name: %s", nsp_errno_name(e->errnum));
	nsp_err_clear(e);
	return 0;
}

/*
 * A socket is for requests or for events, never both (a notification
 * between a request and its reply would be read as the reply), and a
 * link's removal is awaited by event, confirmed by request.
 */
static int live_split(struct nsp_err *e)
{
	nl_sock_auto struct nl_sock s = { 0 };
	nl_sock_auto struct nl_sock ev = { 0 };
	struct nl_event got;
	int idx;

	TRY(e, nl_open(&s, 0, e));
	TRY(e, nl_open(&ev, RTMGRP_LINK, e));
	EXPECT(e, nl_link_index(&ev, "lo", e) < 0 && e->errnum == EINVAL,
	       "a request on a subscribed socket: %s", e->msg);
	EXPECT(e, nl_event_next(&s, 10, &got, e) < 0 && e->errnum == EINVAL,
	       "events on a request socket: %s", e->msg);
	EXPECT(e, nl_link_wait_gone(&s, &ev, 1, 10, e) < 0 && e->errnum == EINVAL,
	       "swapped sockets: %s", e->msg);
	TRY(e, nl_veth_create(&s, &end_a, &end_b, e));
	TRY(e, (idx = nl_link_index(&s, "nsp0", e)));
	EXPECT(e, nl_link_wait_gone(&ev, &s, idx, 50, e) < 0 && e->errnum == ETIMEDOUT &&
	       strstr(e->msg, "nsp0"), "a link that stays: %s", e->msg);
	TRY(e, nl_link_del(&s, 0, "nsp1", e));
	TRY(e, nl_link_wait_gone(&ev, &s, idx, 5000, e));
	/* gone before the wait began (and an ifindex never used): at once */
	TRY(e, nl_link_wait_gone(&ev, &s, idx, 0, e));
	TRY(e, nl_link_wait_gone(&ev, &s, 99999, 0, e));
	return 0;
}

/* ---- a namespace with many links ------------------------------------------ */

#define MANY_PAIRS 150		/* 300 veth ends and lo */

/* A program of the build tree, run here (in the crowded netns): its
 * output; -1 when it could not be run or exited otherwise than `status`. */
static int run_here(const char *rel, const char *arg, int status, struct nsp_capture *c,
		    struct nsp_err *e)
{
	char path[PATH_MAX], self[16];
	char *argv[] = { path, (char *)arg, NULL, NULL };

	snprintf(path, sizeof(path), "%s/%s", selftest_build_dir(), rel);
	snprintf(self, sizeof(self), "%d", (int)getpid());
	if (arg && !strcmp(arg, "--json")) {
		argv[2] = self;
	} else if (arg) {
		argv[1] = "--role";
		argv[2] = (char *)arg;
	}
	TRY(e, nsp_run_capture(argv, c, e));
	if (!WIFEXITED(c->status) || WEXITSTATUS(c->status) != status) {
		nsp_err_set(e, 0, "%s: wait status %#x, want exit %d: %.300s%.300s", rel,
			    (unsigned)c->status, status, c->out, c->err);
		nsp_capture_free(c);
		return -1;
	}
	return 0;
}

static size_t count_of(const char *text, const char *needle)
{
	size_t n = 0;

	for (const char *p = text; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

/*
 * No fixed caps on what a host may have: with 301 links, the dumps, the
 * probes' inside roles and nsprobe see every one of them (before, the
 * probes stopped at 16 with EOVERFLOW and nsprobe truncated at 64).
 */
static int live_many(struct nsp_err *e)
{
	nl_sock_auto struct nl_sock s = { 0 };
	struct nl_link_list all;
	struct nsp_capture c;
	char a[IFNAMSIZ], b[IFNAMSIZ];
	int rc;

	TRY(e, nl_open(&s, 0, e));
	for (int i = 0; i < MANY_PAIRS; i++) {
		struct nl_veth_end x = { a, 0, NULL, false, 0 }, y = { b, 0, NULL, false, 0 };

		snprintf(a, sizeof(a), "nspm%da", i);
		snprintf(b, sizeof(b), "nspm%db", i);
		TRY(e, nl_veth_create(&s, &x, &y, e));
	}
	nl_link_list_init_growing(&all);
	rc = nl_link_dump(&s, &all, e);
	nl_link_list_free(&all);
	TRY(e, rc);
	EXPECT(e, all.n == 0, "a freed list keeps %zu links", all.n);
	nl_link_list_init_growing(&all);
	TRY(e, nl_link_dump(&s, &all, e));
	rc = (int)all.n;
	nl_link_list_free(&all);
	EXPECT(e, rc == 2 * MANY_PAIRS + 1, "dump lists %d links", rc);
	/* the three views agree on all 301 pairs */
	TRY(e, run_here("probes/net_views_agree", "inside", 0, &c, e));
	rc = (int)count_of(c.out, "\nok ");
	nsp_capture_free(&c);
	/* the netns is its own (probe_main's first point) and two agreements */
	EXPECT(e, rc == 3, "net_views_agree --role inside: %d ok", rc);
	/* not a fresh netns, said with the real count: exit 1 (fail), no bail */
	TRY(e, run_here("probes/net_fresh_lo", "inside", 1, &c, e));
	rc = strstr(c.out, "(301 listed)") != NULL;
	nsp_capture_free(&c);
	EXPECT(e, rc, "net_fresh_lo --role inside does not name 301 links");
	TRY(e, run_here("nsprobe", "--json", 0, &c, e));
	rc = (int)count_of(c.out, "\"ifindex\":");
	nsp_capture_free(&c);
	EXPECT(e, rc == 2 * MANY_PAIRS + 1, "nsprobe lists %d links", rc);
	return 0;
}

/* ---- moving a link into a second netns --------------------------------- */

enum { STEP_RELEASE = 1 };

/* What the second netns saw, sent back as one message. */
struct far_report {
	struct nsp_err err;
	struct nl_event ev;	/* the RTM_NEWLINK of the moved link */
	size_t n;
	struct nl_link links[8];
};

/*
 * Grandchild, in a second netns: subscribe, say ready (or why not), then
 * report the event and the dump once the moved link arrived.
 */
static _Noreturn void far_child(int fd)
{
	nl_sock_auto struct nl_sock ev = { 0 };
	nl_sock_auto struct nl_sock s = { 0 };
	struct nl_event_match m = { RTM_NEWLINK, 0, "nsp-in" };
	static struct far_report r;
	struct nsp_err e;

	memset(&r, 0, sizeof(r));
	if (unshare(CLONE_NEWNET) < 0)
		nsp_err_sys(&r.err, "far: unshare(CLONE_NEWNET)");
	else if (nl_open(&ev, RTMGRP_LINK, &r.err) == 0)
		nl_open(&s, 0, &r.err);
	if (nsp_sync_send_result(fd, &r.err, &e) < 0 || r.err.msg[0])
		_exit(2);
	nl_link_list_init(&list, r.links, 8);
	if (nl_event_wait(&ev, &m, 5000, &r.ev, &r.err) < 0 ||
	    nl_link_dump(&s, &list, &r.err) < 0)
		nsp_err_wrap(&r.err, "far side");
	r.n = list.n;
	if (nsp_sync_send(fd, &r, sizeof(r), &e) < 0)
		_exit(3);
	/* stay, so the netns lives until the near side has looked */
	_exit(nsp_sync_wait(fd, STEP_RELEASE, &e) < 0 ? 4 : 0);
}

/*
 * The near side's view after the move: nsp1 gone, and nsp0 points across
 * at the ifindex nsp-in has over there (kept only when it was free there,
 * which it was not: nspy came first).
 */
static int check_near(struct nl_sock *s, int moved, int far_index,
		      struct nsp_err *e)
{
	const struct nl_link *a;

	TRY(e, dump(s, e));
	EXPECT(e, !nl_link_find(&list, "nsp1") && !nl_link_find(&list, "nsp-in") &&
	       !nl_link_find_index(&list, moved), "the moved link is still here");
	EXPECT(e, (a = nl_link_find(&list, "nsp0")), "nsp0 is gone");
	EXPECT(e, a->has_link_netnsid, "no IFLA_LINK_NETNSID on the peer left here");
	EXPECT(e, a->has_link && a->link == far_index, "IFLA_LINK %d, want %d",
	       a->link, far_index);
	EXPECT(e, (a = nl_link_find(&list, "nspx")) && a->has_link_netnsid,
	       "nspx, made with its peer over there, has no IFLA_LINK_NETNSID");
	return 0;
}

/* The far side's report: the event came, and nsp-in kept MTU and MAC. */
static int check_far(const struct far_report *r, int *far_index,
		     struct nsp_err *e)
{
	struct nl_link_list far = { (struct nl_link *)r->links, 8, r->n };
	const struct nl_link *in = nl_link_find(&far, "nsp-in");

	if (r->err.msg[0] || r->err.errnum) {
		*e = r->err;
		return -1;
	}
	EXPECT(e, r->n == 3 && nl_link_find(&far, "lo") && nl_link_find(&far, "nspy"),
	       "%zu links over there", r->n);
	EXPECT(e, in, "nsp-in is not over there");
	EXPECT(e, r->ev.type == RTM_NEWLINK && r->ev.link.ifindex == in->ifindex,
	       "event %u for ifindex %d, nsp-in is %d", r->ev.type,
	       r->ev.link.ifindex, in->ifindex);
	EXPECT(e, in->mtu == 1300 && in->addr_len == 6 && memcmp(in->addr, mac_b, 6) == 0,
	       "nsp-in lost its mtu (%u) or address", in->mtu);
	EXPECT(e, in->has_link_netnsid, "nsp-in has no IFLA_LINK_NETNSID");
	*far_index = in->ifindex;
	return 0;
}

/* Move nsp1 over as nsp-in, and create nspx with its peer nspy over there. */
static int move_over(struct nl_sock *s, pid_t far, int *moved, struct nsp_err *e)
{
	struct nl_veth_end x = { "nspx", 0, NULL, false, 0 };
	struct nl_veth_end y = { "nspy", 0, NULL, true, -1 };
	int nsfd, rc;

	TRY(e, nl_veth_create(s, &end_a, &end_b, e));
	TRY(e, (*moved = nl_link_index(s, "nsp1", e)));
	TRY(e, (nsfd = nl_netns_open(far, e)));
	y.netns_fd = nsfd;
	rc = nl_veth_create(s, &x, &y, e);
	if (rc == 0)
		rc = nl_link_move(s, *moved, nsfd, "nsp-in", e);
	close(nsfd);
	return rc;
}

/* Once the far side's netns is gone, so is the peer that stayed here:
 * netns teardown is asynchronous, so a bounded wait for the event. */
static int expect_peer_gone(struct nl_sock *ev, struct nl_sock *s, int peer,
			    struct nsp_err *e)
{
	TRY(e, nl_link_wait_gone(ev, s, peer, 10000, e));
	TRY(e, dump(s, e));
	EXPECT(e, !nl_link_find(&list, "nsp0"), "nsp0 still listed after its RTM_DELLINK");
	return 0;
}

static int live_move(struct nsp_err *e)
{
	nl_sock_auto struct nl_sock s = { 0 };
	nl_sock_auto struct nl_sock ev = { 0 };
	static struct far_report r;
	struct nsp_sync sync;
	struct nsp_err ignored;
	int fd, moved = 0, far_index = 0, peer = 0, rc, status;
	pid_t far;

	TRY(e, nl_open(&s, 0, e));
	TRY(e, nsp_sync_open(&sync, e));
	fflush(NULL);
	far = fork();
	if (far < 0) {
		nsp_sync_close(&sync);
		return nsp_err_sys(e, "fork far side");
	}
	if (far == 0)
		far_child(nsp_sync_side(&sync, NSP_SYNC_CHILD));
	fd = nsp_sync_side(&sync, NSP_SYNC_PARENT);
	rc = nsp_sync_recv_result(fd, e);
	if (rc == 0)
		rc = move_over(&s, far, &moved, e);
	if (rc == 0)
		rc = nsp_sync_recv(fd, &r, sizeof(r), e);
	if (rc == 0)
		rc = check_far(&r, &far_index, e);
	if (rc == 0)
		rc = check_near(&s, moved, far_index, e);
	if (rc == 0 && (peer = nl_link_index(&s, "nsp0", e)) < 0)
		rc = -1;
	if (rc == 0)
		rc = nl_open(&ev, RTMGRP_LINK, e);
	/* one cleanup path: release the far side; its netns dies with it */
	nsp_sync_wake(fd, STEP_RELEASE, &ignored);
	nsp_sync_close(&sync);
	while (waitpid(far, &status, 0) < 0 && errno == EINTR)
		;
	if (rc == 0)
		rc = expect_peer_gone(&ev, &s, peer, e);
	return rc;
}

static void test_live_fresh(void) { run_live(live_fresh); }
static void test_live_veth(void) { run_live(live_veth); }
static void test_live_lo_up(void) { run_live(live_lo_up); }
static void test_live_errors(void) { run_live(live_errors); }
static void test_live_move(void) { run_live(live_move); }
static void test_live_split(void) { run_live(live_split); }
static void test_live_many(void) { run_live(live_many); }

static const struct selftest_case netlink_live_cases[] = {
	{ "live: fresh netns has only lo, down", test_live_fresh },
	{ "live: veth pair with names/MTU/MAC", test_live_veth },
	{ "live: lo up and down", test_live_lo_up },
	{ "live: EEXIST and other errors", test_live_errors },
	{ "live: move to a second netns", test_live_move },
	{ "live: requests and events on separate sockets", test_live_split },
	{ "live: 301 links: dumps, inside roles and nsprobe see all", test_live_many },
	{ NULL, NULL },
};

SELFTEST_SUITE(netlink_live_suite, "netlink live", netlink_live_cases)
