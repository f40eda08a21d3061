// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Bad input to `nsharness exec`: each case one line on stderr naming what
 * and why, a documented exit status, and nothing left behind (no cgroup
 * directory of ours survives).
 */
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <grp.h>
#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/unit/selftest.h"
#include "lib/cglayout.h"

struct outcome {
	int status;
	char err[4096];
	char out[4096];
};

static void read_all(int fd, char *buf, size_t len)
{
	size_t used = 0;
	ssize_t n;

	while (used + 1 < len && (n = read(fd, buf + used, len - used - 1)) > 0)
		used += (size_t)n;
	buf[used] = '\0';
	close(fd);
}

/* Who runs nsharness exec: the caller as it is, nobody, or root without
 * CAP_SYS_PTRACE (dropped from the bounding set, so the exec keeps it off). */
enum runner_as { AS_CALLER, AS_NOBODY, AS_ROOT_NO_PTRACE };

static void become(enum runner_as as)
{
	if (as == AS_ROOT_NO_PTRACE && prctl(PR_CAPBSET_DROP, CAP_SYS_PTRACE, 0, 0, 0) < 0)
		_exit(98);
	if (as == AS_NOBODY && (setgroups(0, NULL) < 0 || setresgid(65534, 65534, 65534) < 0 ||
				setresuid(65534, 65534, 65534) < 0))
		_exit(98);
}

static void run_exec_as(enum runner_as as, char *const args[], struct outcome *o);

static void run_exec(char *const args[], struct outcome *o)
{
	run_exec_as(AS_CALLER, args, o);
}

