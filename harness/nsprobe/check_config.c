// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * --check-config: what the kernel was built with (kconfig.h: /proc/config.gz
 * or /boot/config-$(uname -r)) next to what the running kernel answers:
 * namespace types (their /proc/self/ns file, and unshare() in a throw-away
 * child via needs.h), nsfs ioctls (ENOTTY means absent), the
 * user.max_*_namespaces limits, the cgroup layout and controllers.
 * Read-only: the unshare() children change only themselves and exit.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/cglayout.h"
#include "lib/file.h"
#include "lib/jsonw.h"
#include "lib/kconfig.h"
#include "lib/needs.h"
#include "lib/nsfile.h"
#include "nsprobe/nsioctl.h"
#include "nsprobe/nsprobe.h"

/* One nsfs ioctl, tried on a namespace file of the right type. */
static const struct {
	const char *name;
	unsigned long req;
	const char *file;	/* /proc/self/ns/<file> */
	bool by_value;		/* the argument is a number, not a pointer */
} ioctls[] = {
	{ "NS_GET_USERNS", NS_GET_USERNS, "uts", false },
	{ "NS_GET_PARENT", NS_GET_PARENT, "pid", false },
	{ "NS_GET_NSTYPE", NS_GET_NSTYPE, "uts", false },
	{ "NS_GET_OWNER_UID", NS_GET_OWNER_UID, "user", false },
	{ "NS_GET_MNTNS_ID", NS_GET_MNTNS_ID, "mnt", false },
	{ "NS_GET_PID_FROM_PIDNS", NS_GET_PID_FROM_PIDNS, "pid", true },
	{ "NS_GET_TGID_FROM_PIDNS", NS_GET_TGID_FROM_PIDNS, "pid", true },
	{ "NS_GET_PID_IN_PIDNS", NS_GET_PID_IN_PIDNS, "pid", true },
	{ "NS_GET_TGID_IN_PIDNS", NS_GET_TGID_IN_PIDNS, "pid", true },
	{ "NS_MNT_GET_INFO", NS_MNT_GET_INFO, "mnt", false },
	{ "NS_MNT_GET_NEXT", NS_MNT_GET_NEXT, "mnt", false },
	{ "NS_MNT_GET_PREV", NS_MNT_GET_PREV, "mnt", false },
	{ "NS_GET_ID", NS_GET_ID, "mnt", false },
};

static const char *const limits[] = { "cgroup", "ipc", "mnt", "net", "pid",
				      "time", "user", "uts" };

static const char *kval(enum kconfig_value v)
{
	static const char *const n[] = { "unknown", "n", "m", "y", "value" };

	return n[v];
}

/* 0: supported (any answer but ENOTTY), else the errno. */
static int try_ioctl(size_t i)
{
	struct diag_mnt_ns_info info = { .size = sizeof(info) };
	char path[64], arg[64] = { 0 };
	int fd, rc, err;

	snprintf(path, sizeof(path), "/proc/self/ns/%s", ioctls[i].file);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno;
	if (ioctls[i].by_value)
		rc = ioctl(fd, ioctls[i].req, (unsigned long)getpid());
	else if (ioctls[i].req == NS_MNT_GET_INFO || ioctls[i].req == NS_MNT_GET_NEXT ||
		 ioctls[i].req == NS_MNT_GET_PREV)
		rc = ioctl(fd, ioctls[i].req, &info);
	else
		rc = ioctl(fd, ioctls[i].req, arg);
	err = rc < 0 ? errno : 0;
	/* NS_GET_USERNS/PARENT and NS_MNT_GET_NEXT/PREV answer with an fd */
	if (rc > 2 && (ioctls[i].req == NS_GET_USERNS || ioctls[i].req == NS_GET_PARENT ||
		       ioctls[i].req == NS_MNT_GET_NEXT || ioctls[i].req == NS_MNT_GET_PREV))
		close(rc);
	close(fd);
	return err == ENOTTY ? ENOTTY : 0;
}

/* The probes that need an option: a JSON array, or text for people. */
static void option_probes(FILE *out, struct jw *w, const char *probes)
{
	char buf[512], *save = NULL;

	if (!w) {
		fprintf(out, "      probes: %s\n", !*probes ? "none yet (for container runtimes)" :
			strcmp(probes, "*") == 0 ? "every probe" : probes);
		return;
	}
	jw_arr(w, "probes");
	snprintf(buf, sizeof(buf), "%s", probes);
	for (char *p = strtok_r(buf, " ", &save); p; p = strtok_r(NULL, " ", &save))
		jw_str(w, NULL, p);
	jw_end_arr(w);
}

