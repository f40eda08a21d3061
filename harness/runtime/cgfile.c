// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The cgroup file model's code: lookups, the text layouts (parse and
 * format), conversion between v1 and canonical values, and reading a
 * group's files.  The names themselves are in cgfile_table.c.
 */
#include "runtime/cgfile.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/file.h"

/* v1 page counters read their "unlimited" as PAGE_COUNTER_MAX pages */
#define HUGE_IS_UNLIMITED (1LL << 62)

static void freep(void *p)
{
	free(*(void **)p);
}
#define autofree __attribute__((cleanup(freep)))

const struct cg_side *cg_file_side(enum cg_item it, enum cg_version v)
{
	const struct cg_file *f = cg_file(it);

	if (!f)
		return NULL;
	return v == CG_V1 ? &f->v1 : v == CG_V2 ? &f->v2 : NULL;
}

const char *cg_file_name(enum cg_item it, enum cg_version v)
{
	const struct cg_side *s = cg_file_side(it, v);

	return s ? s->file : NULL;
}

const char *cg_file_ctrl(enum cg_item it, enum cg_version v)
{
	const struct cg_side *s = cg_file_side(it, v);

	return s ? s->ctrl : NULL;
}

const char *cg_file_label(enum cg_item it, enum cg_version v, char *buf, size_t len)
{
	const struct cg_side *s = cg_file_side(it, v);
	bool keyed = s && s->key && s->fmt != CG_FMT_DEV_KEYED;

	if (!s || !s->file)
		snprintf(buf, len, "(none)");
	else
		snprintf(buf, len, "%s%s%s", s->file, keyed ? " " : "", keyed ? s->key : "");
	return buf;
}

/* Strict decimal long long from s[0..n) */
static int parse_ll(const char *s, size_t n, long long *val)
{
	char num[32], *end;

	if (n == 0 || n >= sizeof(num))
		return -1;
	memcpy(num, s, n);
	num[n] = '\0';
	if (!(num[0] >= '0' && num[0] <= '9') &&
	    !(num[0] == '-' && num[1] >= '0' && num[1] <= '9'))
		return -1;
	errno = 0;
	*val = strtoll(num, &end, 10);
	return errno || *end ? -1 : 0;
}

int cg_parse_key(const char *text, const char *key, long long *val, struct nsp_err *e)
{
	size_t klen = strlen(key);

	if (!klen || strchr(key, ' '))
		return nsp_err_set(e, EINVAL, "bad key `%s'", key);
	for (const char *line = text; *line;) {
		const char *end = strchrnul(line, '\n');

		if ((size_t)(end - line) > klen && line[klen] == ' ' &&
		    strncmp(line, key, klen) == 0) {
			if (parse_ll(line + klen + 1, (size_t)(end - line) - klen - 1, val) < 0)
				return nsp_err_set(e, EINVAL, "key `%s': \"%.*s\" is not "
						   "a number", key, (int)(end - line), line);
			return 0;
		}
		line = *end ? end + 1 : end;
	}
	return nsp_err_set(e, ENODATA, "no key `%s'", key);
}

/* One number or the unlimited word, s[0..n) */
static int parse_value(const struct cg_side *s, const char *p, size_t n, long long *val,
		       struct nsp_err *e)
{
	if ((n == 3 && strncmp(p, "max", 3) == 0) ||
	    (s->unlimited && strlen(s->unlimited) == n && strncmp(p, s->unlimited, n) == 0)) {
		*val = CG_UNLIMITED;
		return 0;
	}
	if (parse_ll(p, n, val) < 0)
		return nsp_err_set(e, EINVAL, "\"%.*s\" is not a number", (int)(n > 40 ? 40 : n), p);
	if (*val >= HUGE_IS_UNLIMITED)
		*val = CG_UNLIMITED;
	return 0;
}