static void run_exec_as(enum runner_as as, char *const args[], struct outcome *o)
{
	char exe[PATH_MAX];
	int err[2], out[2], status;
	pid_t pid;

	snprintf(exe, sizeof(exe), "%s/nsharness", selftest_build_dir());
	CU_ASSERT_FATAL(pipe2(err, O_CLOEXEC) == 0 && pipe2(out, O_CLOEXEC) == 0);
	pid = fork();
	if (pid == 0) {
		char *argv[24] = { exe, "exec" };

		for (int i = 0; args[i] && i < 20; i++)
			argv[i + 2] = args[i];
		dup2(out[1], 1);
		dup2(err[1], 2);
		become(as);
		execv(exe, argv);
		_exit(99);
	}
	close(err[1]);
	close(out[1]);
	read_all(out[0], o->out, sizeof(o->out));
	read_all(err[0], o->err, sizeof(o->err));
	waitpid(pid, &status, 0);
	o->status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* Our cgroup directories in the hierarchies a limit may use, as a count. */
static int our_groups(void)
{
	static const char *const roots[] = {
		"/sys/fs/cgroup/memory", "/sys/fs/cgroup", "/sys/fs/cgroup/unified",
		"/sys/fs/cgroup/pids", "/sys/fs/cgroup/cpu", "/sys/fs/cgroup/cpuacct",
		"/sys/fs/cgroup/cpuset", "/sys/fs/cgroup/blkio",
	};
	int n = 0;

	for (size_t i = 0; i < sizeof(roots) / sizeof(roots[0]); i++) {
		DIR *d = opendir(roots[i]);
		struct dirent *de;

		while (d && (de = readdir(d)))
			n += strncmp(de->d_name, "nsprobe-", 8) == 0;
		if (d)
			closedir(d);
	}
	return n;
}

static const struct {
	const char *args[8];
	int status;
	const char *message;
} bad_inputs[] = {
	{ { "--ns", "pid,bogus", "--", "/bin/true" }, 64, "unknown namespace 'bogus'" },
	{ { "--memory", "64X", "--", "/bin/true" }, 64, "'64X' is not a size" },
	{ { "--memory", "-1", "--", "/bin/true" }, 64, "'-1' is not a size" },
	{ { "--memory", "4096", "--", "/bin/true" }, 64,
	  "--memory: 4096 is below 1048576 bytes (1M), the smallest limit that works" },
	{ { "--propagation", "rshared", "--", "/bin/true" }, 64, "unknown propagation 'rshared'" },
	{ { "--join", "abc", "--", "/bin/true" }, 64, "--join wants a pid" },
	{ { "--bind", "relative", "--", "/bin/true" }, 64, "--bind takes an absolute path" },
	{ { "--bind", "/proc/self", "--", "/bin/true" }, 64, "--bind under /proc" },
	{ { "--rootfs", "/nonexistent/rootfs", "--", "/bin/true" }, 125,
	  "rootfs /nonexistent/rootfs: No such file or directory" },
	{ { "--ns", "uts", "--veth", "--", "/bin/true" }, 125,
	  "a veth needs a network namespace" },
	{ { "--memory", "64M", "--", "/nonexistent/cmd" }, 127,
	  "exec /nonexistent/cmd: No such file or directory" },
	{ { "--", "/proc/self/status" }, 126, "exec /proc/self/status: Permission denied" },
	{ { "--join", "2147483647", "--", "/bin/true" }, 125, "--join 2147483647: no such process" },
	{ { "--ns", "uts" }, 64, "no command given" },
	{ { "--pids-max", "0", "--", "/bin/true" }, 64, "--pids-max: '0' is not a number from 1" },
	{ { "--cpus", "1.5x", "--", "/bin/true" }, 64, "'1.5x' is not a number of CPUs" },
	{ { "--cpus", "0.001", "--", "/bin/true" }, 64, "less than the 1 ms" },
	{ { "--cpu-weight", "10001", "--", "/bin/true" }, 64, "from 1 to 10000" },
	{ { "--cpuset", "a", "--", "/bin/true" }, 64, "'a' is not a CPU list" },
	{ { "--io-wbps", "/etc/passwd:1M", "--", "/bin/true" }, 64, "is not a block device" },
	{ { "--io-wbps", "8:0:1Q", "--", "/bin/true" }, 64, "'1Q' is not a size" },
	/* the kernel refuses it: the message names the controller and the layout */
	{ { "--cpuset", "4095", "--", "/bin/true" }, 125, "cpuset (cgroup v" },
	{ { "--layer", "relative", "--", "/bin/true" }, 64, "--layer takes an absolute path" },
	{ { "--net-from", "x", "--", "/bin/true" }, 64, "--net-from wants a pid" },
	{ { "--time-offset", "realtime=5", "--", "/bin/true" }, 64,
	  "time offset `realtime=5': want monotonic=SECONDS or boottime=SECONDS" },
	{ { "--address", "1.2.3.4", "--", "/bin/true" }, 125,
	  "address `1.2.3.4': want ADDRESS/PREFIX" },
	{ { "--ns", "net", "--net-from", "1", "--", "/bin/true" }, 125,
	  "--net-from shares a network namespace: no new one (--ns without net)" },
	{ { "--net-from", "2147483647", "--", "/bin/true" }, 125,
	  "--net-from 2147483647: open /proc/2147483647/ns/net: No such file or directory" },
	{ { "--layer", "/nonexistent/layer", "--", "/bin/true" }, 125, "mount overlay" },
};

static void test_bad_inputs(void)
{
	int before = our_groups();

	for (size_t i = 0; i < sizeof(bad_inputs) / sizeof(bad_inputs[0]); i++) {
		struct outcome o;

		run_exec((char *const *)bad_inputs[i].args, &o);
		CU_ASSERT_EQUAL(o.status, bad_inputs[i].status);
		CU_ASSERT_PTR_NOT_NULL(strstr(o.err, bad_inputs[i].message));
		CU_ASSERT_STRING_EQUAL(o.out, "");
		if (o.status != bad_inputs[i].status || !strstr(o.err, bad_inputs[i].message))
			fprintf(stderr, "\n  case %zu: status %d, stderr: %s", i, o.status, o.err);
	}
	CU_ASSERT_EQUAL(our_groups(), before);
}

/* A target that exits before the join: ESRCH as a clear one-liner. */
static void test_join_exited(void)
{
	char pidtext[16];
	char *args[] = { "--join", pidtext, "--", "/bin/true", NULL };
	struct outcome o;
	pid_t pid = fork();

	if (pid == 0)
		_exit(0);
	waitpid(pid, NULL, 0);
	snprintf(pidtext, sizeof(pidtext), "%d", (int)pid);
	run_exec(args, &o);
	CU_ASSERT_EQUAL(o.status, 125);
	CU_ASSERT_PTR_NOT_NULL(strstr(o.err, "no such process"));
}

/*
 * A target in a UTS namespace of its own named inside-ctr, as `uid`; it
 * says it is ready on a pipe and lives until killed.
 */
static pid_t start_target(uid_t uid)
{
	int ready[2];
	char c = 0;
	pid_t pid;

	CU_ASSERT_FATAL(pipe2(ready, O_CLOEXEC) == 0);
	pid = fork();
	if (pid == 0) {
		if (unshare(CLONE_NEWUTS) < 0 || sethostname("inside-ctr", 10) < 0 ||
		    (uid && (setresgid(uid, uid, uid) < 0 || setresuid(uid, uid, uid) < 0)) ||
		    write(ready[1], "r", 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	close(ready[1]);
	CU_ASSERT(read(ready[0], &c, 1) == 1 && c == 'r');
	close(ready[0]);
	return pid;
}

/*
 * --join never runs CMD in fewer namespaces than the target differs in:
 * where a namespace of the target cannot be read (nobody against a root
 * container; root without CAP_SYS_PTRACE against another uid's) it is exit
 * 125 naming the namespace and why, and CMD does not run.  Root with the
 * privilege joins and sees the container's name.
 */
static void test_join_unreadable(void)
{
	static const struct {
		enum runner_as as;
		uid_t target_uid;
		int status;
		const char *out, *err;
	} cases[] = {
		{ AS_CALLER, 0, 0, "inside-ctr\n", "" },
		{ AS_NOBODY, 0, 125, "", "namespace differs from ours: stat /proc/" },
		{ AS_ROOT_NO_PTRACE, 65534, 125, "", "namespace differs from ours: stat /proc/" },
	};
	char pidtext[16];
	char *args[] = { "--join", pidtext, "--", "/bin/cat", "/proc/sys/kernel/hostname", NULL };
	struct outcome o;

	if (geteuid() != 0)
		return;	/* the targets need CAP_SYS_ADMIN for their UTS namespace */
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		pid_t target = start_target(cases[i].target_uid);

		snprintf(pidtext, sizeof(pidtext), "%d", (int)target);
		run_exec_as(cases[i].as, args, &o);
		CU_ASSERT_EQUAL(o.status, cases[i].status);
		CU_ASSERT_STRING_EQUAL(o.out, cases[i].out);
		CU_ASSERT_PTR_NOT_NULL(strstr(o.err, cases[i].err));
		CU_ASSERT(cases[i].status == 0 || strstr(o.err, "Permission denied"));
		if (o.status != cases[i].status)
			fprintf(stderr, "\n  join case %zu: status %d, stderr: %s", i, o.status, o.err);
		kill(target, SIGKILL);
		waitpid(target, NULL, 0);
	}
}

/*
 * A container killed by its memory limit says so on one line, naming its
 * group and the limit (137 alone does not tell it from another SIGKILL);
 * a plain SIGKILL says nothing of the kind.
 */
static void test_oom_named(void)
{
	char *oom[] = { "--memory", "16M", "--", "/bin/sh", "-c",
			"exec dd if=/dev/zero of=/dev/null bs=64M count=1", NULL };
	char *killed[] = { "--memory", "16M", "--ns", "uts,ipc", "--", "/bin/sh", "-c",
			   "kill -9 $$", NULL };
	struct outcome o;
	const char *nl;

	if (geteuid() != 0)
		return;	/* memory groups need root */
	run_exec(oom, &o);
	CU_ASSERT_EQUAL(o.status, 137);
	CU_ASSERT_PTR_NOT_NULL(strstr(o.err, "nsharness exec: the container was OOM-killed: "
				      "cgroup /"));
	CU_ASSERT_PTR_NOT_NULL(strstr(o.err, "reached its memory limit (16777216 bytes)\n"));
	nl = strchr(o.err, '\n');
	CU_ASSERT(nl && nl[1] == '\0');	/* one line */
	run_exec(killed, &o);
	CU_ASSERT_EQUAL(o.status, 137);
	CU_ASSERT_PTR_NULL(strstr(o.err, "OOM"));
}

/* The command's own status and a signal's 128+N come through. */
static void test_status_passthrough(void)
{
	char *exit7[] = { "--", "/bin/sh", "-c", "exit 7", NULL };
	/* not as pid 1 of a pid namespace: init ignores its own SIGKILL */
	char *killed[] = { "--ns", "uts,ipc", "--", "/bin/sh", "-c", "kill -9 $$", NULL };
	struct outcome o;

	run_exec(exit7, &o);
	CU_ASSERT_EQUAL(o.status, 7);
	run_exec(killed, &o);
	CU_ASSERT_EQUAL(o.status, 128 + SIGKILL);
}

/* The limits reach the container: one CPU seen, a fork refused. */
static void test_limits_reach(void)
{
	char cpu[16], *one_cpu[] = { "--cpuset", cpu, "--no-rootfs", "--", "/usr/bin/nproc", NULL };
	char *one_task[] = { "--pids-max", "1", "--", "/bin/sh", "-c", "/bin/true", NULL };
	struct outcome o;
	cpu_set_t set;

	if (geteuid() != 0 || sched_getaffinity(0, sizeof(set), &set) < 0) {
		CU_PASS("skipped: needs root to make cgroups");
		return;
	}
	for (int i = 0; i < CPU_SETSIZE; i++)
		if (CPU_ISSET(i, &set))
			snprintf(cpu, sizeof(cpu), "%d", i);
	run_exec(one_cpu, &o);
	CU_ASSERT_EQUAL(o.status, 0);
	CU_ASSERT_STRING_EQUAL(o.out, "1\n");
	run_exec(one_task, &o);
	CU_ASSERT_NOT_EQUAL(o.status, 0);	/* sh is the one task: its fork fails */
	CU_ASSERT_PTR_NOT_NULL(strstr(o.err, "fork"));
}

/*
 * The groups are made and joined in parallel with the container's setup
 * (the companion on hybrid by clone3, the v1 groups by the child itself):
 * the command must still start in all of them.  Without a cgroup namespace
 * its /proc/self/cgroup names them from its first instruction on.
 */
static void test_starts_in_its_groups(void)
{
	char *cat[] = { "--ns", "pid,mnt", "--memory", "32M", "--pids-max", "64", "--",
			"/bin/cat", "/proc/self/cgroup", NULL };
	const char *memory, *v2;
	struct cg_layout l;
	struct nsp_err e;
	struct outcome o;

	if (geteuid() != 0) {
		CU_PASS("skipped: needs root to make cgroups");
		return;
	}
	CU_ASSERT_EQUAL_FATAL(cg_layout_detect(&l, &e), 0);
	run_exec(cat, &o);
	CU_ASSERT_EQUAL_FATAL(o.status, 0);
	memory = strstr(o.out, ":memory:");	/* v1 and hybrid */
	v2 = strstr(o.out, "0::");		/* memory there, or the companion */
	if (memory)
		CU_ASSERT_EQUAL(strncmp(memory, ":memory:/" "nsprobe-", 17), 0);
	if (!memory || l.v2_root[0])
		CU_ASSERT(v2 && strncmp(v2, "0::/nsprobe-", 12) == 0);
	if (strstr(o.out, ":pids:"))
		CU_ASSERT_EQUAL(strncmp(strstr(o.out, ":pids:"), ":pids:/nsprobe-", 15), 0);
}

/*
 * The fresh /tmp comes before the binds: a command in a directory under
 * /tmp runs (its directory is bound) and --bind of such a directory shows
 * its files, where both used to be hidden by the container's /tmp.
 */
static void test_binds_under_tmp(void)
{
	char dir[] = "/tmp/nsp-exec-XXXXXX", prog[64];
	char *run[] = { "--", prog, NULL };
	char *list[] = { "--bind", dir, "--", "/bin/ls", dir, NULL };
	struct outcome o;
	FILE *f;

	if (geteuid() != 0) {
		CU_PASS("skipped: needs root for the mount namespace");
		return;
	}
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	snprintf(prog, sizeof(prog), "%s/hello", dir);
	f = fopen(prog, "we");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs("#!/bin/sh\necho hello from /tmp\n", f);
	fclose(f);
	chmod(prog, 0755);
	run_exec(run, &o);
	CU_ASSERT_EQUAL(o.status, 0);
	CU_ASSERT_STRING_EQUAL(o.out, "hello from /tmp\n");
	run_exec(list, &o);
	CU_ASSERT_EQUAL(o.status, 0);
	CU_ASSERT_STRING_EQUAL(o.out, "hello\n");
	unlink(prog);
	rmdir(dir);
}

/* A user namespace without a pid namespace of its own may not mount a
 * fresh proc (EPERM): the container gets the /proc of its pid namespace. */
static void test_userns_without_pidns(void)
{
	char *args[] = { "--ns", "mnt,uts,ipc,net,cgroup,user", "--", "/bin/sh", "-c",
			 "test -r /proc/self/status && echo proc", NULL };
	struct outcome o;

	run_exec(args, &o);
	CU_ASSERT_EQUAL(o.status, 0);
	CU_ASSERT_STRING_EQUAL(o.out, "proc\n");
}

static const struct selftest_case cases[] = {
	{ "a user namespace without a pid namespace gets a /proc", test_userns_without_pidns },
	{ "binds under /tmp are not hidden by the container's /tmp", test_binds_under_tmp },
	{ "the command starts in its groups", test_starts_in_its_groups },
	{ "--cpuset and --pids-max reach the container", test_limits_reach },
	{ "bad input: one line, documented status, nothing left", test_bad_inputs },
	{ "--join of a process that exited", test_join_exited },
	{ "an OOM kill by the limit is named on one line", test_oom_named },
	{ "--join never joins fewer namespaces than differ (root, nobody)", test_join_unreadable },
	{ "exit status and 128+signal pass through", test_status_passthrough },
	{ NULL, NULL },
};

SELFTEST_SUITE(exec_cli_suite, "nsharness exec CLI", cases)
