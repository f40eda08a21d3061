// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Command-line words for a container's cgroup limits (nsharness exec
 * --pids-max, --cpus, --cpu-weight, --cpuset, --io-wbps).  Strict: the
 * whole word, documented forms only; the kernel judges the rest (a CPU
 * the machine lacks, a device without a queue) when the limit is set.
 */
#include "runtime/spec.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

int core_parse_count(const char *text, long long min, long long max, long long *v,
		     struct nsp_err *e)
{
	char *end;

	errno = 0;
	*v = (*text >= '0' && *text <= '9') ? strtoll(text, &end, 10) : -1;
	if (*v < 0 || errno || *end || *v < min || *v > max)
		return nsp_err_set(e, EINVAL, "'%s' is not a number from %lld to %lld", text, min,
				   max);
	return 0;
}

int core_parse_cpus(const char *text, long long period_us, long long *quota_us,
		    struct nsp_err *e)
{
	const char *dot = strchr(text, '.');
	size_t ilen = dot ? (size_t)(dot - text) : strlen(text), flen = dot ? strlen(dot + 1) : 0;
	long long whole = 0, frac = 0, scale = 1;

	if (ilen == 0 || ilen > 4 || strspn(text, "0123456789") != ilen ||
	    (dot && (flen == 0 || flen > 6 || strspn(dot + 1, "0123456789") != flen)))
		return nsp_err_set(e, EINVAL, "'%s' is not a number of CPUs (e.g. 0.5, 2)", text);
	for (size_t i = 0; i < ilen; i++)
		whole = whole * 10 + (text[i] - '0');
	for (size_t i = 0; i < flen; i++, scale *= 10)
		frac = frac * 10 + (dot[1 + i] - '0');
	*quota_us = whole * period_us + frac * period_us / scale;
	/* the kernel's floor for a quota is 1 ms */
	if (*quota_us < 1000)
		return nsp_err_set(e, ERANGE, "%s CPUs is less than the 1 ms per %lld µs the "
				   "kernel allows", text, period_us);
	return 0;
}

int core_parse_cpulist(const char *text, struct nsp_err *e)
{
	size_t n = strlen(text);

	if (n == 0 || n > 64 || strspn(text, "0123456789,-") != n || text[0] < '0' ||
	    text[0] > '9')
		return nsp_err_set(e, EINVAL, "'%s' is not a CPU list (e.g. 0, 0-1, 0,2)", text);
	return 0;
}

/* "/dev/loop0" or "7:0" into "7:0". */
static int parse_dev(const char *text, size_t len, char *dev, size_t dlen, struct nsp_err *e)
{
	char path[PATH_MAX];
	unsigned maj, min;
	struct stat st;
	int used = 0;

	if (len >= sizeof(path))
		return nsp_err_set(e, ENAMETOOLONG, "device name too long");
	memcpy(path, text, len);
	path[len] = '\0';
	if (path[0] == '/') {
		if (stat(path, &st) < 0)
			return nsp_err_sys(e, "%s", path);
		if (!S_ISBLK(st.st_mode))
			return nsp_err_set(e, ENOTBLK, "%s is not a block device", path);
		maj = major(st.st_rdev);
		min = minor(st.st_rdev);
	} else if (sscanf(path, "%u:%u%n", &maj, &min, &used) != 2 || (size_t)used != len ||
		   strspn(path, "0123456789:") != len) {
		return nsp_err_set(e, EINVAL, "'%s' is neither a block device path nor MAJ:MIN",
				   path);
	}
	snprintf(dev, dlen, "%u:%u", maj, min);
	return 0;
}

int core_parse_iolimit(const char *text, char *dev, size_t dlen, long long *bps,
		       struct nsp_err *e)
{
	const char *colon = strrchr(text, ':');

	if (!colon || colon == text)
		return nsp_err_set(e, EINVAL, "'%s' is not DEV:BYTES (e.g. /dev/sda:10M, 8:0:1M)",
				   text);
	if (parse_dev(text, (size_t)(colon - text), dev, dlen, e) < 0 ||
	    core_parse_size(colon + 1, bps, e) < 0)
		return nsp_err_wrap(e, "'%s'", text);
	return 0;
}