/* The n-th space-separated word of the first line: *p, *n */
static bool nth_word(const char *text, int word, const char **p, size_t *n)
{
	const char *w = text;

	for (int i = 0;; i++) {
		w += strspn(w, " ");
		if (!*w || *w == '\n')
			return false;
		*n = strcspn(w, " \n");
		if (i == word) {
			*p = w;
			return true;
		}
		w += *n;
	}
}

/* The line of `dev` ("8:0 ..."), after the device and its space; NULL: none */
static const char *dev_line(const char *text, const char *dev, size_t *n)
{
	size_t dlen = strlen(dev);

	for (const char *line = text; *line;) {
		const char *end = strchrnul(line, '\n');

		if (strncmp(line, dev, dlen) == 0 && line[dlen] == ' ') {
			*n = (size_t)(end - line) - dlen - 1;
			return line + dlen + 1;
		}
		line = *end ? end + 1 : end;
	}
	return NULL;
}

/* "key=value" among the words of line[0..n) */
static const char *kv_value(const char *line, size_t n, const char *key, size_t *vn)
{
	size_t klen = strlen(key);

	for (size_t i = 0; i < n;) {
		size_t wn = strcspn(line + i, " \n");

		if (wn > klen && line[i + klen] == '=' && strncmp(line + i, key, klen) == 0) {
			*vn = wn - klen - 1;
			return line + i + klen + 1;
		}
		i += wn + 1;
	}
	return NULL;
}

/* v1 "8:0 Write 123" lines: several per device, one per key */
static const char *dev_keyed(const char *text, const char *dev, const char *key, size_t *vn)
{
	size_t klen = strlen(key), n;

	for (const char *p = text; (p = dev_line(p, dev, &n)); p += n) {
		if (n > klen && p[klen] == ' ' && strncmp(p, key, klen) == 0) {
			*vn = n - klen - 1;
			return p + klen + 1;
		}
	}
	return NULL;
}

/* A per-device row without a line (or key): what the kernel means by it */
static int dev_absent(const struct cg_file *f, long long *val)
{
	*val = f->kind == CG_KIND_LIMIT ? CG_UNLIMITED : 0;
	return 0;
}

static int parse_dev(const struct cg_file *f, const struct cg_side *s, const char *text,
		     const char *dev, long long *val, struct nsp_err *e)
{
	const char *p;
	size_t n;

	if (!dev || !dev[0])
		return nsp_err_set(e, EINVAL, "%s is per device: no device given", f->name);
	if (s->fmt == CG_FMT_DEV_KEYED) {
		p = dev_keyed(text, dev, s->key, &n);
		return p ? parse_value(s, p, n, val, e) : dev_absent(f, val);
	}
	p = dev_line(text, dev, &n);
	if (!p)
		return dev_absent(f, val);
	if (s->fmt == CG_FMT_DEV_KV && !(p = kv_value(p, n, s->key, &n)))
		return nsp_err_set(e, ENODATA, "device %s has no `%s='", dev, s->key);
	return parse_value(s, p, n, val, e);
}

/* v * mul / div rounded to nearest; a product past long long (a value no
 * kernel gives, but text can say anything) saturates, never wraps */
static long long scale(long long v, long long mul, long long div)
{
	long long p;

	if (__builtin_mul_overflow(v, mul, &p) || __builtin_add_overflow(p, div / 2, &p))
		return v < 0 ? -CG_UNLIMITED : CG_UNLIMITED;
	return p / div;
}

/* v1 -> canonical units, rounded to nearest */
static long long from_v1(const struct cg_file *f, long long v)
{
	if (!f->v1_mul || v == CG_UNLIMITED)
		return v;
	return scale(v, f->v1_div, f->v1_mul);
}

static long long to_v1(const struct cg_file *f, long long v)
{
	if (!f->v1_mul || v == CG_UNLIMITED)
		return v;
	return scale(v, f->v1_mul, f->v1_div);
}

