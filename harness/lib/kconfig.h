/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The running kernel's build configuration, from /proc/config.gz
 * (CONFIG_IKCONFIG_PROC) or /boot/config-$(uname -r).  Many machines have
 * neither: then every lookup answers KCONFIG_UNKNOWN and callers must ask
 * the feature itself (its errno) instead of deciding it is missing.
 */
#ifndef NSP_LIB_KCONFIG_H
#define NSP_LIB_KCONFIG_H

#include "lib/err.h"

enum kconfig_value {
	KCONFIG_UNKNOWN = 0,	/* no config file to ask */
	KCONFIG_NO,		/* "# CONFIG_X is not set" or absent */
	KCONFIG_MODULE,		/* =m */
	KCONFIG_BUILTIN,	/* =y */
	KCONFIG_VALUE,		/* =something else (a number or string) */
};

struct kconfig {
	char *text;		/* whole config, NULL when none was found */
	char source[256];	/* where it came from */
};

/* Load the config; a machine without one is not an error (text stays NULL). */
int kconfig_load(struct kconfig *kc, struct nsp_err *e);
/* A config file given by path, plain or gzipped (a kernel about to be
 * booted, a distribution's /boot/config-*): a missing file is an error. */
int kconfig_load_file(struct kconfig *kc, const char *path, struct nsp_err *e);
/* Parse from a string (tests). */
int kconfig_load_text(struct kconfig *kc, const char *text, const char *source);
enum kconfig_value kconfig_get(const struct kconfig *kc, const char *option);
void kconfig_free(struct kconfig *kc);

#endif
