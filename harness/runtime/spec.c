// SPDX-License-Identifier: GPL-2.0-or-later
#include "runtime/spec.h"

#include <errno.h>
#include <limits.h>
#include <net/if.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/file.h"
#include "lib/nsfile.h"
#include "runtime/netlink.h"

static int ns_flag(const char *name, size_t len)
{
	const struct ns_type *t = ns_type_by_name(name, len);

	return t ? t->flag : 0;
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

/* Layers, bridge, address, --net-from and time offsets. */
static int validate_additions(const struct core_spec *s, struct nsp_err *e)
{
	struct nl_addr addr;
	int ns = s->namespaces;

	if (s->rootfs == CORE_ROOTFS_LAYERS && (!s->layers || !s->layers[0]))
		return nsp_err_set(e, EINVAL, "a layered rootfs needs at least one layer");
	for (size_t i = 0; s->rootfs == CORE_ROOTFS_LAYERS && s->layers[i]; i++)
		if (s->layers[i][0] != '/' || strchr(s->layers[i], ':') ||
		    strchr(s->layers[i], ','))
			return nsp_err_set(e, EINVAL, "layer `%s': an absolute path without "
					   "`:' or `,'", s->layers[i]);
	if ((s->bridge || s->address) && !s->veth)
		return nsp_err_set(e, EINVAL, "a bridge or an address needs a veth (--veth)");
	if (check_name("bridge name", s->bridge, e) < 0 ||
	    (s->address && nl_addr_parse(s->address, &addr, e) < 0))
		return -1;
	if (s->net_from < 0 || (s->net_from && (ns & CLONE_NEWNET)))
		return nsp_err_set(e, EINVAL, "--net-from shares a network namespace: "
				   "no new one (--ns without net)");
	if (s->net_from && s->veth)
		return nsp_err_set(e, EINVAL, "--net-from and a veth: the shared "
				   "namespace has its own links");
	if (s->time.set && !(ns & CLONE_NEWTIME))
		return nsp_err_set(e, EINVAL, "time offsets need a time namespace (--ns time)");
	return 0;
}

int core_parse_time_offset(const char *text, struct core_time_offsets *t,
			   struct nsp_err *e)
{
	static const char *const clocks[] = { "monotonic", "boottime" };
	const char *eq = strchr(text, '=');
	long v;

	for (size_t i = 0; eq && i < 2; i++) {
		if (strncmp(text, clocks[i], (size_t)(eq - text)) != 0 ||
		    strlen(clocks[i]) != (size_t)(eq - text))
			continue;
		/* strict decimal, either sign: the kernel takes +-(2^31 s) */
		if (nsp_parse_long(eq[1] == '-' ? eq + 2 : eq + 1, 0, INT_MAX, &v) < 0)
			break;
		*(i ? &t->boottime : &t->monotonic) = eq[1] == '-' ? -v : v;
		t->set = true;
		return 0;
	}
	return nsp_err_set(e, EINVAL, "time offset `%s': want monotonic=SECONDS or "
			   "boottime=SECONDS", text);
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
	if (validate_additions(s, e) < 0)
		return -1;
	if (check_name("veth name", s->veth_outside, e) < 0 ||
	    check_name("veth name", s->veth_inside, e) < 0)
		return -1;
	return 0;
}
