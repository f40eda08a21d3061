// SPDX-License-Identifier: GPL-2.0-or-later
#include "runner/kcidb.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>

#include "lib/cglayout.h"
#include "lib/file.h"
#include "lib/jsonw.h"
#include "runner/checkname.h"

#define ORIGIN "nsprobe"

static void copy(char *dst, size_t len, const char *src)
{
	snprintf(dst, len, "%s", src);
}

/* The boot id without its dashes, or "noboot" where /proc lacks it. */
static void boot_id(char *out, size_t len)
{
	char buf[64] = "";
	struct nsp_err e;
	size_t o = 0;

	if (nsp_read_line("/proc/sys/kernel/random/boot_id", buf, sizeof(buf), &e) < 0)
		copy(buf, sizeof(buf), "noboot");
	for (const char *s = buf; *s && o + 1 < len; s++)
		if (isalnum((unsigned char)*s))
			out[o++] = *s;
	out[o] = '\0';
}

int kcidb_run_init(struct kcidb_run *r, struct nsp_err *e)
{
	struct utsname u;
	struct cg_layout l;
	struct timespec ts;
	struct tm tm;
	char boot[40];

	memset(r, 0, sizeof(*r));
	if (uname(&u) < 0)
		return nsp_err_sys(e, "uname");
	copy(r->release, sizeof(r->release), u.release);
	copy(r->version, sizeof(r->version), u.version);
	copy(r->machine, sizeof(r->machine), u.machine);
	copy(r->layout, sizeof(r->layout),
	     cg_layout_detect(&l, e) < 0 ? "unknown" : cg_mode_name(l.mode));
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(r->start_time, sizeof(r->start_time), "%Y-%m-%dT%H:%M:%SZ", &tm);
	boot_id(boot, sizeof(boot));
	snprintf(r->run_id, sizeof(r->run_id), "%s-%lld%09ld", boot,
		 (long long)ts.tv_sec, ts.tv_nsec);
	return 0;
}

/* FNV-1a of the kernel's version string: two kernels with one release
 * name but different builds get different ids. */
static uint32_t fnv1a(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* "suite.entry" as two path components: what the schema allows in one
 * ([a-zA-Z0-9_-]) kept, anything else "_", the first "." between them. */
static void entry_components(char *dst, size_t len, const char *s)
{
	bool dot = false;
	size_t o = 0;

	for (; *s && o + 1 < len; s++) {
		bool keep = isalnum((unsigned char)*s) || *s == '-' || *s == '_' || (*s == '.' && !dot);

		dot = dot || *s == '.';
		dst[o++] = keep ? *s : '_';
	}
	dst[o] = '\0';
}

struct test_case {
	const char *entry;	/* "suite.entry" */
	const char *slug;	/* NULL for the whole entry */
	const char *status;
	const struct tap_point *p;	/* NULL for a whole-entry skip */
	const char *reason;
	double seconds;
};

static void put_test(struct jw *w, const struct kcidb_run *r, const char *build,
		     const struct test_case *t)
{
	char entry[256], path[600], id[800], env[48];

	snprintf(env, sizeof(env), "cgroup layout %s", r->layout);
	entry_components(entry, sizeof(entry), t->entry);
	snprintf(path, sizeof(path), ORIGIN ".%s%s%s", entry, t->slug ? "." : "", t->slug ? t->slug : "");
	snprintf(id, sizeof(id), ORIGIN ":%s:%s", r->run_id, path + strlen(ORIGIN) + 1);
	jw_obj(w, NULL);
	jw_str(w, "id", id);
	jw_str(w, "origin", ORIGIN);
	jw_str(w, "build_id", build);
	jw_str(w, "path", path);
	jw_str(w, "status", t->status);
	jw_str(w, "start_time", r->start_time);
	jw_double(w, "duration", t->seconds, 3);
	jw_obj(w, "environment");
	jw_str(w, "comment", env);
	jw_obj(w, "misc");
	jw_str(w, "cgroup_layout", r->layout);
	jw_end_obj(w);
	jw_end_obj(w);
	if (t->p && t->p->yaml && strcmp(t->status, "PASS") != 0)
		jw_str(w, "log_excerpt", t->p->yaml);
	jw_obj(w, "misc");
	jw_str(w, "run_id", r->run_id);
	if (t->p) {
		jw_str(w, "description", t->p->desc);
		jw_int(w, "tap_number", t->p->number);
	}
	if (t->reason)
		jw_str(w, "reason", t->reason);
	jw_end_obj(w);
	jw_end_obj(w);
}

static const char *status_of(const struct tap_point *p)
{
	if (p->directive != TAPD_NONE)
		return "SKIP";	/* SKIP, and TODO whatever its result */
	if (p->ok)
		return "PASS";
	return p->broken ? "ERROR" : "FAIL";
}

static int put_entry(struct jw *w, const struct kcidb_run *r, const char *build,
		     const struct case_suite *s, const struct case_entry *e)
{
	const struct tap_doc *d = &e->v->doc;
	size_t cases = d->npoints + (d->skip_all != NULL);
	double each = cases ? e->seconds / (double)cases : 0;
	char entry[256];

	/* entries are "suite.entry" already when report.c passes them */
	if (strncmp(e->name, s->name, strlen(s->name)) == 0 && e->name[strlen(s->name)] == '.')
		copy(entry, sizeof(entry), e->name);
	else
		snprintf(entry, sizeof(entry), "%s.%s", s->name, e->name);
	if (d->skip_all)
		put_test(w, r, build, &(struct test_case){ .entry = entry, .status = "SKIP",
							 .reason = d->skip_all, .seconds = each });
	for (size_t i = 0; i < d->npoints; i++) {
		char *slug = checkname_slug(d, i);

		if (!slug)
			return -1;
		put_test(w, r, build, &(struct test_case){ .entry = entry, .slug = slug,
							 .status = status_of(&d->points[i]), .p = &d->points[i],
							 .reason = d->points[i].reason, .seconds = each });
		free(slug);
	}
	return 0;
}

int kcidb_write(FILE *out, const struct kcidb_run *r,
		const struct case_suite *suites, size_t n)
{
	struct jw w;
	char checkout[160], build[240], comment[200];

	snprintf(checkout, sizeof(checkout), ORIGIN ":linux-%s-%08x", r->release, fnv1a(r->version));
	snprintf(build, sizeof(build), "%s-%s", checkout, r->machine);
	snprintf(comment, sizeof(comment), "Linux %s %s", r->release, r->version);
	jw_init(&w, out);
	jw_obj(&w, NULL);
	jw_obj(&w, "version");
	jw_int(&w, "major", 5);
	jw_int(&w, "minor", 3);
	jw_end_obj(&w);
	jw_arr(&w, "checkouts");
	jw_obj(&w, NULL);
	jw_str(&w, "id", checkout);
	jw_str(&w, "origin", ORIGIN);
	jw_str(&w, "comment", comment);
	jw_end_obj(&w);
	jw_end_arr(&w);
	jw_arr(&w, "builds");
	jw_obj(&w, NULL);
	jw_str(&w, "id", build);
	jw_str(&w, "origin", ORIGIN);
	jw_str(&w, "checkout_id", checkout);
	jw_str(&w, "architecture", r->machine);
	jw_str(&w, "comment", comment);
	jw_end_obj(&w);
	jw_end_arr(&w);
	jw_arr(&w, "tests");
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < suites[i].nentries; k++)
			if (put_entry(&w, r, build, &suites[i], &suites[i].entries[k]) < 0)
				return -1;
	jw_end_arr(&w);
	jw_end_obj(&w);
	jw_done(&w);
	return 0;
}
