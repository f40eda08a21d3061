// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * rtnetlink replies as bytes (harness/core/netlink.h): the same buffer is
 * read as a link dump, as the ack of a request and as a link event.  The
 * request's sequence number and port id are fixed (FUZZ_SEQ, FUZZ_PORT);
 * the seed corpus carries them.  Every answer is 0, 1 or -1 with an errno,
 * and what was filled keeps the header's promises.
 */
#include <linux/rtnetlink.h>
#include <string.h>

#include "tests/fuzz/fuzz.h"
#include "runtime/netlink.h"

#define FUZZ_SEQ 7
#define FUZZ_PORT 4242
#define FUZZ_LINKS 4		/* small, so EOVERFLOW is reached too */

static void check_link(const struct nl_link *l)
{
	FUZZ_ASSERT(l->ifindex > 0);
	FUZZ_ASSERT(memchr(l->name, '\0', sizeof(l->name)));
	FUZZ_ASSERT(memchr(l->kind, '\0', sizeof(l->kind)));
	FUZZ_ASSERT(l->addr_len <= NL_ADDR_MAX);
}

static void as_dump(const void *buf, size_t len)
{
	struct nl_link links[FUZZ_LINKS];
	struct nl_link_list list;
	struct nsp_err e = { 0 };
	int rc;

	nl_link_list_init(&list, links, FUZZ_LINKS);
	rc = nl_parse_link_dump(buf, len, FUZZ_SEQ, FUZZ_PORT, &list, &e);
	FUZZ_ASSERT(rc >= -1 && rc <= 1);
	FUZZ_ASSERT(rc >= 0 || e.errnum > 0);
	FUZZ_ASSERT(list.n <= list.cap);
	for (size_t i = 0; i < list.n; i++) {
		check_link(&links[i]);
		FUZZ_ASSERT(nl_link_find(&list, links[i].name));
		FUZZ_ASSERT(nl_link_find_index(&list, links[i].ifindex));
	}
}

static void as_ack(const void *buf, size_t len)
{
	struct nsp_err e = { 0 };
	int rc = nl_parse_ack(buf, len, FUZZ_SEQ, FUZZ_PORT, &e);

	FUZZ_ASSERT(rc >= -1 && rc <= 1);
	FUZZ_ASSERT(rc >= 0 || e.errnum > 0);
}

static void as_event(const void *buf, size_t len)
{
	struct nsp_err e = { 0 };
	struct nl_event ev;

	if (nl_parse_event(buf, len, &ev, &e) < 0) {
		FUZZ_ASSERT(e.errnum > 0);
		return;
	}
	FUZZ_ASSERT(ev.type == RTM_NEWLINK || ev.type == RTM_DELLINK);
	check_link(&ev.link);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* a socket read lands in an aligned buffer: malloc's is (16 bytes) */
	void *buf = malloc(size ? size : 1);

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	as_dump(buf, size);
	as_ack(buf, size);
	as_event(buf, size);
	free(buf);
	return 0;
}
