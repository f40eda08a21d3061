// SPDX-License-Identifier: GPL-2.0-or-later
#include "lib/kconfig.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <zlib.h>

#include "lib/file.h"

/* gzread the whole file; zlib also reads a plain file transparently. */
static char *gz_slurp(const char *path, struct nsp_err *e)
{
	size_t cap = 64 * 1024, used = 0;
	char *buf = NULL, *grown;
	gzFile gz;
	int n;

	gz = gzopen(path, "rbe");
	if (!gz) {
		nsp_err_sys(e, "open %s", path);
		return NULL;
	}
	for (;;) {
		if (!buf || used + 1 >= cap) {
			cap = buf ? cap * 2 : cap;
			grown = realloc(buf, cap);
			if (!grown) {
				nsp_err_set(e, ENOMEM, "read %s", path);
				goto fail;
			}
			buf = grown;
		}
		n = gzread(gz, buf + used, (unsigned)(cap - used - 1));
		if (n < 0) {
			nsp_err_set(e, EIO, "decompress %s", path);
			goto fail;
		}
		if (n == 0)
			break;
		used += (size_t)n;
	}
	gzclose(gz);
	buf[used] = '\0';
	return buf;
fail:
	free(buf);
	gzclose(gz);
	return NULL;
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
