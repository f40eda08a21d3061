// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * --compare: namespace by namespace, shared or different; for different
 * pid and user namespaces, how they relate, from their NS_GET_PARENT
 * chains (each walked up to the top of our view, where the kernel answers
 * EPERM).  Runs in nsprobe; the fds the ioctls return are only fstat()ed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/jsonw.h"
#include "nsprobe/nsioctl.h"
#include "nsprobe/nsprobe.h"

struct chain {
	int n;
	ino_t ino[NSP_MAX_PID_LEVELS + 1];
};

static int open_ns(const struct diag_report *r, const struct diag_nsinfo *ni)
{
	if (r->tgt->kind == TGT_NSFILE)
		return dup(r->tgt->nsfd);
	return open(ni->file, O_RDONLY | O_CLOEXEC);
}

/* ino[0] is the namespace itself, then its parent, ... */
static void walk(int fd, struct chain *c)
{
	c->n = 0;
	while (fd >= 0 && c->n < (int)(sizeof(c->ino) / sizeof(c->ino[0]))) {
		struct stat st;
		int up;

		if (fstat(fd, &st) < 0)
			break;
		c->ino[c->n++] = st.st_ino;
		up = ioctl(fd, NS_GET_PARENT);
		close(fd);
		fd = up;
	}
	if (fd >= 0)
		close(fd);
}

static int find(const struct chain *c, ino_t ino)
{
	for (int i = 0; i < c->n; i++)
		if (c->ino[i] == ino)
			return i;
	return -1;
}

/* "A is an ancestor of B (2 levels up)" and the like, into buf. */
static const char *relation(const struct chain *a, const struct chain *b, char *buf,
			    size_t len, char *word, size_t wlen)
{
	int ia, ib;

	if ((ib = find(b, a->ino[0])) > 0) {
		snprintf(word, wlen, "ancestor");
		snprintf(buf, len, "first is an ancestor of second (%d level%s up)", ib,
			 ib == 1 ? "" : "s");
		return buf;
	}
	if ((ia = find(a, b->ino[0])) > 0) {
		snprintf(word, wlen, "descendant");
		snprintf(buf, len, "first is a descendant of second (%d level%s down)", ia,
			 ia == 1 ? "" : "s");
		return buf;
	}
	for (ia = 1; ia < a->n; ia++)
		if ((ib = find(b, a->ino[ia])) > 0) {
			snprintf(word, wlen, ia == 1 && ib == 1 ? "sibling" : "cousin");
			snprintf(buf, len, "%s: common ancestor %lu (%d up from first, %d up from second)",
				 word, (unsigned long)a->ino[ia], ia, ib);
			return buf;
		}
	snprintf(word, wlen, "unrelated-in-view");
	snprintf(buf, len, "no common ancestor within our view");
	return buf;
}

static void compare_one(FILE *out, struct jw *w, const struct diag_report *a,
			const struct diag_report *b, const struct diag_nsinfo *na,
			const struct diag_nsinfo *nb)
{
	bool same = na->present && nb->present && na->ino == nb->ino && na->dev == nb->dev;
	char rel[200] = "", word[32] = "";

	if (!same && na->present && nb->present && na->parent_applies) {
		struct chain ca, cb;

		walk(open_ns(a, na), &ca);
		walk(open_ns(b, nb), &cb);
		if (ca.n && cb.n)
			relation(&ca, &cb, rel, sizeof(rel), word, sizeof(word));
	}
	if (!w) {
		fprintf(out, "  %-17s %-11lu %-11lu %s%s%s\n", na->type->name,
			(unsigned long)na->ino, (unsigned long)nb->ino,
			!na->present || !nb->present ? "unreadable" : same ? "shared" : "different",
			rel[0] ? ": " : "", rel);
		return;
	}
	jw_obj(w, NULL);
	jw_str(w, "type", na->type->name);
	if (na->present) jw_uint(w, "first", na->ino); else jw_null(w, "first");
	if (nb->present) jw_uint(w, "second", nb->ino); else jw_null(w, "second");
	if (na->present && nb->present)
		jw_bool(w, "shared", same);
	else
		jw_null(w, "shared");
	jw_str(w, "relation", word[0] ? word : NULL);
	jw_str(w, "relation_text", rel[0] ? rel : NULL);
	jw_end_obj(w);
}

static void side(struct jw *w, const char *key, const struct diag_target *t)
{
	jw_obj(w, key);
	jw_str(w, "spec", t->spec);
	if (t->kind == TGT_PID)
		jw_int(w, "pid", t->pid);
	else
		jw_null(w, "pid");
	jw_end_obj(w);
}

void render_compare(FILE *out, const struct diag_report *a, const struct diag_report *b,
		    bool json)
{
	struct jw jw, *w = json ? &jw : NULL;

	if (w) {
		jw_begin_doc(w, out, "compare");
		side(w, "first", a->tgt);
		side(w, "second", b->tgt);
		jw_arr(w, "namespaces");
	} else {
		fprintf(out, "compare: first %s, second %s\n  %-17s %-11s %-11s %s\n",
			a->tgt->spec, b->tgt->spec, "TYPE", "FIRST", "SECOND", "");
	}
	for (size_t i = 0; i < a->nns; i++) {
		const struct diag_nsinfo *nb = report_ns(b, a->ns[i].type->name);

		if (nb)
			compare_one(out, w, a, b, &a->ns[i], nb);
	}
	if (w) {
		jw_end_arr(w);
		jw_end_obj(w);
		jw_done(w);
	}
}