int cg_file_parse(enum cg_item it, enum cg_version v, const char *text,
		  const char *dev, long long *val, struct nsp_err *e)
{
	const struct cg_file *f = cg_file(it);
	const struct cg_side *s = cg_file_side(it, v);
	const char *p;
	size_t n;
	int rc;

	if (!s || !s->file)
		return nsp_err_set(e, EOPNOTSUPP, "%s: no such file on cgroup v%d",
				   f ? f->name : "?", (int)v);
	switch (s->fmt) {
	case CG_FMT_VALUE:
		rc = parse_value(s, text, strcspn(text, "\n"), val, e);
		break;
	case CG_FMT_KEYED:
		rc = cg_parse_key(text, s->key, val, e);
		break;
	case CG_FMT_WORD:
		rc = nth_word(text, s->word, &p, &n) ? parse_value(s, p, n, val, e) :
		     nsp_err_set(e, ENODATA, "no word %d", s->word + 1);
		break;
	case CG_FMT_TEXT:
		return nsp_err_set(e, EINVAL, "%s is text, not a number", f->name);
	default:
		rc = parse_dev(f, s, text, dev, val, e);
		break;
	}
	if (rc == 0 && v == CG_V1)
		*val = from_v1(f, *val);
	return rc;
}

int cg_file_path(const char *dir, enum cg_version v, enum cg_item it, char *path,
		 size_t len, struct nsp_err *e)
{
	const char *file = cg_file_name(it, v);
	int n;

	if (!file) {
		const struct cg_file *f = cg_file(it);

		return nsp_err_set(e, EOPNOTSUPP, "%s: no such file on cgroup v%d",
				   f ? f->name : "?", (int)v);
	}
	n = snprintf(path, len, "%s/%s", dir, file);
	if (n < 0 || (size_t)n >= len)
		return nsp_err_set(e, ENAMETOOLONG, "%s/%s: path too long", dir, file);
	return 0;
}

bool cg_file_exists(const char *dir, enum cg_version v, enum cg_item it)
{
	char path[PATH_MAX];
	struct nsp_err e;

	return cg_file_path(dir, v, it, path, sizeof(path), &e) == 0 && access(path, F_OK) == 0;
}

int cg_file_write(const char *dir, enum cg_version v, enum cg_item it, const char *text,
		  struct nsp_err *e)
{
	char path[PATH_MAX];

	if (cg_file_path(dir, v, it, path, sizeof(path), e) < 0)
		return -1;
	return nsp_write_file(path, text, e);
}

static char *read_side(const char *dir, enum cg_version v, enum cg_item it, size_t *n,
		       struct nsp_err *e)
{
	char path[PATH_MAX];

	if (cg_file_path(dir, v, it, path, sizeof(path), e) < 0)
		return NULL;
	return nsp_read_file(path, n, e);
}

int cg_file_read(const char *dir, enum cg_version v, enum cg_item it,
		 const char *dev, long long *val, struct nsp_err *e)
{
	const struct cg_file *f = cg_file(it);
	autofree char *text = read_side(dir, v, it, NULL, e);
	char label[96];
	long long adds;

	if (!text || cg_file_parse(it, v, text, dev, val, e) < 0)
		return nsp_err_wrap(e, "%s/%s", dir, cg_file_label(it, v, label, sizeof(label)));
	if (v != CG_V1 || !f->v1_adds || *val == CG_UNLIMITED)
		return 0;
	/* memsw counts memory too: the canonical swap limit is the rest */
	if (cg_file_read(dir, v, f->v1_adds, dev, &adds, e) < 0)
		return -1;
	if (adds != CG_UNLIMITED)
		*val -= adds;
	return 0;
}

int cg_file_read_text(const char *dir, enum cg_version v, enum cg_item it,
		      char *buf, size_t len, struct nsp_err *e)
{
	autofree char *text = NULL;
	char label[96];
	size_t n;

	text = read_side(dir, v, it, &n, e);
	if (!text)
		return nsp_err_wrap(e, "read %s", cg_file_label(it, v, label, sizeof(label)));
	if (n && text[n - 1] == '\n')
		text[--n] = '\0';
	if (n >= len)
		return nsp_err_set(e, EOVERFLOW, "read %s/%s: %zu bytes do not fit in %zu",
				   dir, cg_file_label(it, v, label, sizeof(label)), n, len);
	memcpy(buf, text, n + 1);
	return 0;
}

