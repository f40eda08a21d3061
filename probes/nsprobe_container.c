// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nsprobe_container — `nsprobe --json PID` reports what a container was
 * launched with.
 *
 * Outside role (this process, root in the runner's sandbox): launches a
 * container through the runtime core with every namespace type, a
 * hostname, a veth pair (eth0 inside), a 64 MiB memory cgroup and a
 * mapped root; inside, its init unshares one more pid namespace and forks
 * a nested init (nesting).  Then nsprobe must report: the inode of every
 * namespace as stat() of /proc/PID/ns/TYPE says, the hostname, lo and eth0,
 * the memory limit, pid 1 inside, the uid map, and, comparing the
 * container init with the nested one, a shared user namespace and a pid
 * namespace that is the nested one's ancestor.
 *
 *   --fault wrong-host   expect another hostname than the one launched
 *                        with: that point must report not ok.
 */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/file.h"
#include "lib/jsonline.h"
#include "runtime/launch.h"
#include "lib/needs.h"
#include "fixtures/probeargs.h"
#include "lib/procstatus.h"
#include "fixtures/runcap.h"
#include "lib/sync.h"
#include "lib/tap.h"

#define HOST "nsp-nsprobe"
#define LIMIT (64LL << 20)

static const struct probe_needs needs = {
	.controllers = (const char *const[]){ "memory", NULL },
	.caps_sys_admin = true,
	.namespaces = CORE_NS_ALL,
	.timeout = 30,
};

static const char *const types[] = { "mnt", "uts", "ipc", "pid", "pid_for_children",
				     "net", "user", "cgroup", "time", "time_for_children" };
static char nsprobe_bin[4096];
static bool fault_wrong_host;

/*
 * Container init: inside every new namespace, root in its own user ns.
 * It makes a nested pid namespace for its child, tells the outside the
 * nested init's pid as it sees it, and waits for end-of-file.
 */
static int body(void *arg)
{
	int fd = nsp_sync_side(arg, NSP_SYNC_CHILD), st;
	struct nsp_err e;
	pid_t nested;
	char c;

	if (unshare(CLONE_NEWPID) < 0)
		return 3;
	nested = fork();
	if (nested == 0) {	/* nested init: pid 1 of the nested pid ns */
		while (read(fd, &c, 1) > 0)
			;
		_exit(0);
	}
	if (nested < 0 || nsp_sync_send(fd, &nested, sizeof(nested), &e) < 0)
		return 4;
	while (read(fd, &c, 1) > 0)
		;
	kill(nested, SIGKILL);
	waitpid(nested, &st, 0);
	return 0;
}

/* The outside pid of the container init's only child. */
static pid_t nested_pid(pid_t init)
{
	char path[96], buf[64];
	struct nsp_err e;
	long v;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/children", (int)init, (int)init);
	if (nsp_read_line(path, buf, sizeof(buf), &e) < 0)
		return -1;
	buf[strcspn(buf, " ")] = '\0';
	return nsp_parse_long(buf, 1, 0x7fffffff, &v) == 0 ? (pid_t)v : -1;
}

static int nsprobe(struct tap *t, char *const argv[], struct nsp_capture *c)
{
	struct nsp_err e;

	if (nsp_run_capture(argv, c, &e) < 0) {
		tap_broken(t, &e, "run nsprobe");
		return -1;
	}
	tap_expect_long(t, 0, WIFEXITED(c->status) ? WEXITSTATUS(c->status) : 128,
			"nsprobe %s %s exits 0 (complete report)", argv[1], argv[2]);
	return 0;
}

/* Value of `key` in the namespaces entry of `type`. */
static void ns_field(const char *text, const char *type, const char *key, char *v, size_t len)
{
	char ty[32];
	const char *p = text;

	v[0] = '\0';
	while ((p = jl_next(p, "type", ty, sizeof(ty))))
		if (strcmp(ty, type) == 0) {
			jl_next(p, key, v, len);
			return;
		}
}

static void check_report(struct tap *t, pid_t pid, const char *out)
{
	char v[128], want[32], path[64];
	const char *p;

	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		struct stat st;

		snprintf(path, sizeof(path), "/proc/%d/ns/%s", (int)pid, types[i]);
		snprintf(want, sizeof(want), "%lu", stat(path, &st) == 0 ? (unsigned long)st.st_ino : 0UL);
		ns_field(out, types[i], "inode", v, sizeof(v));
		tap_expect_str(t, want, v, "%s inode is the one stat() gives", types[i]);
		/* mnt and net have no fixed initial inode before 6.18: where no
		 * reference process is visible (our sandbox) "unknown" is honest */
		ns_field(out, types[i], "initial", v, sizeof(v));
		tap_expect(t, strcmp(v, "false") == 0 ||
			   (strcmp(v, "null") == 0 && (!strcmp(types[i], "mnt") || !strcmp(types[i], "net"))),
			   "false (null allowed for mnt/net)", v,
			   "%s namespace is not reported as the initial one", types[i]);
	}
	jl_next(out, "hostname", v, sizeof(v));
	tap_expect_str(t, fault_wrong_host ? "not-" HOST : HOST, v, "hostname is the one launched with");
	p = strstr(out, "\"net\": {");
	tap_expect(t, p && strstr(p, "\"name\": \"lo\""), "lo listed", "no lo", "netns lists lo");
	tap_expect(t, p && strstr(p, "\"name\": \"eth0\""), "eth0 listed", "no eth0",
		   "netns lists the veth end eth0");
	p = strstr(out, "\"memory\": {");
	jl_next(p ? p : "", "limit", v, sizeof(v));
	snprintf(want, sizeof(want), "%lld", LIMIT);
	tap_expect_str(t, want, v, "memory limit is 64 MiB");
	jl_next(out, "ns_pid", v, sizeof(v));
	tap_expect_str(t, "1", v, "it is pid 1 of its pid namespace");
	p = strstr(out, "\"uid_map\"");
	jl_next(p ? p : "", "inside", v, sizeof(v));
	tap_expect_str(t, "0", v, "uid_map maps root inside");
}

