// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nsharness exec — run CMD in a new minimal container built by the runtime
 * core, or with --join in an existing process's namespaces, and exit with
 * CMD's status (128+N when a signal N killed it).
 *
 * Exit status when CMD did not run: 64 bad command line, 125 the container
 * could not be set up (the message names the step and errno), 126 CMD
 * cannot be executed, 127 CMD not found.
 */
#include "runner/exec.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "runtime/child.h"
#include "lib/file.h"
#include "runtime/launch.h"
#include "lib/needs.h"
#include "lib/nsfile.h"

#define EXIT_USAGE 64
#define MAX_BINDS 32
#define MAX_LIMITS 8
#define CPU_PERIOD_US 100000LL	/* --cpus F: F x this per this */

struct exec_opts {
	struct core_spec spec;
	const char *binds[MAX_BINDS + 2];
	int nbinds;
	struct cg_limit limits[MAX_LIMITS];
	char io_dev[16];
	const char **layers;	/* argc + 1 slots: never more than given */
	int nlayers;
	pid_t join;
	bool ns_given;
	char cmd_dir[PATH_MAX];
};

static void exec_usage(FILE *f)
{
	fputs("usage: nsharness exec [--ns LIST|all] [--rootfs DIR|--no-rootfs]\n"
	      "                      [--bind PATH]... [--hostname H] [--domainname D]\n"
	      "                      [--memory SIZE] [--pids-max N] [--cpus F]\n"
	      "                      [--cpu-weight W] [--cpuset LIST] [--io-wbps DEV:BYTES]\n"
	      "                      [--veth] [--links-up] [--propagation P] [--layer DIR]...\n"
	      "                      [--bridge NAME] [--address A/P] [--net-from PID]\n"
	      "                      [--time-offset CLOCK=S]... -- CMD [ARG...]\n"
	      "       nsharness exec --join PID [--ns LIST|all] -- CMD [ARG...]\n"
	      "\n"
	      "  --ns LIST        namespaces: mnt,uts,ipc,pid,net,cgroup,user,time or all\n"
	      "                   (default: mnt,uts,ipc,pid,net,cgroup; plus user when\n"
	      "                   not root, with the caller mapped to root inside)\n"
	      "  --rootfs DIR     pivot_root into DIR (default: a minimal tmpfs rootfs\n"
	      "                   with /usr, /lib*, /etc and CMD's directory read-only)\n"
	      "  --no-rootfs      keep the caller's root (mount namespace only)\n"
	      "  --bind PATH      also bind PATH read-only into the minimal rootfs\n"
	      "  --memory SIZE    memory cgroup limit, e.g. 64M (v1, v2 or hybrid)\n"
	      "  --pids-max N     at most N tasks in the container's group (pids.max)\n"
	      "  --cpus F         CFS quota of F CPUs, e.g. 0.5 (cpu.max, cfs_quota_us)\n"
	      "  --cpu-weight W   CPU weight 1..10000, 100 the default (cpu.weight;\n"
	      "                   cpu.shares W x 1024 / 100 on v1)\n"
	      "  --cpuset LIST    the CPUs it may run on, e.g. 0-1 (cpuset.cpus)\n"
	      "  --io-wbps DEV:BYTES  write limit in bytes/s on a block device, e.g.\n"
	      "                   /dev/sda:10M or 8:0:10M (io.max wbps, v1 blkio)\n"
	      "  --veth           veth pair, eth0 inside; --links-up brings lo/eth0 up\n"
	      "  --propagation P  private (default), shared, slave or unbindable\n"
	      "  --layer DIR      a layered rootfs: overlayfs of the DIRs, lowest first\n"
	      "                   (repeat it); writes go to a tmpfs of the container\n"
	      "  --bridge NAME    the veth's outside end joins bridge NAME (made when\n"
	      "                   missing, removed by the last container out); --veth\n"
	      "  --address A/P    this address on eth0 inside (198.18.42.2/24); --veth\n"
	      "  --net-from PID   share the network namespace of PID (docker run --net\n"
	      "                   container:ID); the other namespaces are new\n"
	      "  --time-offset CLOCK=S  a time namespace whose monotonic or boottime\n"
	      "                   clock is S seconds ahead (repeat for both)\n"
	      "  --join PID       run CMD in the namespaces of PID (all it has by\n"
	      "                   default; with --ns, only those)\n"
	      "\n"
	      "Exit: CMD's status (128+N if killed by signal N); 64 usage, 125 setup\n"
	      "failed, 126 CMD not executable, 127 CMD not found.\n", f);
}