/* The number as the file wants it on v, unlimited as its word */
static int number_text(const struct cg_file *f, const struct cg_side *s, enum cg_version v,
		       long long val, long long adds, char *buf, size_t len, struct nsp_err *e)
{
	if (v == CG_V1 && f->v1_adds && val != CG_UNLIMITED)
		val = adds == CG_UNLIMITED ? CG_UNLIMITED : val + adds;
	if (v == CG_V1)
		val = to_v1(f, val);
	if (val == CG_UNLIMITED && !s->unlimited)
		return nsp_err_set(e, EINVAL, "%s has no unlimited value on cgroup v%d",
				   f->name, (int)v);
	if (val == CG_UNLIMITED)
		snprintf(buf, len, "%s", s->unlimited);
	else
		snprintf(buf, len, "%lld", val);
	return 0;
}

int cg_file_format(enum cg_item it, enum cg_version v, long long val,
		   long long adds, const char *dev, char *buf, size_t len,
		   struct nsp_err *e)
{
	const struct cg_file *f = cg_file(it);
	const struct cg_side *s = cg_file_side(it, v);
	char num[32];
	int n;

	if (!s || !s->file)
		return nsp_err_set(e, EOPNOTSUPP, "%s: no such file on cgroup v%d",
				   f ? f->name : "?", (int)v);
	if (f->kind != CG_KIND_LIMIT && f->kind != CG_KIND_SETTING)
		return nsp_err_set(e, EINVAL, "%s is not a number to set", f->name);
	if (number_text(f, s, v, val, adds, num, sizeof(num), e) < 0)
		return -1;
	if (f->per_device && (!dev || !dev[0]))
		return nsp_err_set(e, EINVAL, "%s is per device: no device given", f->name);
	if (s->fmt == CG_FMT_DEV_KV)
		n = snprintf(buf, len, "%s %s=%s", dev, s->key, num);
	else if (s->fmt == CG_FMT_DEV_VALUE)
		n = snprintf(buf, len, "%s %s", dev, num);
	else
		n = snprintf(buf, len, "%s", num);
	if (n < 0 || (size_t)n >= len)
		return nsp_err_set(e, EOVERFLOW, "%s: value text too long", f->name);
	return 0;
}

int cg_file_merge_word(enum cg_item it, enum cg_version v, const char *line,
		       const char *word, char *buf, size_t len, struct nsp_err *e)
{
	const struct cg_side *s = cg_file_side(it, v);
	const char *p;
	size_t n;
	int out;

	if (!s || s->fmt != CG_FMT_WORD)
		return nsp_err_set(e, EINVAL, "not a one-line file of words");
	if (!nth_word(line, s->word, &p, &n))
		return nsp_err_set(e, ENODATA, "%s: \"%.40s\" has no word %d", s->file, line,
				   s->word + 1);
	out = snprintf(buf, len, "%.*s%s%.*s", (int)(p - line), line, word,
		       (int)strcspn(p + n, "\n"), p + n);
	if (out < 0 || (size_t)out >= len)
		return nsp_err_set(e, EOVERFLOW, "%s: line too long", s->file);
	return 0;
}

size_t cg_file_devices(const char *text, char (*devs)[16], size_t max)
{
	size_t n = 0, k, len;

	for (const char *line = text; *line && n < max;) {
		const char *end = strchrnul(line, '\n');

		len = strspn(line, "0123456789:");
		if (len > 2 && len < 16 && line[len] == ' ' && memchr(line, ':', len)) {
			for (k = 0; k < n && (strlen(devs[k]) != len ||
					      strncmp(devs[k], line, len) != 0); k++)
				;
			if (k == n)
				snprintf(devs[n++], 16, "%.*s", (int)len, line);
		}
		line = *end ? end + 1 : end;
	}
	return n;
}