/* Compare the container init with the nested init. */
static void check_nesting(struct tap *t, pid_t init, pid_t nested)
{
	char a[16], b[16], v[32];
	char *argv[] = { nsprobe_bin, "--json", a, "--compare", b, NULL };
	struct nsp_capture c;

	snprintf(a, sizeof(a), "%d", (int)init);
	snprintf(b, sizeof(b), "%d", (int)nested);
	if (nsprobe(t, argv, &c) < 0)
		return;
	ns_field(c.out, "pid", "shared", v, sizeof(v));
	tap_expect_str(t, "false", v, "nested init is in another pid namespace");
	ns_field(c.out, "pid", "relation", v, sizeof(v));
	tap_expect_str(t, "ancestor", v, "container's pid namespace is the nested one's ancestor");
	ns_field(c.out, "user", "shared", v, sizeof(v));
	tap_expect_str(t, "true", v, "nested init shares the user namespace");
	nsp_capture_free(&c);
}

static void probe(struct tap *t, pid_t init, int fd)
{
	char a[16];
	char *argv[] = { nsprobe_bin, "--json", a, NULL };
	struct nsp_capture c;
	struct nsp_err e;
	pid_t inner, nested;

	if (nsp_sync_recv(fd, &inner, sizeof(inner), &e) < 0 ||
	    (nested = nested_pid(init)) < 0) {
		tap_broken(t, &e, "container made its nested pid namespace");
		return;
	}
	snprintf(a, sizeof(a), "%d", (int)init);
	if (nsprobe(t, argv, &c) == 0) {
		check_report(t, init, c.out);
		nsp_capture_free(&c);
	}
	check_nesting(t, init, nested);
}

/* Outside role: this process, root; nsprobe looks at our container. */
static int run(struct tap *t, const struct probe_args *a)
{
	struct core_container c = CORE_CONTAINER_INIT;
	struct nsp_err e = { 0 };
	struct nsp_sync s;

	fault_wrong_host = probe_fault(a, "wrong-host");
	if (nsp_find_nsprobe(nsprobe_bin, sizeof(nsprobe_bin), &e) < 0)
		return tap_bail_err(t, &e, "our helper");
	tap_diag(t, "nsprobe: %s", nsprobe_bin);
	if (nsp_sync_open(&s, &e) < 0)
		return tap_bail_err(t, &e, "setup");
	struct core_spec spec = {
		.namespaces = CORE_NS_ALL, .rootfs = CORE_ROOTFS_MINIMAL, .hostname = HOST,
		.veth = true, .memory_limit = LIMIT, .map_root = true, .fn = body, .arg = &s,
	};
	if (core_launch(&spec, &c, &e) < 0) {
		tap_broken(t, &e, "launch the container");
	} else {
		int fd = nsp_sync_side(&s, NSP_SYNC_PARENT);

		probe(t, c.pid, fd);
		close(fd);
	}
	/* one cleanup path: end-of-file releases both inits; then remove all */
	nsp_sync_close(&s);
	core_destroy(&c, &e);
	return tap_done(t);
}

int main(int argc, char **argv)
{
	static const char *const faults[] = { "wrong-host", NULL };
	static const struct probe_main m = {
		.name = "nsprobe_container", .needs = &needs, .faults = faults, .outside = run,
		.no_inside = "it checks nsprobe on a container it launches",
	};

	return probe_main(&m, argc, argv);
}