static int bad(const char *what, const struct nsp_err *e)
{
	fprintf(stderr, "nsharness exec: %s%s%s\n", what, e ? ": " : "", e ? e->msg : "");
	return -1;
}

static int add_limit(struct exec_opts *x, enum cg_item it, long long v, const char *text)
{
	if (x->spec.cgroup_nlimits == MAX_LIMITS)
		return bad("too many cgroup limits", NULL);
	x->limits[x->spec.cgroup_nlimits++] = (struct cg_limit){ it, v, NULL, text };
	x->spec.cgroup_limits = x->limits;
	return 0;
}

/* --pids-max, --cpus, --cpu-weight, --cpuset, --io-wbps */
static int parse_limit(int o, const char *arg, struct exec_opts *x)
{
	struct nsp_err e;
	long long v;

	switch (o) {
	case 'P':
		return core_parse_count(arg, 1, INT_MAX, &v, &e) < 0 ? bad("--pids-max", &e) :
		       add_limit(x, CG_PIDS_MAX, v, NULL);
	case 'C':
		return core_parse_cpus(arg, CPU_PERIOD_US, &v, &e) < 0 ? bad("--cpus", &e) :
		       add_limit(x, CG_CPU_MAX_PERIOD, CPU_PERIOD_US, NULL) < 0 ? -1 :
		       add_limit(x, CG_CPU_MAX_QUOTA, v, NULL);
	case 'W':
		return core_parse_count(arg, 1, 10000, &v, &e) < 0 ? bad("--cpu-weight", &e) :
		       add_limit(x, CG_CPU_WEIGHT, v, NULL);
	case 'S':
		return core_parse_cpulist(arg, &e) < 0 ? bad("--cpuset", &e) :
		       add_limit(x, CG_CPUSET_CPUS, 0, arg);
	case 'I':
		if (core_parse_iolimit(arg, x->io_dev, sizeof(x->io_dev), &v, &e) < 0)
			return bad("--io-wbps", &e);
		if (add_limit(x, CG_IO_MAX_WBPS, v, NULL) < 0)
			return -1;
		x->limits[x->spec.cgroup_nlimits - 1].dev = x->io_dev;
		return 0;
	default:
		return -1;
	}
}

static int parse_addition(int o, const char *arg, struct exec_opts *x);

/* A pid option's value: -1 with the usage message when it is none. */
static int parse_pid(const char *arg, const char *what, pid_t *pid)
{
	long v;

	if (nsp_parse_long(arg, 1, INT_MAX, &v) < 0)
		return bad(what, NULL);
	*pid = (pid_t)v;
	return 0;
}

/* The options that only keep their argument or set a flag: whether o is one. */
static bool keep_plain(int o, const char *arg, struct core_spec *s)
{
	switch (o) {
	case 'R': s->rootfs = CORE_ROOTFS_NONE; break;
	case 'H': s->hostname = arg; break;
	case 'D': s->domainname = arg; break;
	case 'v': s->veth = true; break;
	case 'u': s->links_up = true; break;
	default: return false;
	}
	return true;
}

