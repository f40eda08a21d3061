// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nsprobe_lsns — nsprobe reports the same namespace inodes as lsns.
 *
 * util-linux's `lsns -J -p PID` and `nsprobe --json PID` must name the
 * same inode for every namespace type both know, for this process and
 * for a container launched through the runtime core (all namespace types,
 * so every inode differs from ours).  One TAP point per (process, type).
 *
 * Outside role (this process, root in the initial user namespace or the
 * runner's sandbox): launches the container, runs both tools on it, then
 * destroys it.  The container body only waits for the outside to close
 * the socketpair.
 *
 *   --fault skew   compare lsns's inodes with nsprobe's for *another*
 *                  process (ours vs the container's): every point of the
 *                  container must then report not ok.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/jsonline.h"
#include "runtime/launch.h"
#include "lib/needs.h"
#include "fixtures/probeargs.h"
#include "fixtures/runcap.h"
#include "lib/sync.h"
#include "lib/tap.h"

static const struct probe_needs needs = {
	.timeout = 30,
};

static const char *const types[] = { "mnt", "uts", "ipc", "pid", "net", "user",
				     "cgroup", "time" };
#define NTYPES (sizeof(types) / sizeof(types[0]))

/* runs of lsns before its failure counts (see compare) */
#define LSNS_TRIES 10

static char nsprobe_bin[4096];
static bool fault_skew;

/* type -> inode text from lsns -J (one object: "ns" then "type"). */
static void parse_lsns(const char *text, char inos[NTYPES][32])
{
	char ns[32], type[32];
	const char *p = text;

	while ((p = jl_next(p, "ns", ns, sizeof(ns))) &&
	       (p = jl_next(p, "type", type, sizeof(type))))
		for (size_t i = 0; i < NTYPES; i++)
			if (strcmp(type, types[i]) == 0)
				snprintf(inos[i], sizeof(inos[i]), "%s", ns);
}

/* type -> inode text from nsprobe --json (namespaces: "type" then "inode"). */
static void parse_nsprobe(const char *text, char inos[NTYPES][32])
{
	char type[32], ino[32];
	const char *p = text;

	while ((p = jl_next(p, "type", type, sizeof(type))) &&
	       (p = jl_next(p, "inode", ino, sizeof(ino))))
		for (size_t i = 0; i < NTYPES; i++)
			if (strcmp(type, types[i]) == 0)
				snprintf(inos[i], sizeof(inos[i]), "%s", ino);
}

/* Run a tool; exit statuses in `ok_mask` (bit N: status N) are fine. */
static int run_tool(struct tap *t, char *const argv[], unsigned ok_mask,
		    struct nsp_capture *c, bool report)
{
	struct nsp_err e;

	if (nsp_run_capture(argv, c, &e) < 0) {
		tap_broken(t, &e, "run %s on %s", argv[0], argv[2]);
		return -1;
	}
	if (!WIFEXITED(c->status) || !(ok_mask & (1u << WEXITSTATUS(c->status)))) {
		nsp_err_set(&e, 0, "%s exited with wait status 0x%x: %.200s", argv[0],
			    (unsigned)c->status, c->err);
		if (report)
			tap_broken(t, &e, "run %s on %s", argv[0], argv[2]);
		nsp_capture_free(c);
		return -1;
	}
	return 0;
}

/* Both tools on `pid` (nsprobe on `nsp_pid`, the same unless faulted). */
static void compare(struct tap *t, const char *who, pid_t pid, pid_t nsp_pid)
{
	char p1[16], p2[16], lsns_ino[NTYPES][32] = { { 0 } }, nsp_ino[NTYPES][32] = { { 0 } };
	char *lsns_argv[] = { "lsns", "-J", "-p", p1, NULL };
	char *nsp_argv[] = { nsprobe_bin, "--json", p2, NULL };
	struct nsp_capture lc, nc;

	snprintf(p1, sizeof(p1), "%d", (int)pid);
	snprintf(p2, sizeof(p2), "%d", (int)nsp_pid);
	/*
	 * lsns scans all of /proc and exits 1 without a word when a process
	 * vanishes under it (other probes run beside us): a bounded retry.
	 * Beside nsharness -j 64, 2 of 94 lsns runs failed so; under make
	 * stress three in a row did once in 30 runs, hence LSNS_TRIES.
	 */
	for (int tries = 1; run_tool(t, lsns_argv, 1u << 0, &lc, tries == LSNS_TRIES) < 0; tries++)
		if (tries == LSNS_TRIES)
			return;
	if (run_tool(t, nsp_argv, 1u << 0 | 1u << 4, &nc, true) < 0) {	/* 4: partial */
		nsp_capture_free(&lc);
		return;
	}
	parse_lsns(lc.out, lsns_ino);
	parse_nsprobe(nc.out, nsp_ino);
	for (size_t i = 0; i < NTYPES; i++) {
		if (!lsns_ino[i][0] && !nsp_ino[i][0])
			tap_skip(t, "neither tool lists it (kernel without this type)",
				 "%s: %s namespace inode agrees with lsns", who, types[i]);
		else
			tap_expect_str(t, lsns_ino[i], nsp_ino[i],
				       "%s: %s namespace inode agrees with lsns", who, types[i]);
	}
	nsp_capture_free(&lc);
	nsp_capture_free(&nc);
}

/* Container body: child, inside every new namespace, root in its user ns. */
static int body(void *arg)
{
	int fd = nsp_sync_side(arg, NSP_SYNC_CHILD);
	char c;

	/* block until the outside closes its end (end-of-file) */
	while (read(fd, &c, 1) > 0)
		;
	return 0;
}

static int run(struct tap *t, const struct probe_args *a)
{
	char *const lsns_v[] = { "lsns", "--version", NULL };
	struct nsp_capture cap;
	struct core_container c = CORE_CONTAINER_INIT;
	struct nsp_err e = { 0 };
	struct nsp_sync s;
	char why[256];

	fault_skew = probe_fault(a, "skew");
	if (nsp_run_capture(lsns_v, &cap, &e) < 0 || !WIFEXITED(cap.status) ||
	    WEXITSTATUS(cap.status) != 0)
		return tap_skip_all(t, "lsns (util-linux) is not installed");
	tap_diag(t, "lsns: %s", cap.path);
	nsp_capture_free(&cap);
	if (nsp_find_nsprobe(nsprobe_bin, sizeof(nsprobe_bin), &e) < 0)
		return tap_bail_err(t, &e, "our helper");
	tap_diag(t, "nsprobe: %s", nsprobe_bin);
	compare(t, "this process", getpid(), getpid());
	if (!need_sys_admin(why, sizeof(why)) || !need_namespaces(CORE_NS_ALL, why, sizeof(why))) {
		for (size_t i = 0; i < NTYPES; i++)
			tap_skip(t, why, "container: %s namespace inode agrees with lsns", types[i]);
		return tap_done(t);
	}
	if (nsp_sync_open(&s, &e) < 0)
		return tap_bail_err(t, &e, "setup");
	struct core_spec spec = {
		.namespaces = CORE_NS_ALL, .rootfs = CORE_ROOTFS_MINIMAL,
		.map_root = true, .fn = body, .arg = &s,
	};
	if (core_launch(&spec, &c, &e) < 0) {
		tap_broken(t, &e, "launch a container with every namespace type");
	} else {
		close(s.fd[NSP_SYNC_CHILD]);
		s.fd[NSP_SYNC_CHILD] = -1;
		compare(t, "container", c.pid, fault_skew ? getpid() : c.pid);
	}
	/* one cleanup path: release the body, reap, remove */
	nsp_sync_close(&s);
	core_destroy(&c, &e);
	return tap_done(t);
}

int main(int argc, char **argv)
{
	static const char *const faults[] = { "skew", NULL };
	static const struct probe_main m = {
		.name = "nsprobe_lsns", .needs = &needs, .faults = faults, .outside = run,
		.no_inside = "it checks nsprobe against lsns on a container it launches",
	};

	return probe_main(&m, argc, argv);
}
