// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nsprobe_views — `nsprobe --json` shows what a container was built with
 * beyond its namespaces: the time namespace's offsets, the overlay layers
 * of its root, the user namespace that owns its other namespaces (and
 * that one's ancestors), and the bridge its veth is a port of.
 *
 * Outside role (this process, root): a private mount namespace with two
 * layers in a scratch tmpfs and a private network namespace with the
 * bridge nspbr0; a runtime-core container with mount, pid, net, user and
 * time namespaces, root mapped, monotonic +111 s and boottime +222 s, a
 * layered rootfs and a veth whose outside end is a port of nspbr0.  Then
 * nsprobe (ours: a regular executable found beside us, else broken) on
 * the container's init and on ourselves must say so.
 *
 *   --fault no-offsets   the container's time namespace has no offsets
 *   --fault plain-root   the minimal rootfs instead of the layers
 *   --fault no-userns    the container has no user namespace
 *   --fault no-bridge    its veth is no port
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fixtures/mnttest.h"
#include "fixtures/nettest.h"
#include "fixtures/probeargs.h"
#include "fixtures/runcap.h"
#include "lib/file.h"
#include "lib/jsonline.h"
#include "lib/needs.h"
#include "lib/nsinit.h"
#include "lib/tap.h"

#define BRIDGE "nspbr0"
#define LOWER1 MT_BASE "/l1"
#define LOWER2 MT_BASE "/l2"

static const struct probe_needs needs = {
	.caps_sys_admin = true,
	.namespaces = CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWUSER | CLONE_NEWTIME,
	.kconfig = (const char *const[]){ "CONFIG_OVERLAY_FS", "CONFIG_BRIDGE", NULL },
	.timeout = 30,
};

static const char *const faults[] = { "no-offsets", "plain-root", "no-userns", "no-bridge", NULL };

static char nsprobe_bin[4096];

/* Container init: alive until the outside is done (end-of-file). */
static int hold(void *arg)
{
	char c;

	while (read(*(int *)arg, &c, 1) > 0)
		;
	return 0;
}

/* nsprobe --json PID: its output (malloc'd), or NULL with a broken point. */
static char *report(struct tap *t, pid_t pid, const char *what)
{
	char num[16];
	char *argv[] = { nsprobe_bin, "--json", num, NULL };
	struct nsp_capture c;
	struct nsp_err e = { 0 };

	snprintf(num, sizeof(num), "%d", (int)pid);
	if (nsp_run_capture(argv, &c, &e) < 0 ||
	    (!WIFEXITED(c.status) || (WEXITSTATUS(c.status) != 0 && WEXITSTATUS(c.status) != 4))) {
		if (!e.msg[0])
			nsp_err_set(&e, EIO, "nsprobe exited with wait status %#x: %.200s",
				    (unsigned)c.status, c.err);
		tap_broken(t, &e, "nsprobe --json on %s", what);
		if (c.out)
			nsp_capture_free(&c);
		return NULL;
	}
	free(c.err);
	return c.out;
}

/* The scalar after `key` in the object that starts at `anchor`. */
static const char *field_after(const char *text, const char *anchor, const char *key,
			       char *buf, size_t len)
{
	const char *p = strstr(text, anchor);

	buf[0] = '\0';
	if (p)
		jl_next(p, key, buf, len);
	return buf;
}

static void check_time(struct tap *t, const char *out)
{
	char mono[32], boot[32];
	const char *p = strstr(out, "\n  \"time\": {");

	field_after(p ? p : "", "\"monotonic\"", "secs", mono, sizeof(mono));
	field_after(p ? p : "", "\"boottime\"", "secs", boot, sizeof(boot));
	tap_expect(t, !strcmp(mono, "111") && !strcmp(boot, "222"), "111 and 222", mono,
		   "nsprobe shows the time namespace's offsets (monotonic 111 s, boottime 222 s)");
}

static void check_overlay(struct tap *t, const char *out)
{
	const char *p = strstr(out, "\"overlay\": {"), *l2 = p ? strstr(p, LOWER2) : NULL,
		   *l1 = l2 ? strstr(l2, LOWER1) : NULL, *end = p ? strchr(p, ']') : NULL;

	tap_expect(t, l1 && end && l1 < end, LOWER2 " then " LOWER1, p ? "other layers" : "none",
		   "nsprobe shows the overlay layers of the root, top first");
}

/* The owner chain of the container's net namespace starts at the
 * container's user namespace (and ends at the initial one, seen from it). */
static void check_owner(struct tap *t, const char *out, pid_t pid)
{
	char path[64], first[32], want[32], top[16], how[128];
	const char *p = strstr(out, "\"type\": \"net\""), *chain = p ? strstr(p, "\"owner_chain\": [") : NULL;
	struct stat st;
	int level;

	struct ns_ident ours;
	struct nsp_err e = { 0 };

	snprintf(path, sizeof(path), "/proc/%d/ns/user", (int)pid);
	if (stat(path, &st) < 0 || ns_ident_of(0, "user", &ours, &e) < 0) {
		if (!e.msg[0])
			nsp_err_sys(&e, "stat %s", path);
		tap_broken(t, &e, "nsprobe shows the owner chain");
		return;
	}
	snprintf(want, sizeof(want), "%lu", (unsigned long)st.st_ino);
	first[0] = '\0';
	if (chain)
		sscanf(strchr(chain, '[') + 1, " %31[0-9]", first);
	tap_expect(t, !strcmp(want, first) && st.st_ino != ours.ino,
		   "the container's own user namespace", first,
		   "nsprobe: the container's net namespace is owned by its (own) user namespace");
	field_after(p ? p : "", "\"owner_chain\"", "owner_chain_to_initial", top, sizeof(top));
	if (user_ns_level(&level, how, sizeof(how), &(struct nsp_err){ 0 }) == 0 && level == 0)
		tap_expect_str(t, "true", top, "nsprobe: that owner chain goes up to the initial "
			       "user namespace");
	else
		tap_skip(t, "we are not in the initial user namespace",
			 "nsprobe: that owner chain goes up to the initial user namespace");
}

static void check_master(struct tap *t, const char *veth)
{
	char anchor[48], master[32];
	char *out = report(t, getpid(), "ourselves");

	if (!out)
		return;
	snprintf(anchor, sizeof(anchor), "\"name\": \"%s\"", veth);
	field_after(out, anchor, "master", master, sizeof(master));
	tap_expect_str(t, BRIDGE, master, "nsprobe shows the container's veth end as a port of "
		       BRIDGE);
	free(out);
}

static int setup(struct nsp_err *e)
{
	static const char *const dirs[] = { "l1", "l2", NULL };
	nl_sock_auto struct nl_sock nl = { 0 };
	int br, fd;

	if (nsp_find_nsprobe(nsprobe_bin, sizeof(nsprobe_bin), e) < 0)
		return nsp_err_wrap(e, "our helper");
	/* the scratch tmpfs goes over /tmp, where an installed tree may be:
	 * hold the binary open and run it through /proc/self/fd */
	fd = open(nsprobe_bin, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return nsp_err_sys(e, "open %s", nsprobe_bin);
	snprintf(nsprobe_bin, sizeof(nsprobe_bin), "/proc/self/fd/%d", fd);
	if (mt_private_ns(e) < 0 || mt_scratch(dirs, e) < 0 || nt_outside(e) < 0 ||
	    nl_open(&nl, 0, e) < 0 || nl_bridge_create(&nl, BRIDGE, e) < 0 ||
	    (br = nl_link_index(&nl, BRIDGE, e)) < 0 || nl_link_set_up(&nl, br, true, e) < 0)
		return -1;
	return 0;
}

static int run(struct tap *t, const struct probe_args *a)
{
	static const char *const layers[] = { LOWER1, LOWER2, NULL };
	struct core_container c = CORE_CONTAINER_INIT;
	struct nsp_sync s;
	struct nsp_err e = { 0 };
	int fd;
	struct core_spec spec = {
		.namespaces = CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWUSER | CLONE_NEWTIME,
		.map_root = true, .time = { true, 111, 222 }, .rootfs = CORE_ROOTFS_LAYERS,
		.layers = layers, .veth = true, .bridge = BRIDGE, .fn = hold, .arg = &fd,
	};
	char *out;

	if (setup(&e) < 0 || nsp_sync_open(&s, &e) < 0)
		return tap_bail_err(t, &e, "setup");
	if (probe_fault(a, "no-offsets"))
		spec.time.set = false;
	if (probe_fault(a, "plain-root"))
		spec.rootfs = CORE_ROOTFS_MINIMAL;
	if (probe_fault(a, "no-userns")) {
		spec.namespaces &= ~CLONE_NEWUSER;
		spec.map_root = false;
	}
	if (probe_fault(a, "no-bridge"))
		spec.bridge = NULL;
	fd = s.fd[NSP_SYNC_CHILD];
	if (core_launch(&spec, &c, &e) < 0) {
		tap_broken(t, &e, "launch the container");
	} else if ((out = report(t, c.pid, "the container's init"))) {
		check_time(t, out);
		check_overlay(t, out);
		check_owner(t, out, c.pid);
		free(out);
		check_master(t, c.veth_outside);
	}
	nsp_sync_close(&s);
	core_destroy(&c, &e);
	return tap_done(t);
}

int main(int argc, char **argv)
{
	static const struct probe_main m = {
		.name = "nsprobe_views", .needs = &needs, .faults = faults, .outside = run,
		.summary = "nsprobe shows time offsets, overlay layers, owner chains and bridge "
			   "ports of a container",
		.no_inside = "it launches the container nsprobe describes",
	};

	return probe_main(&m, argc, argv);
}