static int parse_option(int o, const char *arg, struct exec_opts *x)
{
	struct nsp_err e;

	if (keep_plain(o, arg, &x->spec))
		return 0;
	switch (o) {
	case 'n':
		x->ns_given = true;
		return core_parse_namespaces(arg, &x->spec.namespaces, &e) < 0 ? bad("--ns", &e) : 0;
	case 'r':
		x->spec.rootfs = CORE_ROOTFS_DIR;
		x->spec.rootfs_dir = arg;
		return 0;
	case 'b':
		if (x->nbinds == MAX_BINDS || arg[0] != '/')
			return bad("--bind takes an absolute path (at most 32)", NULL);
		if (strncmp(arg, "/proc", 5) == 0 && (arg[5] == '/' || !arg[5]))
			return bad("--bind under /proc: the container has a /proc of its own", NULL);
		x->binds[x->nbinds++] = arg;
		return 0;
	case 'm':
		if (core_parse_size(arg, &x->spec.memory_limit, &e) < 0)
			return bad("--memory", &e);
		if (x->spec.memory_limit < CORE_MEMORY_MIN) {
			nsp_err_set(&e, ERANGE, "%s is below %d bytes (1M), the smallest limit "
				    "that works: the container's setup runs in its group", arg,
				    CORE_MEMORY_MIN);
			return bad("--memory", &e);
		}
		return 0;
	case 'p':
		return core_parse_propagation(arg, &x->spec.propagation, &e) < 0 ?
			bad("--propagation", &e) : 0;
	case 'j':
		return parse_pid(arg, "--join wants a pid", &x->join);
	default:
		return parse_addition(o, arg, x);
	}
}

/* The options of the layered rootfs, bridge, --net-from and time offsets. */
static int parse_addition(int o, const char *arg, struct exec_opts *x)
{
	struct nsp_err e;

	switch (o) {
	case 'L':
		if (arg[0] != '/')
			return bad("--layer takes an absolute path", NULL);
		x->layers[x->nlayers++] = arg;
		x->spec.rootfs = CORE_ROOTFS_LAYERS;
		return 0;
	case 'B':
		x->spec.bridge = arg;
		x->spec.veth = true;
		return 0;
	case 'A':
		x->spec.address = arg;
		x->spec.veth = true;
		return 0;
	case 'N':
		return parse_pid(arg, "--net-from wants a pid", &x->spec.net_from);
	case 'T':
		return core_parse_time_offset(arg, &x->spec.time, &e) < 0 ?
			bad("--time-offset", &e) : 0;
	default:
		return parse_limit(o, arg, x);
	}
}

