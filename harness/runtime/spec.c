// SPDX-License-Identifier: GPL-2.0-or-later
#include "runtime/spec.h"

#include <errno.h>
#include <limits.h>
#include <net/if.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/nsfile.h"

static int ns_flag(const char *name, size_t len)
{
	for (size_t i = 0; i < ns_ntypes; i++)
		if (strlen(ns_types[i].name) == len &&
		    strncmp(ns_types[i].name, name, len) == 0)
			return ns_types[i].flag;
	return 0;
}

int core_parse_namespaces(const char *list, int *flags, struct nsp_err *e)
{
	const char *p = list;

	*flags = 0;
	if (strcmp(list, "all") == 0) {
		*flags = CORE_NS_ALL;
		return 0;
	}
	while (*p) {
		size_t len = strcspn(p, ",");
		int f = ns_flag(p, len);

		if (!f)
			return nsp_err_set(e, EINVAL, "unknown namespace '%.*s' (known: "
					   "mnt uts ipc pid net cgroup user time, or all)",
					   (int)len, p);
		*flags |= f;
		p += len + (p[len] == ',');
	}
	if (!*flags)
		return nsp_err_set(e, EINVAL, "empty namespace list");
	return 0;
}

/* Binary multiples, as memory limits are always meant. */
static long long unit_of(const char *s)
{
	static const struct {
		const char *suffix;
		long long mult;
	} units[] = {
		{ "", 1 }, { "k", 1LL << 10 }, { "K", 1LL << 10 }, { "KiB", 1LL << 10 },
		{ "m", 1LL << 20 }, { "M", 1LL << 20 }, { "MiB", 1LL << 20 },
		{ "g", 1LL << 30 }, { "G", 1LL << 30 }, { "GiB", 1LL << 30 },
	};

	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (strcmp(s, units[i].suffix) == 0)
			return units[i].mult;
	return 0;
}

int core_parse_size(const char *text, long long *bytes, struct nsp_err *e)
{
	char *end;
	long long v, mult;

	if (*text < '0' || *text > '9')
		return nsp_err_set(e, EINVAL, "'%s' is not a size (e.g. 64M)", text);
	errno = 0;
	v = strtoll(text, &end, 10);
	mult = unit_of(end);
	if (errno || !mult || v <= 0)
		return nsp_err_set(e, EINVAL, "'%s' is not a size (e.g. 64M)", text);
	if (v > LLONG_MAX / mult)
		return nsp_err_set(e, ERANGE, "size '%s' is too large", text);
	*bytes = v * mult;
	return 0;
}

static const char *const prop_names[] = { "private", "shared", "slave", "unbindable" };

int core_parse_propagation(const char *text, enum core_propagation *p,
			   struct nsp_err *e)
{
	for (size_t i = 0; i < sizeof(prop_names) / sizeof(prop_names[0]); i++)
		if (strcmp(text, prop_names[i]) == 0) {
			*p = (enum core_propagation)i;
			return 0;
		}
	return nsp_err_set(e, EINVAL, "unknown propagation '%s' (private, shared, "
			   "slave or unbindable)", text);
}

const char *core_propagation_name(enum core_propagation p)
{
	return prop_names[p];
}

static int check_name(const char *what, const char *name, struct nsp_err *e)
{
	if (name && (!*name || strlen(name) >= IFNAMSIZ || strchr(name, '/') ||
		     strchr(name, ' ')))
		return nsp_err_set(e, EINVAL, "%s '%s' is not a valid link name", what, name);
	return 0;
}

int core_spec_validate(const struct core_spec *s, struct nsp_err *e)
{
	struct stat st;
	int ns = s->namespaces;

	if (!s->argv == !s->fn)
		return nsp_err_set(e, EINVAL, "a container runs exactly one command or function");
	if (s->argv && !s->argv[0])
		return nsp_err_set(e, EINVAL, "empty command");
	if (s->rootfs != CORE_ROOTFS_NONE && !(ns & CLONE_NEWNS))
		return nsp_err_set(e, EINVAL, "a rootfs needs a mount namespace (--ns mnt)");
	if (s->rootfs == CORE_ROOTFS_DIR && stat(s->rootfs_dir, &st) < 0)
		return nsp_err_sys(e, "rootfs %s", s->rootfs_dir);
	if (s->rootfs == CORE_ROOTFS_DIR && !S_ISDIR(st.st_mode))
		return nsp_err_set(e, ENOTDIR, "rootfs %s", s->rootfs_dir);
	if ((s->hostname || s->domainname) && !(ns & CLONE_NEWUTS))
		return nsp_err_set(e, EINVAL, "a hostname needs a UTS namespace (--ns uts)");
	if ((s->veth || s->links_up) && !(ns & CLONE_NEWNET))
		return nsp_err_set(e, EINVAL, "a veth needs a network namespace (--ns net)");
	if (s->propagation != CORE_PROP_PRIVATE && !(ns & CLONE_NEWNS))
		return nsp_err_set(e, EINVAL, "a propagation needs a mount namespace (--ns mnt)");
	if (s->map_root && !(ns & CLONE_NEWUSER))
		return nsp_err_set(e, EINVAL, "a uid map needs a user namespace (--ns user)");
	if (s->memory_limit < 0)
		return nsp_err_set(e, EINVAL, "negative memory limit");
	if (s->cgroup_nlimits > CORE_SPEC_LIMITS_MAX || (s->cgroup_nlimits && !s->cgroup_limits))
		return nsp_err_set(e, EINVAL, "%zu cgroup limits (at most %d)", s->cgroup_nlimits,
				   CORE_SPEC_LIMITS_MAX);
	if (check_name("veth name", s->veth_outside, e) < 0 ||
	    check_name("veth name", s->veth_inside, e) < 0)
		return -1;
	return 0;
}
