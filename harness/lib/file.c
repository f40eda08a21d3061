// SPDX-License-Identifier: GPL-2.0-or-later
#include "lib/file.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

char *nsp_read_all(const struct nsp_source *src, size_t *len, struct nsp_err *e)
{
	size_t cap = 4096, used = 0;
	char *buf = NULL, *grown;
	ssize_t n;

	for (;;) {
		if (!buf || used + 1 >= cap) {
			cap = buf ? cap * 2 : cap;
			grown = realloc(buf, cap);
			if (!grown) {
				nsp_err_set(e, ENOMEM, "read %s", src->name);
				goto fail;
			}
			buf = grown;
		}
		n = src->read(src->handle, buf + used, cap - used - 1);
		if (n < 0) {
			nsp_err_sys(e, "read %s", src->name);
			goto fail;
		}
		if (n == 0)
			break;
		used += (size_t)n;
		if (src->max && used > src->max) {
			nsp_err_set(e, EFBIG, "%s is larger than %zu bytes", src->name, src->max);
			goto fail;
		}
	}
	buf[used] = '\0';
	if (len)
		*len = used;
	return buf;
fail:
	free(buf);
	return NULL;
}

static ssize_t fd_read(void *handle, char *buf, size_t len)
{
	ssize_t n;

	do
		n = read(*(int *)handle, buf, len);
	while (n < 0 && errno == EINTR);
	return n;
}

char *nsp_read_fd(int fd, const char *name, size_t max, size_t *len, struct nsp_err *e)
{
	struct nsp_source src = { fd_read, &fd, name, max };

	return nsp_read_all(&src, len, e);
}

char *nsp_read_file(const char *path, size_t *len, struct nsp_err *e)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	char *text;

	if (fd < 0) {
		nsp_err_sys(e, "open %s", path);
		return NULL;
	}
	text = nsp_read_fd(fd, path, 0, len, e);
	close(fd);
	return text;
}

char *nsp_read_proc(pid_t pid, const char *name, struct nsp_err *e)
{
	char path[64];

	if (pid > 0)
		snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, name);
	else
		snprintf(path, sizeof(path), "/proc/self/%s", name);
	return nsp_read_file(path, NULL, e);
}

int nsp_read_line(const char *path, char *buf, size_t len, struct nsp_err *e)
{
	char *text = nsp_read_file(path, NULL, e);

	if (!text)
		return -1;
	text[strcspn(text, "\n")] = '\0';
	if (strlen(text) >= len) {
		free(text);
		return nsp_err_set(e, EOVERFLOW, "first line of %s longer than %zu",
				   path, len - 1);
	}
	strcpy(buf, text);
	free(text);
	return 0;
}

int nsp_write_file(const char *path, const char *text, struct nsp_err *e)
{
	size_t len = strlen(text);
	ssize_t n;
	int fd;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return nsp_err_sys(e, "open %s for writing", path);
	n = write(fd, text, len);
	if (n < 0) {
		nsp_err_sys(e, "write \"%.40s\" to %s", text, path);
		close(fd);
		return -1;
	}
	close(fd);
	if ((size_t)n != len)
		return nsp_err_set(e, EIO, "short write to %s", path);
	return 0;
}

int nsp_parse_long(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	if (!s || !*s || !((*s >= '0' && *s <= '9') || *s == '-'))
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}
