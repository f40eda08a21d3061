/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What a probe needs, declared once, checked by common code.
 *
 *   static const struct probe_needs needs = {
 *           .caps_sys_admin = true,
 *           .namespaces = CLONE_NEWUTS,
 *           .kconfig = (const char *const[]){ "CONFIG_UTS_NS", NULL },
 *           .timeout = 10,
 *   };
 *   int main(...) { ... if ((rc = probe_start(&t, &needs)) >= 0) return rc; ... }
 *
 * A need that is not met ends the probe with "1..0 # SKIP <reason>": the
 * reason names the missing option, privilege or layout and how it was
 * learnt.  Namespace support is asked of the kernel itself (unshare in a
 * throw-away child, reading its errno), because a kernel config file is
 * often absent and modules.dep never tells the truth about built-ins.
 */
#ifndef NSP_LIB_NEEDS_H
#define NSP_LIB_NEEDS_H

#include <stdbool.h>

#include "lib/cglayout.h"
#include "lib/tap.h"

/* A capability as a bit of probe_needs.caps: NEED_CAP(CAP_NET_ADMIN). */
#define NEED_CAP(cap) (1ULL << (cap))

struct probe_needs {
	bool caps_sys_admin;		/* CAP_SYS_ADMIN in our user namespace */
	unsigned long long caps;	/* NEED_CAP(...) | ...: each in CapEff */
	int namespaces;			/* CLONE_NEW* that must be creatable */
	const char *const *kconfig;	/* NULL-terminated, each =y or =m */
	enum cg_version cgroup;		/* CG_VNONE: any; else that version */
	const char *const *controllers;	/* NULL-terminated, on `cgroup` */
	unsigned int timeout;		/* seconds; 0: no limit of our own */
};

/*
 * Write the TAP header, check the needs and arm the timeout.  Returns -1
 * when the probe should go on, or the exit status to return right away
 * (skip-all or bail-out already written).
 */
int probe_start(struct tap *t, const struct probe_needs *n);

/* The individual checks, for probes that decide per test point.
 * Each returns true when met; otherwise writes the reason into `why`. */
bool need_sys_admin(char *why, unsigned int len);
/*
 * Every capability of `caps` (NEED_CAP bits) is in our effective set
 * (CapEff of /proc/self/status): decided from the capabilities, never
 * from the uid.  The reason names the first one absent and says what we
 * do have, e.g. "needs CAP_SYS_ADMIN, absent from this process's
 * effective capabilities (CapEff 0000000020000420, uid 0: not granted)".
 */
bool need_caps(unsigned long long caps, char *why, unsigned int len);
/* Our effective capabilities (CapEff); false when they cannot be read. */
bool caps_effective(unsigned long long *caps);
/* "CAP_KILL,CAP_NET_BIND_SERVICE" (any order) as NEED_CAP bits; -1 on a
 * name capabilities(7) does not list. */
int caps_parse(const char *list, unsigned long long *mask);
bool need_namespaces(int flags, char *why, unsigned int len);
bool need_kconfig(const char *const *options, char *why, unsigned int len);
bool need_cgroup(enum cg_version v, const char *const *controllers,
		 char *why, unsigned int len);

#endif