static void cfg_kconfig(FILE *out, struct jw *w, const struct kconfig *kc)
{
	bool have = kc->text != NULL;

	if (w) {
		jw_str(w, "kconfig_source", have ? kc->source : NULL);
		jw_arr(w, "kconfig");
	} else {
		fprintf(out, "kernel config: %s\n", have ? kc->source :
			"none found (/proc/config.gz, /boot/config-$(uname -r)): answers below come from the kernel itself");
	}
	for (size_t i = 0; i < diag_noptions; i++) {
		const struct diag_option *o = &diag_options[i];
		enum kconfig_value v = kconfig_get(kc, o->option);

		if (w) {
			jw_obj(w, NULL);
			jw_str(w, "option", o->option);
			jw_str(w, "value", kval(v));
			jw_str(w, "needed_by", o->who);
			jw_str(w, "why", o->why);
			option_probes(out, w, o->probes);
			jw_end_obj(w);
		} else {
			fprintf(out, "  %-38s %-8s (needed by %s)\n      %s\n", o->option, kval(v),
				o->who, o->why);
			option_probes(out, w, o->probes);
		}
	}
	if (w)
		jw_end_arr(w);
}

static void cfg_namespaces(FILE *out, struct jw *w)
{
	if (w)
		jw_arr(w, "namespace_types");
	else
		fprintf(out, "\nnamespace types (file in /proc/self/ns; unshare() in a child)\n");
	for (size_t i = 0; i < NS_NTYPES; i++) {
		const struct ns_type *t = ns_type_at(i);
		char path[64], why[256] = "";
		struct stat st;
		bool file, ok;

		snprintf(path, sizeof(path), "/proc/self/ns/%s", t->name);
		file = stat(path, &st) == 0;
		ok = need_namespaces(t->flag, why, sizeof(why));
		if (w) {
			jw_obj(w, NULL);
			jw_str(w, "type", t->name);
			jw_bool(w, "present", file);
			jw_bool(w, "unshare", ok);
			jw_str(w, "unshare_error", ok ? NULL : why);
			jw_end_obj(w);
		} else {
			fprintf(out, "  %-8s %-8s unshare %s%s\n", t->name,
				file ? "present" : "absent", ok ? "works" : "fails: ", ok ? "" : why);
		}
	}
	if (w)
		jw_end_arr(w);
}

static void cfg_ioctls(FILE *out, struct jw *w)
{
	if (w)
		jw_arr(w, "nsfs_ioctls");
	else
		fprintf(out, "\nnsfs ioctls (ENOTTY: the kernel lacks it)\n");
	for (size_t i = 0; i < sizeof(ioctls) / sizeof(ioctls[0]); i++) {
		int err = try_ioctl(i);

		if (w) {
			jw_obj(w, NULL);
			jw_str(w, "name", ioctls[i].name);
			jw_bool(w, "supported", err == 0);
			jw_end_obj(w);
		} else {
			fprintf(out, "  %-24s %s\n", ioctls[i].name,
				err == 0 ? "supported" : err == ENOTTY ? "absent (ENOTTY)" : strerror(err));
		}
	}
	if (w)
		jw_end_arr(w);
}

static void cfg_limits(FILE *out, struct jw *w)
{
	if (w)
		jw_obj(w, "limits");
	else
		fprintf(out, "\nlimits (/proc/sys/user)\n");
	for (size_t i = 0; i < sizeof(limits) / sizeof(limits[0]); i++) {
		char path[64], key[48], buf[32];
		struct nsp_err e;
		long v = -1;

		snprintf(key, sizeof(key), "max_%s_namespaces", limits[i]);
		snprintf(path, sizeof(path), "/proc/sys/user/%s", key);
		if (nsp_read_line(path, buf, sizeof(buf), &e) < 0 ||
		    nsp_parse_long(buf, 0, 0x7fffffffL, &v) < 0)
			v = -1;
		if (w && v >= 0)
			jw_int(w, key, v);
		else if (w)
			jw_null(w, key);
		else if (v >= 0)
			fprintf(out, "  %-24s %ld%s\n", key, v, v == 0 ? " (creation disabled)" : "");
		else
			fprintf(out, "  %-24s unreadable\n", key);
	}
	if (w)
		jw_end_obj(w);
}

int check_config(FILE *out, bool json, const char *kconfig_path)
{
	struct jw jw, *w = json ? &jw : NULL;
	struct kconfig kc = { 0 };
	struct nsp_err e;
	int rc = kconfig_path ? kconfig_load_file(&kc, kconfig_path, &e) : kconfig_load(&kc, &e);

	char buf[NSP_ERR_MSG_MAX + 64];

	if (rc < 0 && kconfig_path) {
		fprintf(stderr, "nsprobe: %s\n", nsp_err_str(&e, buf, sizeof(buf)));
		return NSPROBE_USAGE;
	}
	if (w)
		jw_begin_doc(w, out, "check-config");
	cfg_kconfig(out, w, &kc);
	cfg_swap_accounting(out, w, &kc, !kconfig_path);
	/* the rest is the running kernel's: not the one a given file describes */
	if (!kconfig_path) {
		cfg_namespaces(out, w);
		cfg_ioctls(out, w);
		cfg_limits(out, w);
		cfg_cgroups(out, w);
	}
	if (w) {
		jw_end_obj(w);
		jw_done(w);
	}
	kconfig_free(&kc);
	return NSPROBE_OK;
}
