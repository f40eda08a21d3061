// SPDX-License-Identifier: GPL-2.0-or-later
#include "lib/kconfig.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <zlib.h>

#include "lib/file.h"

static ssize_t gz_read(void *handle, char *buf, size_t len)
{
	int n = gzread(handle, buf, (unsigned)len);

	if (n < 0)
		errno = EIO;	/* a corrupt stream: zlib has no errno for it */
	return n;
}

/* gzread the whole file; zlib also reads a plain file transparently. */
static char *gz_slurp(const char *path, struct nsp_err *e)
{
	gzFile gz = gzopen(path, "rbe");
	struct nsp_source src = { gz_read, gz, path, 0 };
	char *text;

	if (!gz) {
		nsp_err_sys(e, "open %s", path);
		return NULL;
	}
	text = nsp_read_all(&src, NULL, e);
	gzclose(gz);
	return text;
}

int kconfig_load_text(struct kconfig *kc, const char *text, const char *source)
{
	kc->text = strdup(text);
	if (!kc->text)
		return -1;
	snprintf(kc->source, sizeof(kc->source), "%s", source);
	return 0;
}

int kconfig_load_file(struct kconfig *kc, const char *path, struct nsp_err *e)
{
	memset(kc, 0, sizeof(*kc));
	kc->text = gz_slurp(path, e);
	if (!kc->text)
		return nsp_err_wrap(e, "kernel config %s", path);
	snprintf(kc->source, sizeof(kc->source), "%.*s", (int)sizeof(kc->source) - 1, path);
	return 0;
}

int kconfig_load(struct kconfig *kc, struct nsp_err *e)
{
	struct utsname u;
	char boot[128 + sizeof(u.release)];
	const char *paths[2] = { "/proc/config.gz", boot };

	memset(kc, 0, sizeof(*kc));
	if (uname(&u) < 0)
		return nsp_err_sys(e, "uname");
	snprintf(boot, sizeof(boot), "/boot/config-%s", u.release);
	for (int i = 0; i < 2; i++) {
		kc->text = gz_slurp(paths[i], e);
		if (kc->text) {
			snprintf(kc->source, sizeof(kc->source), "%s", paths[i]);
			return 0;
		}
		if (e->errnum != ENOENT)
			return nsp_err_wrap(e, "kernel config");
	}
	nsp_err_clear(e);
	return 0;
}

/* Find "OPTION=" or "# OPTION is not set" at the start of a line. */
enum kconfig_value kconfig_get(const struct kconfig *kc, const char *option)
{
	size_t olen = strlen(option);
	const char *line;

	if (!kc->text)
		return KCONFIG_UNKNOWN;
	for (line = kc->text; line && *line; line = strchr(line, '\n'),
	     line = line ? line + 1 : NULL) {
		if (strncmp(line, option, olen) != 0 || line[olen] != '=')
			continue;
		if (line[olen + 1] == 'y' && (line[olen + 2] == '\n' || !line[olen + 2]))
			return KCONFIG_BUILTIN;
		if (line[olen + 1] == 'm' && (line[olen + 2] == '\n' || !line[olen + 2]))
			return KCONFIG_MODULE;
		return KCONFIG_VALUE;
	}
	return KCONFIG_NO;
}

void kconfig_free(struct kconfig *kc)
{
	free(kc->text);
	kc->text = NULL;
}