static int parse(int argc, char **argv, struct exec_opts *x)
{
	static const struct option opts[] = {
		{ "ns", required_argument, NULL, 'n' },
		{ "rootfs", required_argument, NULL, 'r' },
		{ "no-rootfs", no_argument, NULL, 'R' },
		{ "bind", required_argument, NULL, 'b' },
		{ "hostname", required_argument, NULL, 'H' },
		{ "domainname", required_argument, NULL, 'D' },
		{ "memory", required_argument, NULL, 'm' },
		{ "pids-max", required_argument, NULL, 'P' },
		{ "cpus", required_argument, NULL, 'C' },
		{ "cpu-weight", required_argument, NULL, 'W' },
		{ "cpuset", required_argument, NULL, 'S' },
		{ "io-wbps", required_argument, NULL, 'I' },
		{ "veth", no_argument, NULL, 'v' },
		{ "links-up", no_argument, NULL, 'u' },
		{ "propagation", required_argument, NULL, 'p' },
		{ "join", required_argument, NULL, 'j' },
		{ "layer", required_argument, NULL, 'L' },
		{ "bridge", required_argument, NULL, 'B' },
		{ "address", required_argument, NULL, 'A' },
		{ "net-from", required_argument, NULL, 'N' },
		{ "time-offset", required_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int o;

	x->spec.rootfs = CORE_ROOTFS_MINIMAL;
	x->layers = calloc((size_t)argc + 1, sizeof(*x->layers));
	if (!x->layers)
		return bad("out of memory", NULL);
	x->spec.layers = x->layers;
	while ((o = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		if (o == 'h') {
			exec_usage(stdout);
			exit(0);
		}
		if (parse_option(o, optarg, x) < 0)
			return -1;
	}
	if (optind >= argc)
		return bad("no command given (put it after --)", NULL);
	x->spec.argv = argv + optind;
	return 0;
}

/* Defaults that depend on who we are and what was asked. */
static void complete_spec(struct exec_opts *x)
{
	char why[128];
	struct core_spec *s = &x->spec;

	if (!x->ns_given) {
		s->namespaces = CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWPID |
				CLONE_NEWNET | CLONE_NEWCGROUP;
		if (!need_sys_admin(why, sizeof(why)))
			s->namespaces |= CLONE_NEWUSER;
		/* the shared one instead of a new one; offsets want their own */
		if (s->net_from)
			s->namespaces &= ~CLONE_NEWNET;
		if (s->time.set)
			s->namespaces |= CLONE_NEWTIME;
	}
	if (s->namespaces & CLONE_NEWUSER)
		s->map_root = true;
	if (!(s->namespaces & CLONE_NEWNS))
		s->rootfs = CORE_ROOTFS_NONE;
	/* CMD given by path: make its directory visible inside (a layered
	 * rootfs brings its own commands) */
	if (s->rootfs == CORE_ROOTFS_MINIMAL && strchr(s->argv[0], '/') &&
	    realpath(s->argv[0], x->cmd_dir)) {
		*strrchr(x->cmd_dir, '/') = '\0';
		/* /usr is there already; the container's /proc is its own */
		if (x->cmd_dir[0] && strncmp(x->cmd_dir, "/usr/", 5) != 0 &&
		    strncmp(x->cmd_dir, "/proc/", 6) != 0 && strcmp(x->cmd_dir, "/proc") != 0)
			x->binds[x->nbinds++] = x->cmd_dir;
	}
	s->binds = x->binds;
}

static int status_to_exit(int status)
{
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* Wait for the container, or for a signal telling us to end it. */
static int supervise(struct core_container *c, struct nsp_err *e)
{
	sigset_t set;
	int sfd, status;
	struct signalfd_siginfo si;

	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, NULL);
	sfd = signalfd(-1, &set, SFD_CLOEXEC);
	if (sfd < 0)
		return nsp_err_sys(e, "signalfd");
	for (;;) {
		if (waitpid(c->pid, &status, WNOHANG) == c->pid) {
			c->reaped = true;
			c->status = status;
			close(sfd);
			return status_to_exit(status);
		}
		if (read(sfd, &si, sizeof(si)) != sizeof(si) || si.ssi_signo == SIGCHLD)
			continue;
		close(sfd);
		return 128 + (int)si.ssi_signo;	/* destroy kills what is left */
	}
}

/* The container died by its memory limit: one line saying so (137 alone
 * does not tell an OOM kill from any other SIGKILL). */
static void say_oom_killed(const struct core_container *c, const struct core_spec *s)
{
	char limit[32] = "its memory limit";

	if (s->memory_limit > 0)
		snprintf(limit, sizeof(limit), "%lld bytes", s->memory_limit);
	fprintf(stderr, "nsharness exec: the container was OOM-killed: cgroup %s reached "
		"its memory limit (%s)\n", c->cg.dir, limit);
}

static int run_new(struct exec_opts *x)
{
	struct core_container c = CORE_CONTAINER_INIT;
	struct nsp_err e;
	char buf[NSP_ERR_MSG_MAX + 64];
	struct core_stale stale;
	int rc;

	complete_spec(x);
	if (core_launch(&x->spec, &c, &e) < 0) {
		fprintf(stderr, "nsharness exec: %s\n", nsp_err_str(&e, buf, sizeof(buf)));
		if (c.failure == CORE_FAIL_EXEC)
			return e.errnum == ENOENT ? CORE_EXIT_NOTFOUND : CORE_EXIT_NOEXEC;
		return CORE_EXIT_SETUP;
	}
	/* only a run that makes a group pays for scanning the hierarchies,
	 * and while its command runs: our group's name is our own anyway */
	if (x->spec.memory_limit > 0 || x->spec.cgroup_nlimits)
		core_cgroup_clean_stale(&stale, &e);
	rc = supervise(&c, &e);
	if (rc < 0)
		fprintf(stderr, "nsharness exec: %s\n", nsp_err_str(&e, buf, sizeof(buf)));
	else if (c.reaped && WIFSIGNALED(c.status) && WTERMSIG(c.status) == SIGKILL &&
		 c.has_cgroup && core_cgroup_oom_killed(&c.cg))
		say_oom_killed(&c, &x->spec);
	if (core_destroy(&c, &e) < 0) {
		fprintf(stderr, "nsharness exec: teardown: %s\n", nsp_err_str(&e, buf, sizeof(buf)));
		rc = rc < 0 ? CORE_EXIT_SETUP : rc;
	}
	return rc < 0 ? CORE_EXIT_SETUP : rc;
}

/*
 * Every namespace type the target has that differs from ours, into *flags.
 * A type whose identity cannot be read is an error naming it: skipping it
 * would run CMD in our namespace of that type, outside what was asked.
 * Only a type the kernel lacks (no file of ours either) is left out.
 */
static int differing_namespaces(pid_t target, int *flags, struct nsp_err *e)
{
	*flags = 0;
	for (size_t i = 0; i < NS_NTYPES; i++) {
		const struct ns_type *t = ns_type_at(i);
		struct ns_ident theirs, ours;

		if (ns_ident_of(0, t->name, &ours, e) < 0) {
			if (e->errnum == ENOENT)
				continue;
			return nsp_err_wrap(e, "our own %s namespace", t->name);
		}
		if (ns_ident_of(target, t->name, &theirs, e) < 0)
			return nsp_err_wrap(e, "--join %d: cannot tell whether its %s namespace "
					    "differs from ours", (int)target, t->name);
		if (!ns_ident_eq(&theirs, &ours))
			*flags |= t->flag;
	}
	return 0;
}

static int run_join(struct exec_opts *x)
{
	char buf[NSP_ERR_MSG_MAX + 64];
	int ns = x->spec.namespaces;
	struct nsp_err e;
	int status;

	if (kill(x->join, 0) < 0 && errno == ESRCH) {
		fprintf(stderr, "nsharness exec: --join %d: no such process\n", (int)x->join);
		return CORE_EXIT_SETUP;
	}
	if (!x->ns_given && differing_namespaces(x->join, &ns, &e) < 0) {
		fprintf(stderr, "nsharness exec: %s\n", nsp_err_str(&e, buf, sizeof(buf)));
		return CORE_EXIT_SETUP;
	}
	if (core_join_exec(x->join, ns, x->spec.argv, &status, &e) < 0) {
		fprintf(stderr, "nsharness exec: %s\n", nsp_err_str(&e, buf, sizeof(buf)));
		return e.errnum == ENOENT ? CORE_EXIT_NOTFOUND :
		       e.errnum == EACCES ? CORE_EXIT_NOEXEC : CORE_EXIT_SETUP;
	}
	return status_to_exit(status);
}

int exec_main(int argc, char **argv)
{
	struct exec_opts x = { 0 };
	int rc;

	if (parse(argc, argv, &x) < 0) {
		fputs("Try 'nsharness exec --help' for more information.\n", stderr);
		free(x.layers);
		return EXIT_USAGE;
	}
	rc = x.join ? run_join(&x) : run_new(&x);
	free(x.layers);
	return rc;
}
